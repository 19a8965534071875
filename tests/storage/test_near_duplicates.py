"""MinHash bands: datasketch's scheme, copies found through the index, different stories kept apart."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from sqlalchemy import func, select

from benchmarks.dedup import run_dedup_benchmark
from storage import articles as article_store
from storage import near_duplicates as nd
from storage.db import session_factory
from storage.models import Article, TextBand

_VOCAB = [f"word{i}" for i in range(3000)]


def prose(seed: int, words: int = 150) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(words))


def test_permutations_are_datasketchs() -> None:
    a, b = MinHash(num_perm=nd.NUM_PERM, seed=nd.SEED, scheme="affine32").permutations
    ours_a, ours_b = nd._permutations()
    assert ours_a.dtype == ours_b.dtype == np.uint32
    assert (ours_a == a).all() and (ours_b == b).all()


def test_signatures_are_datasketch_minhash() -> None:
    shingles = nd.shingle_hashes(nd.word_hashes(nd.words(prose(1))))
    reference = MinHash(num_perm=nd.NUM_PERM, seed=nd.SEED, hashfunc=lambda v: v, scheme="affine32")
    reference.update_batch(shingles.tolist())
    assert (nd.signatures(shingles)[0] == reference.hashvalues).all()
    # The bulk path (many texts at once) gives the same bands as one text at a time.
    texts = [prose(i) for i in range(40)]
    matrix = nd.word_hashes(_VOCAB)[[[_VOCAB.index(w) for w in t.split()] for t in texts]]
    bulk = nd.signatures(nd.shingle_hashes(matrix))
    assert [nd.bands_of(row) for row in bulk] == [nd.band_keys(t) for t in texts]


def test_band_collisions_follow_similarity() -> None:
    base = prose(2).split()
    edited = list(base)
    for i in range(0, 150, 30):
        edited[i] = "changed"
    shared = len(set(nd.band_keys(" ".join(base))) & set(nd.band_keys(" ".join(edited))))
    unrelated = len(set(nd.band_keys(" ".join(base))) & set(nd.band_keys(prose(3))))
    assert shared >= 4 and unrelated == 0


def _store(db: str, url: str, body: str) -> int:
    with session_factory(db).begin() as s:
        res = article_store.store_articles(s, [article_store.NewArticle(text=body, url=url)])
    return (res.new_ids or res.updated_ids)[0]


def test_copies_cut_short_or_wrapped_join_the_first_texts_cluster(db_url: str) -> None:
    wire = prose(4, 200)
    first = _store(db_url, "https://wire.example/a", wire)
    cut = _store(db_url, "https://one.example/b", " ".join(wire.split()[:120]))  # a copy cut short
    wrapped = _store(db_url, "https://two.example/c", prose(5, 40) + " " + wire + " " + prose(6, 30))
    exact = _store(db_url, "https://three.example/d", wire)  # exact copy: found by the content hash
    other = _store(db_url, "https://four.example/e", prose(7, 200))
    short = _store(db_url, "https://five.example/f", " ".join(wire.split()[:30]))  # too short to call a copy
    with session_factory(db_url)() as s:
        cluster = {a.id: a.text_cluster_id for a in s.scalars(select(Article))}
        bands = s.scalar(select(func.count()).select_from(TextBand))
    assert cluster[cut] == cluster[wrapped] == cluster[exact] == first
    assert cluster[other] == other and cluster[short] == short
    assert bands == 5 * nd.BANDS  # none for the short text


def test_an_updated_text_gets_new_bands(db_url: str) -> None:
    url = "https://x.example/a"
    article_id = _store(db_url, url, prose(8))
    assert _store(db_url, url, prose(9)) == article_id
    with session_factory(db_url)() as s:
        stored = set(s.scalars(select(TextBand.band).where(TextBand.article_id == article_id)))
    assert stored == set(nd.band_keys(prose(9)))


def test_dedup_benchmark_smoke() -> None:
    figures = run_dedup_benchmark(sizes=(100, 1_000), probe=25)
    assert figures["stored_articles"] == [100, 1_000]
    assert figures["dedup_per_article_ms_1k"] > 0 and figures["dedup_cost_ratio_1k_vs_100"] > 0


@pytest.mark.postgres
def test_dedup_benchmark_on_a_given_database(pg_url: str) -> None:
    figures = run_dedup_benchmark(pg_url, sizes=(100, 400), probe=25)
    assert figures["stored_articles"] == [100, 400]
    assert figures["dedup_cost_ratio_400_vs_100"] > 0


def test_bulk_loaded_bands_are_the_ones_a_lookup_computes(sqlite_url: str) -> None:
    from benchmarks.dedup import World, grow
    from storage.db import get_engine

    assert grow(get_engine(sqlite_url), World.make(), 300) == 300
    with session_factory(sqlite_url)() as s:
        for article in s.scalars(select(Article).where(Article.id.in_([1, 150, 300]))):
            stored = set(s.scalars(select(TextBand.band).where(TextBand.article_id == article.id)))
            assert stored == set(nd.band_keys(article.text))


def test_bulk_signatures_of_texts_of_any_length_equal_one_at_a_time() -> None:
    token_lists = [nd.words(prose(i, n)) for i, n in enumerate((5, 6, 40, 41, 150, 400, 7))]
    bulk = nd.bulk_signatures(token_lists)
    for row, tokens in zip(bulk, token_lists, strict=True):
        assert (row == nd.signatures(nd.shingle_hashes(nd.word_hashes(tokens)))[0]).all()


def _state(db: str) -> list[tuple[object, ...]]:
    """Articles by identity with their cluster's identity, and the bands by article identity."""
    with session_factory(db)() as s:
        rows = list(s.scalars(select(Article)))
        key = {a.id: a.article_key for a in rows}
        bands: dict[str, set[str]] = {}
        for band, article_id in s.execute(select(TextBand.band, TextBand.article_id)).tuples():
            bands.setdefault(key[article_id], set()).add(band)
        return sorted(
            (
                a.article_key,
                a.content_hash,
                a.outlet,
                key[a.text_cluster_id or a.id],
                sorted(bands.get(a.article_key, ())),
            )
            for a in rows
        )


def test_a_batch_stores_what_one_by_one_stores(db_url: str, tmp_path: Path) -> None:
    """Copies inside the batch, copies of stored texts, exact copies, same-outlet copies, repeated and
    changed identities: one batch ends where storing the items one at a time ends."""
    wire, other = prose(20, 200), prose(21, 120)
    stored_first = [article_store.NewArticle(text=wire, url="https://wire.example/a")]
    batch = [
        article_store.NewArticle(text=" ".join(wire.split()[:150]), url="https://one.example/cut"),  # stored copy
        article_store.NewArticle(text=other, url="https://two.example/x"),
        article_store.NewArticle(text=prose(22, 30) + " " + other, url="https://three.example/y"),  # in-batch copy
        article_store.NewArticle(text=other, url="https://four.example/z"),  # exact in-batch copy
        article_store.NewArticle(text=other, url="https://two.example/x-again"),  # same outlet, same text: skipped
        article_store.NewArticle(text=prose(23), url="https://five.example/n"),
        article_store.NewArticle(text=prose(24), url="https://five.example/n?utm_source=rss"),  # same id, changed
        article_store.NewArticle(text=wire, url="https://wire.example/a"),  # stored, unchanged
        article_store.NewArticle(text="short text", source_id="s1"),
        article_store.NewArticle(text=prose(25), url="https://wire.example/a#new"),  # stored, changed
    ]
    one_by_one = f"sqlite:///{tmp_path / 'one.db'}"
    results = []
    for db, groups in ((db_url, [stored_first, batch]), (one_by_one, [stored_first] + [[i] for i in batch])):
        new = updated = unchanged = 0
        for group in groups:
            with session_factory(db).begin() as s:
                res = article_store.store_articles(s, group)
            new, updated, unchanged = new + len(res.new_ids), updated + len(res.updated_ids), unchanged + res.unchanged
        results.append((new, updated, unchanged))
    assert results[0] == results[1] == (7, 2, 2)
    assert _state(db_url) == _state(one_by_one)
    clusters = {row[0]: row[3] for row in _state(db_url)}
    assert clusters["url:one.example/cut"] == "url:wire.example/a"
    assert clusters["url:three.example/y"] == clusters["url:four.example/z"] == "url:two.example/x"


def test_a_batch_costs_the_same_statements_at_any_size(db_url: str) -> None:
    from sqlalchemy import event

    from storage.db import get_engine

    def statements(n: int, offset: int) -> int:
        items = [
            article_store.NewArticle(text=prose(1000 + offset + i), url=f"https://o{i % 7}.example/{offset + i}")
            for i in range(n)
        ]
        seen: list[str] = []
        engine = get_engine(db_url)

        def count(*_args: object) -> None:
            seen.append("x")

        event.listen(engine, "before_cursor_execute", count)
        try:
            with session_factory(db_url).begin() as s:
                assert len(article_store.store_articles(s, items).new_ids) == n
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    assert statements(200, 0) == statements(10, 1000) <= 10
