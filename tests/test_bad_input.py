"""Bad input gets a clear error or a graceful result, never a traceback; a batch keeps every good article."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import saywho
from saywho.articles import check_text, decode_text


def run_cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "saywho.cli.main", *args], input=input,
                          capture_output=True, timeout=600)


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("x" * 1_000_001, "more than the limit"),
    ("\x00\x01\x02binary" * 10, "binary"),
    ("\x01\x02\x03\x04\x05\x06\x07" * 100, "binary"),
])
def test_bad_input_api_raises_input_error(text, message):
    with pytest.raises(saywho.InputError, match=message):
        check_text(text, max_chars=1_000_000)


def test_bad_input_invalid_utf8_is_reported_with_its_offset():
    with pytest.raises(saywho.InputError, match=r"not valid UTF-8 .*0x81 at offset 3"):
        decode_text(b"abc\x81\x8d\x90\x9d def")


def test_bad_input_cp1252_text_is_read():
    assert decode_text("“Quoted,” she said.".encode("cp1252")) == "“Quoted,” she said."


def test_bad_input_two_thousand_quote_marks_give_a_result():
    result = saywho.extract('"' * 2000)
    assert isinstance(result, saywho.Result)
    text = ("He said “yes. " * 300) + "Then the minister said the talks would resume on Monday, according to Reuters."
    result = saywho.extract(text)
    assert isinstance(result, saywho.Result)


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "is empty"),
    ("binary.txt", bytes(range(256)) * 20, "binary"),
    ("bad-utf8.txt", b"\x81\x8d\x90 \x9d\x81 text", "not valid UTF-8"),
])
def test_bad_input_cli_reports_clear_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    proc = run_cli("extract", str(path))
    stderr = proc.stderr.decode()
    assert proc.returncode == 1
    assert message in stderr
    assert "Traceback" not in stderr
    record = json.loads(proc.stdout)
    assert record["error"]["type"] == "InputError"


def test_bad_input_cli_five_megabyte_article(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("The minister said the plan would work. " * 130_000, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    proc = run_cli("extract", str(path))
    assert proc.returncode == 1
    assert "more than the limit" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_bad_input_batch_keeps_every_good_article(tmp_path):
    lines = [
        json.dumps({"id": "good-1", "text": "“We will win,” the minister said."}),
        "{not json",
        json.dumps({"id": "no-text", "title": "missing"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "good-2", "text": "The company said profits rose, according to Reuters."}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("extract", "--format", "jsonl", str(path))
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 1
    assert [r["id"] for r in records] == ["good-1", "line-2", "no-text", "empty", "line-5", "good-2"]
    assert [("error" in r) for r in records] == [False, True, True, True, True, False]
    assert "Traceback" not in proc.stderr.decode()
    assert proc.stderr.decode().count("Error:") == 4


def test_bad_input_missing_file_is_reported(tmp_path):
    proc = run_cli("extract", str(tmp_path / "nowhere.txt"))
    assert proc.returncode == 1
    assert "cannot read" in proc.stderr.decode()


def test_bad_input_bad_option_value_is_a_clear_error(seed_text, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(seed_text, encoding="utf-8")
    proc = run_cli("extract", "--method", "guess", str(path))
    assert proc.returncode == 1
    assert "method must be hybrid, rules, model or neural" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
