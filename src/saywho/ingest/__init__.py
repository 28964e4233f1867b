"""The ingest stage: reading articles from files (text, JSONL, HTML, WARC, RSS) into Article records."""
