"""Hostile input, on SQLite and on PostgreSQL: nothing lost, nothing damaged, no traceback.

One folder holds good articles beside every kind of bad input saywho has met (lone surrogates,
NUL characters, a line too long to hold, look-alike copies, UTF-16, BOMs, empty, binary and
truncated files, deep HTML, XXE, billion laughs, FIFOs, symlink loops, dangling links, 2,000
files). ``saywho ingest`` runs over it twice per engine; each test asserts the exit code, the
summary, the stored counts, or that no input file changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from saywho.store import Store

from .samples import STORIES, page, story_text, write_rss, write_warc

MAX_CHARS = 5000  # small, so that a line of a few megabytes is over the bound (6 x max_chars + 1 MiB)
FAIRY = "The harbour master said the old lighthouse would reopen in June, according to the town council."
BRIDGE = "Officials said the bridge was safe, the transport ministry reported on Monday."


def saywho(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "saywho.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout)


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)  # ensure_ascii: "\ud800" stays a valid JSON escape


@dataclass
class Expected:
    new: int
    duplicate: int
    failures: dict[str, str]  # the end of each failure's source -> a piece of its reason


def build_hostile_folder(folder: Path) -> Expected:
    folder.mkdir()
    nfc = "José Núñez, the mayor of Cádiz, said the port would stay open, according to local radio."
    # Good articles: six files, each one new article.
    (folder / "g1.txt").write_text(story_text(STORIES[0]), encoding="utf-8")
    (folder / "g2.html").write_text(page(STORIES[1]), encoding="utf-8")
    write_rss(folder / "g3.rss", STORIES[2:3])
    (folder / "nfc.txt").write_text(nfc, encoding="utf-8")
    (folder / "u16.txt").write_text(BRIDGE, encoding="utf-16")
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + FAIRY.encode("utf-8"))
    # Look-alike copies: each is the same article as one above, so a duplicate.
    (folder / "nfd.txt").write_text(unicodedata.normalize("NFD", nfc), encoding="utf-8")
    (folder / "spaces.txt").write_text("  " + FAIRY.replace(" the ", " \u00a0the\u200b ") + "\r\n", encoding="utf-8")
    # JSON Lines: lone surrogates fail their line only; NUL is stored as a space (text) or dropped (title).
    (folder / "lines.jsonl").write_text(jsonl(
        {"id": "surrogate-text", "text": "The minister said \ud800 the talks failed."},
        {"id": "surrogate-title", "title": "Bad \udc00 title", "text": "The union said the strike would go on."},
        {"id": "nul", "title": "Port\u0000 news", "text": "The port authority said\u0000 talks would resume."},
        {"id": "after", "text": "Farmers said the harvest was the best in a decade, the ministry reported."},
    ), encoding="utf-8")
    # A gzip whose one line is megabytes long: refused after a bounded read; the line after it still counts.
    with gzip.open(folder / "long.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "huge", "text": "word " * 800_000}) + "\n")
        handle.write(json.dumps({"id": "small", "text": "The coach said the team was ready for the final."}) + "\n")
    # Broken files.
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    cut = gzip.compress(jsonl({"id": "cut", "text": BRIDGE}).encode("utf-8"))
    (folder / "truncated.jsonl.gz").write_bytes(cut[: len(cut) - 12])
    write_warc(folder / "whole.warc.gz", STORIES[:1], gzip=True)
    warc = (folder / "whole.warc.gz").read_bytes()
    (folder / "whole.warc.gz").unlink()
    (folder / "truncated.warc.gz").write_bytes(warc[:100])
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 50_000 + "<p>Deep.</p>" + "</div>" * 50_000
                                      + "</body></html>", encoding="utf-8")
    (folder / "xxe.rss").write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0">'
        "<channel><title>X</title><item><title>t</title><link>https://x.example/1</link><description>The mayor "
        "said &xxe; the new bridge was safe, according to the city council.</description></item></channel></rss>",
        encoding="utf-8")
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    (folder / "laughs.rss").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss version="2.0"><channel><title>X'
        "</title><item><title>t</title><link>https://x.example/2</link><description>The police chief said &l9; "
        "nothing was stolen, according to reports.</description></item></channel></rss>", encoding="utf-8")
    # What cannot be walked: a FIFO, a link back up, a link to itself, a dangling link.
    os.mkfifo(folder / "pipe.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    (folder / "self").symlink_to("self")
    (folder / "gone.txt").symlink_to("missing.txt")
    (folder / "README.md").write_text("not an article", encoding="utf-8")  # skipped and listed, not a failure
    failures = {}
    if os.geteuid() != 0:  # root reads every folder: the case can only be made for other users
        (folder / "locked").mkdir()
        (folder / "locked" / "secret.txt").write_text(BRIDGE, encoding="utf-8")
        (folder / "locked").chmod(0)
        failures["locked"] = "cannot read the folder"
    # 2,000 files of one article: one new, 1,999 duplicates.
    (folder / "many").mkdir()
    for number in range(2000):
        (folder / "many" / f"{number:04}.txt").write_text("The school said lessons would start at nine.",
                                                          encoding="utf-8")
    return Expected(
        new=6 + 2 + 2 + 1 + 1,  # six files; nul and after; xxe and laughs feeds; the many folder; small line
        duplicate=2 + 1999,
        failures={
            "lines.jsonl line 1": "lone surrogate (U+D800) at offset 18",
            "lines.jsonl line 2": "title holds a lone surrogate (U+DC00)",
            "long.jsonl.gz line 1": "it was skipped unread",
            "empty.txt": "is empty",
            "binary.txt": "binary data",
            "truncated.jsonl.gz": "damaged gzip",
            "truncated.warc.gz": "cannot be read as a WARC file",
            "deep.html": "no article text",
            "pipe.txt": "not a regular file",
            "sub/up": "symbolic link back into a folder",
            "self": "symbolic link loop",
            "gone.txt": "dangling symbolic link",
            **failures,
        },
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: file contents hashed, links by target, FIFOs by kind."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                seen[str(path)] = "-> " + os.readlink(path)
            elif path.is_fifo():
                seen[str(path)] = "fifo"
            elif path.is_file():
                seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


@dataclass
class Run:
    expected: Expected
    db: str
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    unchanged: bool


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def run(request, tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "inbox"
    expected = build_hostile_folder(folder)
    db = str(base / "claims.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    before = snapshot(folder)
    args = ["ingest", str(folder), "--db", db, "--workers", "1", "--method", "rules", "--max-chars", str(MAX_CHARS)]
    first = saywho(*args, "--json")
    second = saywho(*args)
    return Run(expected, db, first, second, snapshot(folder) == before)


def test_hostile_ingest_exits_1_without_a_traceback(run):
    for done in (run.first, run.second):
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr + done.stdout


def test_hostile_ingest_accounts_for_every_input(run):
    summary = json.loads(run.first.stdout)
    reasons = {f["source"]: f["reason"] for f in summary["failures"]}
    for where, reason in run.expected.failures.items():
        [source] = [s for s in reasons if s.endswith(where)]
        assert reason in reasons[source], (where, reasons[source])
    assert len(reasons) == len(run.expected.failures), sorted(reasons)
    assert (summary["new"], summary["duplicate"], summary["failed"]) == \
        (run.expected.new, run.expected.duplicate, len(run.expected.failures))
    assert [Path(p).name for p in summary["skipped_files"]] == ["README.md"]


def test_hostile_ingest_stores_every_good_article_once(run):
    with Store(run.db, mode="read") as store:
        assert store.counts()["articles"] == run.expected.new
        nul = store.get_article("nul")
        assert nul["text"] == "The port authority said  talks would resume."  # one space for the NUL: offsets kept
        assert nul["title"] == "Port news"
        assert store.get_article("after") is not None and store.get_article("small") is not None
        bridge = store.get_article("u16")
        assert bridge["text"] == BRIDGE
        assert store.get_article("bom")["text"] == FAIRY  # the BOM is not part of the text
        for article_id in ("https://x.example/1", "https://x.example/2"):
            text = store.get_article(article_id)["text"]
            assert "root:" not in text and "lollol" not in text


def test_hostile_rerun_adds_nothing(run):
    failed = len(run.expected.failures)
    line = f"read {run.expected.new + run.expected.duplicate + failed}   new 0   " \
           f"duplicate {run.expected.new + run.expected.duplicate}   failed {failed}"
    assert line in run.second.stdout


def test_hostile_ingest_changes_no_input(run):
    assert run.unchanged


def test_hostile_symlink_loop_named_beside_good_files(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "good.txt").write_text(BRIDGE, encoding="utf-8")
    done = saywho("ingest", str(tmp_path / "loop"), str(tmp_path / "good.txt"), "--db", str(tmp_path / "c.db"),
                  "--workers", "1", "--method", "rules", "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == 1
    assert [f["reason"] for f in summary["failures"]] == [f"{tmp_path / 'loop'} is a symbolic link loop; it was not followed"]


def test_hostile_extract_reports_bad_lines_and_goes_on(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_text(jsonl({"id": "s", "text": "The minister said \ud800 the talks failed."},
                          {"id": "t", "title": "\udfff", "text": "The union said the strike would go on."},
                          {"id": "ok", "text": "The union said\u0000 the strike would go on."}), encoding="utf-8")
    done = saywho("extract", str(path), "--method", "rules")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["s", "t", "ok"]
    assert "lone surrogate" in lines[0]["error"]["message"] and "lone surrogate" in lines[1]["error"]["message"]
    said = lines[2]["attributions"][0]
    assert said["source"]["text"] == "The union" and said["cue"]["spans"] == [[10, 14]]


def test_hostile_extract_and_ingest_read_utf16_alike(tmp_path):
    (tmp_path / "u16.txt").write_text(BRIDGE, encoding="utf-16")
    done = saywho("extract", str(tmp_path / "u16.txt"), "--method", "rules")
    assert done.returncode == 0, done.stderr
    assert "Officials" in {a["source"]["text"] for a in json.loads(done.stdout)["attributions"]}


def test_hostile_extract_refuses_dev_zero_after_a_bounded_read():
    done = saywho("extract", "/dev/zero", "--method", "rules", timeout=120)
    assert done.returncode == 1 and "binary data" in done.stderr and "Traceback" not in done.stderr
