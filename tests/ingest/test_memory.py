"""Reading is bounded: a small gzip that expands to a 1 GiB line is refused without holding it.

Peak memory (RSS) is measured, not time: ``saywho ingest`` runs in a child of a small wrapper
process that reports the largest resident set of its descendants (``RUSAGE_CHILDREN``).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

GIB = 1 << 30
LIMIT_KB = 1_000_000  # 1 GB: the bound for this input (a bounded read needs a few MB)

_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(done.stdout + done.stderr)
"""


def write_one_gib_line(path: Path) -> None:
    chunk = "a" * (1 << 20)
    with gzip.open(path, "wt", encoding="ascii", compresslevel=1) as handle:
        handle.write('{"id": "huge", "text": "')
        for _ in range(GIB // len(chunk)):
            handle.write(chunk)
        handle.write('"}\n')
        handle.write(json.dumps({"id": "small", "text": "The coach said the team was ready for the final."}) + "\n")


def peak_of(*args: str) -> tuple[int, int, str]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "saywho.cli.main", *args],
                          capture_output=True, text=True, timeout=900)
    code, peak_kb = map(int, done.stdout.split())
    return code, peak_kb, done.stderr


def test_memory_ingest_of_a_one_gib_line_stays_under_one_gb(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    write_one_gib_line(path)
    assert path.stat().st_size < 8_000_000
    code, peak_kb, output = peak_of("ingest", str(path), "--db", str(tmp_path / "c.db"), "--workers", "1",
                                    "--method", "rules", "--json")
    assert code == 1, output
    summary = json.loads(output[: output.rindex("}") + 1])
    assert summary["new"] == 1  # the line after the huge one is still read
    [failure] = summary["failures"]
    assert failure["source"].endswith("bomb.jsonl.gz line 1") and "skipped unread" in failure["reason"]
    assert peak_kb < LIMIT_KB, f"ingest peaked at {peak_kb:,} KB"
