"""The Spark session a batch job runs in: local mode on loopback for ``saywho batch``, or the one
``spark-submit`` made on a cluster."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ..errors import SaywhoError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# In local mode the JVM shares the machine's cores with the Python workers that extract, and its own
# work (planning, reading, writing) is short: the JIT's quick tier alone leaves those cores to the
# workers instead of spending them compiling Spark's hot paths for peak speed it never needs here
# (docs/scale.md, thirteenth pass). A --conf spark.driver.extraJavaOptions=... of the user's replaces it.
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"

INSTALL_HINT = ("saywho batch needs PySpark and Java 17: pip install 'saywho[spark]' and a JDK 17 "
                "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless)")


def spark_session(master: str | None, *, partitions: int | None = None,
                  config: dict[str, str] | None = None) -> "SparkSession":
    """A Spark session; ``master`` ``local[N]`` binds to 127.0.0.1 only, None keeps spark-submit's."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SaywhoError(INSTALL_HINT) from exc
    # Executors run this same Python (a cluster ships its own with --archives; see docs/scale.md).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("saywho batch")
    if master is not None:
        if master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = (builder.config("spark.driver.host", "127.0.0.1")
                       .config("spark.driver.bindAddress", "127.0.0.1")
                       .config("spark.ui.enabled", "false")
                       .config("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS))
        builder = builder.master(master)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    elif master is not None and master.startswith("local"):
        # Spark's default of 200 shuffle partitions is for clusters; on one machine it is all overhead.
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * _local_cores(master)))
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    # Partition values stay strings ("2024-05-01", "unknown"), as written.
    builder = builder.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL: py4j and Spark raise their own kinds
        raise SaywhoError(f"cannot start Spark ({type(exc).__name__}: {str(exc).strip().splitlines()[0]}); "
                          f"{INSTALL_HINT}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def _local_cores(master: str) -> int:
    """N of ``local[N]``; the machine's cores for ``local[*]`` or ``local``."""
    inside = master[len("local["):-1] if master.startswith("local[") else "*"
    inside = inside.split(",")[0]
    return os.cpu_count() or 1 if inside == "*" else max(1, int(inside))
