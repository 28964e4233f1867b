"""Wire copies of one story (AP, Reuters, AFP reprinted by many outlets) marked as one origin.

Each article becomes the set of its word 5-grams (hashed), Spark ML's ``MinHashLSH`` finds the
pairs whose Jaccard similarity is at least the threshold (``[batch]`` in ``data/settings.toml``),
and every copy points at the earliest published article it matches (ties: the smaller content
hash), so that counts of who reported a claim can count the story once. Articles stored by an
earlier run take part too: a new reprint of an old story points at the old origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import load_settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# Hashed shingle space: 2^20 buckets keep collisions rare for articles of a few thousand words.
_FEATURES = 1 << 20
_SEED = 20241130  # fixed, so that a re-run finds the same pairs


@dataclass(frozen=True)
class SyndicationSettings:
    threshold: float
    shingle_words: int
    tables: int
    min_words: int

    @classmethod
    def defaults(cls) -> "SyndicationSettings":
        batch = load_settings()["batch"]
        return cls(threshold=float(batch["syndication_threshold"]), shingle_words=int(batch["shingle_words"]),
                   tables=int(batch["minhash_tables"]), min_words=int(batch["syndication_min_words"]))


def find_origins(new: "DataFrame", stored: "DataFrame | None", settings: SyndicationSettings | None = None) -> "DataFrame":
    """``(content_hash, origin_hash)`` for every article of ``new`` that copies another article.

    ``new`` and ``stored`` have ``content_hash``, ``text`` and ``published_date`` (``stored`` also
    ``origin_hash``, its own link from an earlier run). Origins themselves get no row.
    """
    from pyspark.ml import Pipeline
    from pyspark.ml.feature import HashingTF, MinHashLSH, NGram, RegexTokenizer
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    settings = settings or SyndicationSettings.defaults()
    columns = ["content_hash", "text", "published_date"]
    pool = new.select(*columns, F.lit(None).cast("string").alias("origin_hash"))
    if stored is not None:
        pool = pool.unionByName(stored.select(*columns, "origin_hash")).dropDuplicates(["content_hash"])
    features = Pipeline(stages=[
        RegexTokenizer(inputCol="text", outputCol="words", pattern=r"\w+", gaps=False, toLowercase=True),
        NGram(n=settings.shingle_words, inputCol="words", outputCol="shingles"),
        HashingTF(inputCol="shingles", outputCol="features", numFeatures=_FEATURES, binary=True),
    ])
    model = features.fit(pool)
    # MinHash needs at least one shingle; short notices are not wire stories worth linking anyway.
    min_words = max(settings.min_words, settings.shingle_words)
    vectors = (model.transform(pool).where(F.size("words") >= min_words)
               .select("content_hash", "published_date", "origin_hash", "features"))
    lsh = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=settings.tables, seed=_SEED).fit(vectors)
    new_vectors = vectors.join(new.select("content_hash"), "content_hash", "left_semi")
    pairs = lsh.approxSimilarityJoin(new_vectors, vectors, 1.0 - settings.threshold, distCol="distance")
    matches = (pairs.where(F.col("datasetA.content_hash") != F.col("datasetB.content_hash"))
               .select(F.col("datasetA.content_hash").alias("content_hash"),
                       F.col("datasetA.published_date").alias("own_date"),
                       F.col("datasetB.content_hash").alias("match_hash"),
                       F.col("datasetB.published_date").alias("match_date"),
                       F.col("datasetB.origin_hash").alias("match_origin")))
    # A copy's origin is the earliest of the articles it matches, when that one is earlier than itself
    # ("unknown" dates sort after every ISO date).
    earlier = matches.where(F.struct("match_date", "match_hash") < F.struct("own_date", "content_hash"))
    first = Window.partitionBy("content_hash").orderBy("match_date", "match_hash")
    links = (earlier.withColumn("rank", F.row_number().over(first)).where("rank = 1")
             .select("content_hash", F.coalesce("match_origin", "match_hash").alias("origin_hash")))
    # One more hop: a copy of a new copy points at that copy's origin, not at the copy.
    hop = links.select(F.col("content_hash").alias("via_hash"), F.col("origin_hash").alias("next_origin"))
    return (links.join(hop, links.origin_hash == hop.via_hash, "left")
            .select("content_hash", F.coalesce("next_origin", "origin_hash").alias("origin_hash")))
