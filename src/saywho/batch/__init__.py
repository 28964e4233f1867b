"""The batch stage: saywho as a plain Spark job over news archives (``saywho batch``).

``run_batch(inputs, output)`` reads WARC, JSONL, Parquet or text inputs (local paths or Hadoop/S3
URIs), extracts with the same options as ``saywho extract``, links wire copies to their origin,
and writes Parquet tables partitioned by publication date (``saywho.tables``), which
``saywho load`` puts into the store. PySpark is imported only when a job runs
(``pip install 'saywho[spark]'``); see docs/scale.md.
"""

from __future__ import annotations

from .job import BatchSummary, run_batch
from .progress import JobProgress

__all__ = ["BatchSummary", "JobProgress", "run_batch"]
