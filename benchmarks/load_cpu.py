"""Where a bulk load's time goes: the client's CPU and the database server's, against the wall clock.

Loads the Parquet tables of a ``saywho batch`` run (``TABLES``) into a fresh PostgreSQL database
``--rounds`` times, in this process, and for each load reports the wall-clock seconds, the CPU
seconds of this process (every thread) and of every PostgreSQL process on this machine (read from
``/proc`` before and after), and articles/s. When client and server CPU add up to the wall time,
the two sides take turns; what overlaps shows as their sum exceeding it. The server must run on
this machine, and nothing else should be using it meanwhile (its processes are all counted).
Linux only (``/proc``). The claim-cluster update after a load is not run.

    python benchmarks/load_cpu.py TABLES [--rounds 4] [--batch-size N] [--server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", type=Path, help="the output folder of `saywho batch`")
    parser.add_argument("--rounds", type=int, default=4, help="loads, each into a fresh database")
    parser.add_argument("--batch-size", type=int, help="articles per transaction (saywho load's default if not given)")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    import psycopg  # noqa: F401  (imported before the first load, so that no load counts it)
    import pyarrow.parquet  # noqa: F401

    from saywho.ingest.load import load
    from saywho.store.fixtures import postgres_test_database

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("| wall | server CPU | client CPU | articles/s |\n|---|---|---|---|")
    for _ in range(args.rounds):
        with postgres_test_database(args.server) as url:
            time.sleep(_SETTLE)  # the database's creation over, its connection's process reaped
            server, client, start = server_cpu(), client_cpu(), time.perf_counter()
            summary = load(args.tables, db=url, batch_size=args.batch_size, claims=False)
            wall = time.perf_counter() - start
            client = client_cpu() - client
            time.sleep(_SETTLE)  # the load's server processes ended and reaped
            server = server_cpu_since(server)
        print(f"| {wall:.2f} s | {server:.2f} s | {client:.2f} s | {summary.rate:.0f} |", flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
