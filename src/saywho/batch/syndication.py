"""Wire copies of one story (AP, Reuters, AFP reprinted by many outlets) marked as one origin.

Each article's set of word 5-grams gets a MinHash signature (``datasketch``), computed on the
executors as the article is read and kept in the articles table, so later runs compare new articles
with stored ones without reading their text again. Locality-sensitive hashing cuts the signature
into bands: articles that share a band are candidates, and a candidate pair is a copy when the
signatures agree on at least the threshold share of places (the estimated Jaccard similarity;
``[batch]`` in ``data/settings.toml``). Each copy points at the earliest published article it
matches (ties: the smaller content hash), so that counts of who reported a claim count the story once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..lexicon import load_settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

_WORD = re.compile(r"\w+")
_SEED = 1  # fixed, so that every run (and every executor) draws the same hash functions


@dataclass(frozen=True)
class SyndicationSettings:
    threshold: float
    shingle_words: int
    permutations: int
    bands: int
    min_words: int

    @classmethod
    def defaults(cls) -> "SyndicationSettings":
        batch = load_settings()["batch"]
        return cls(threshold=float(batch["syndication_threshold"]), shingle_words=int(batch["shingle_words"]),
                   permutations=int(batch["minhash_permutations"]), bands=int(batch["minhash_bands"]),
                   min_words=int(batch["syndication_min_words"]))


def signature(text: str, settings: SyndicationSettings) -> tuple[list[int] | None, list[int] | None]:
    """(MinHash signature, LSH band keys) of ``text``; (None, None) for a text too short to compare."""
    words = _WORD.findall(text.lower())
    if len(words) < max(settings.min_words, settings.shingle_words):
        return None, None
    n = settings.shingle_words
    shingles = {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}
    minhash = _template(settings.permutations).copy()
    minhash.update_batch(list(shingles))
    values = minhash.hashvalues
    rows = len(values) // settings.bands
    bands = [int.from_bytes(hashlib.blake2b(values[i * rows:(i + 1) * rows].tobytes(), digest_size=8,
                                            person=i.to_bytes(2, "little")).digest(), "little", signed=True)
             for i in range(settings.bands)]
    return [int(v) for v in values], bands


@lru_cache(maxsize=2)
def _template(permutations: int):
    from datasketch import MinHash

    return MinHash(num_perm=permutations, seed=_SEED)  # drawing the hash functions once per process


def find_origins(new: "DataFrame", stored: "DataFrame | None", settings: SyndicationSettings | None = None) -> "DataFrame":
    """``(content_hash, origin_hash)`` for every article of ``new`` that copies another article.

    ``new`` and ``stored`` have ``content_hash``, ``published_date``, ``minhash`` and ``bands``
    (``stored`` also ``origin_hash``, its own link from an earlier run). Origins get no row.
    """
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    settings = settings or SyndicationSettings.defaults()
    columns = ["content_hash", "published_date", "minhash", "bands"]
    pool = new.select(*columns, F.lit(None).cast("string").alias("origin_hash"))
    if stored is not None and "bands" in stored.columns:
        pool = pool.unionByName(stored.select(*columns, "origin_hash")).dropDuplicates(["content_hash"])
    pool = pool.where(F.col("bands").isNotNull())

    def keyed(frame: "DataFrame", side: str) -> "DataFrame":
        return frame.select(F.col("content_hash").alias(f"{side}_hash"),
                            F.posexplode("bands").alias("band", "key"))

    mine = keyed(new.where(F.col("bands").isNotNull()), "a")
    theirs = keyed(pool, "b")
    candidates = (mine.join(theirs, ["band", "key"]).where(F.col("a_hash") != F.col("b_hash"))
                  .select("a_hash", "b_hash").distinct())
    a = pool.select(F.col("content_hash").alias("a_hash"), F.col("published_date").alias("own_date"),
                    F.col("minhash").alias("a_sig"))
    b = pool.select(F.col("content_hash").alias("b_hash"), F.col("published_date").alias("match_date"),
                    F.col("minhash").alias("b_sig"), F.col("origin_hash").alias("match_origin"))
    agree = F.aggregate(F.zip_with("a_sig", "b_sig", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0),
                        lambda total, one: total + one)
    matches = (candidates.join(a, "a_hash").join(b, "b_hash")
               .where(agree >= F.lit(settings.threshold) * F.size("a_sig")))
    # A copy's origin is the earliest of the articles it matches, when that one is earlier than itself
    # ("unknown" dates sort after every ISO date).
    earlier = matches.where(F.struct("match_date", "b_hash") < F.struct("own_date", "a_hash"))
    first = Window.partitionBy("a_hash").orderBy("match_date", "b_hash")
    links = (earlier.withColumn("rank", F.row_number().over(first)).where("rank = 1")
             .select(F.col("a_hash").alias("content_hash"),
                     F.coalesce("match_origin", "b_hash").alias("origin_hash")))
    # One more hop: a copy of a new copy points at that copy's origin, not at the copy.
    hop = links.select(F.col("content_hash").alias("via_hash"), F.col("origin_hash").alias("next_origin"))
    return (links.join(hop, links.origin_hash == hop.via_hash, "left")
            .select("content_hash", F.coalesce("next_origin", "origin_hash").alias("origin_hash")))
