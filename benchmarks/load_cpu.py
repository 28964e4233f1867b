"""Where a bulk load's time goes: the client's CPU and the database server's, against the wall clock.

Loads the Parquet tables of a ``saywho batch`` run (``TABLES``) into a fresh PostgreSQL database
``--rounds`` times, in this process, and for each load reports the wall-clock seconds, the CPU
seconds of this process (every thread) and of every PostgreSQL process on this machine (read from
``/proc`` before and after), and articles/s. When client and server CPU add up to the wall time,
the two sides take turns; what overlaps shows as their sum exceeding it. The server must run on
this machine, and nothing else should be using it meanwhile (its processes are all counted).
Linux only (``/proc``). The claim-cluster update after a load is not run.

``--editions N --stored M``: a load into a store that holds more than a batch already, as every batch
of a large archive's load after the first is (its indexes and keys kept up to date as rows arrive,
not built after). The tables are written again as M + N synthetic editions of every article (content
hash and article id changed, nothing else), the first M loaded before the measure, untimed, and the
other N timed.

``--claims``: after each timed load, the claim-cluster update that ``saywho load`` runs after it
(``Store.update_claims``), timed the same way; the stored editions are then filed into clusters
when they are loaded, untimed, so the update compares the new articles with stored clusters as a
load into a store in use does.

    python benchmarks/load_cpu.py TABLES [--rounds 4] [--batch-size N] [--editions N --stored M] [--claims]
                                  [--server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import tempfile
import time
from pathlib import Path

# Seconds to wait before and after a load for the server's ended processes to be reaped.
_SETTLE = 0.5
_TICKS = os.sysconf("SC_CLK_TCK")  # /proc's CPU times are in clock ticks


def server_cpu() -> dict[int, float]:
    """CPU seconds of every running process named ``postgres*``, by process id: its own and that of
    its ended children (a backend that ends is counted by the postmaster that reaps it)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        if stat[stat.index("(") + 1:stat.rindex(")")].startswith("postgres"):
            fields = stat[stat.rindex(")") + 2:].split()
            found[int(entry.name)] = sum(map(int, fields[11:15])) / _TICKS  # utime, stime, cutime, cstime
    return found


def server_cpu_since(before: dict[int, float]) -> float:
    """CPU seconds the server's processes used since ``before`` (processes that ended meanwhile are
    counted through the postmaster, which reaps them)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in server_cpu().items())


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(work):
    """(``work()``'s result, its wall-clock seconds, the server's CPU seconds, this process's)."""
    server, client, start = server_cpu(), client_cpu(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - start
    client = client_cpu() - client
    time.sleep(_SETTLE)  # the server's processes that ended meanwhile reaped
    return result, wall, server_cpu_since(server), client


def write_editions(tables: Path, out: Path, editions: range) -> None:
    """The Parquet files under ``tables`` written again under ``out``, once per edition, each an
    edition of every article: its content hash (and origin hash) and article id made new."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    def rehashed(column: pa.ChunkedArray, edition: int) -> pa.Array:
        return pa.array([None if value is None else hashlib.sha256(f"{value}/{edition}".encode()).hexdigest()
                         for value in column.to_pylist()], pa.string())

    for path in sorted(tables.glob("*/*/*.parquet")):
        relative = path.relative_to(tables)
        table = pq.read_table(path)
        for edition in editions:
            copy = table
            for name in ("content_hash", "origin_hash"):
                if name in copy.column_names:
                    copy = copy.set_column(copy.schema.get_field_index(name), name, rehashed(copy[name], edition))
            # The article's id: "id" in the articles table, "article_id" in the others.
            name = "id" if relative.parts[0] == "articles" else "article_id"
            suffixed = pc.binary_join_element_wise(copy[name], pa.scalar(f"~e{edition}"), "")
            copy = copy.set_column(copy.schema.get_field_index(name), name, suffixed)
            target = out / relative.parent / f"e{edition}-{relative.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(copy, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", type=Path, help="the output folder of `saywho batch`")
    parser.add_argument("--rounds", type=int, default=4, help="loads, each into a fresh database")
    parser.add_argument("--batch-size", type=int, help="articles per transaction (saywho load's default if not given)")
    parser.add_argument("--editions", type=int, help="time a load of N synthetic editions of the tables")
    parser.add_argument("--stored", type=int, default=0, help="with --editions: M other editions loaded first, untimed")
    parser.add_argument("--claims", action="store_true", help="time the claim-cluster update after each load too")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="saywho-load-cpu-") as scratch:
        timed, stored = args.tables, None
        if args.editions:
            timed = Path(scratch) / "timed"
            write_editions(args.tables, timed, range(args.stored, args.stored + args.editions))
            if args.stored:  # without --stored the editions go into an empty store
                stored = Path(scratch) / "stored"
                write_editions(args.tables, stored, range(args.stored))
        run(args, timed, stored)


def run(args: argparse.Namespace, timed: Path, stored: Path | None) -> None:
    import psycopg  # noqa: F401  (imported before the first load, so that no load counts it)
    import pyarrow.parquet  # noqa: F401

    from saywho.ingest.load import load
    from saywho.store import Store
    from saywho.store.fixtures import postgres_test_database

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    claims = " claim update | its server CPU | its client CPU |" if args.claims else ""
    print(f"| wall | server CPU | client CPU | articles/s |{claims}\n|---|---|---|---|{'---|---|---|' if claims else ''}")
    for _ in range(args.rounds):
        with postgres_test_database(args.server) as url:
            if stored is not None:
                load(stored, db=url, batch_size=args.batch_size, claims=args.claims)
            time.sleep(_SETTLE)  # the database's creation over, its connection's process reaped
            summary, wall, server, client = measured(
                lambda: load(timed, db=url, batch_size=args.batch_size, claims=False))
            row = f"| {wall:.2f} s | {server:.2f} s | {client:.2f} s | {summary.rate:.0f} |"
            if args.claims:
                with Store(url) as store:
                    _, wall, server, client = measured(store.update_claims)
                row += f" {wall:.1f} s | {server:.1f} s | {client:.1f} s |"
        print(row, flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
