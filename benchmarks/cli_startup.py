"""How long the CLI takes to start, against `python -c "import spacy"`, measured in one run.

Times, in fresh interpreters and alternating so that machine noise hits each alike: the bare
interpreter, `import spacy`, `saywho --help`, and a query (`saywho about`) on an empty store
(created before timing starts; queries never create one). Prints the best and the median of ``--rounds`` runs of each, and
each command's best time as a ratio to `import spacy`'s (below 1: faster than loading spaCy).

    python benchmarks/cli_startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from saywho.store import Store


def commands(db: Path) -> dict[str, list[str]]:
    saywho = [sys.executable, "-m", "saywho.cli.main"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import spacy'": [sys.executable, "-c", "import spacy"],
        "saywho --help": [*saywho, "--help"],
        "saywho about Russia (empty store)": [*saywho, "about", "Russia", "--db", str(db)],
    }


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        Store(Path(folder) / "claims.db").close()
        runs = commands(Path(folder) / "claims.db")
        for argv_ in runs.values():  # warm the file cache
            timed(argv_)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, argv_ in runs.items():
                times[name].append(timed(argv_))
    spacy = min(times["python -c 'import spacy'"])
    print(f"{args.rounds} rounds, best / median wall time, ratio of best to `import spacy`")
    for name, values in times.items():
        print(f"{name:36} {min(values):6.2f} s / {statistics.median(values):6.2f} s   {min(values) / spacy:5.2f}")


if __name__ == "__main__":
    main()
