"""Near-duplicate texts (wire copies, light rewrites) by MinHash over word shingles, with LSH bands stored
in an indexed table so the cost of a lookup does not grow with the number of stored articles.

The MinHash is datasketch's `affine32` scheme (murmur3 finaliser, then `a * h + b` mod 2^32 with the
permutations of `MinHash(num_perm=NUM_PERM, seed=SEED)`), computed with numpy over many texts at once; a test
checks it equals `datasketch.MinHash.update_batch` on the same shingle hashes. Shingle hashes come from
per-word CRC32s combined over each window of SHINGLE words, so a bulk load can hash a vocabulary once.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import ColumnElement, Select, String, any_, bindparam, delete, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY

from storage.models import Article, TextBand

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NUM_PERM = 64
SEED = 17
BANDS = 16  # 16 bands x 4 rows: pairs above ~0.5 Jaccard collide in at least one band with high probability
ROWS = NUM_PERM // BANDS
SHINGLE = 5
# Candidates from the bands are confirmed on the texts themselves; below this they are different stories.
CONFIRM_JACCARD = 0.7
# ... or this much of the shorter text is inside the longer one (a wire copy cut short, or with an outlet's
# own paragraphs around it).
CONFIRM_CONTAINMENT = 0.8
# Band hits confirmed on the texts per lookup: the best-sharing ones; the cost of a lookup stays bounded.
MAX_CANDIDATES = 8
MIN_WORDS = 40  # headline-length texts share too much boilerplate to call copies
_WORD = re.compile(r"\w+", re.UNICODE)
# Odd 64-bit multipliers combining the SHINGLE word hashes of a window into one shingle hash.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)[:SHINGLE]
# ... and the ROWS values of a band into one 64-bit band hash.
_BAND_MIX = np.array([0xA0761D6478BD642F, 0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3], dtype=np.uint64)[
    :ROWS
]
Array = np.ndarray[Any, Any]


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[Array, Array]:
    """The (a, b) of datasketch's `affine32` MinHash for (NUM_PERM, SEED), drawn as it draws them
    (`MinHash._init_permutations`: odd `a`, any `b`, from `RandomState(seed)`). Generated here rather than
    imported: importing datasketch pulls in its LSH package and scipy (~1 s in every process that stores an
    article, each monitor flow run under `serve` among them), and the bands already stored must not change
    with a library upgrade. tests/storage/test_near_duplicates.py checks them against datasketch's own."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def word_hashes(tokens: list[str]) -> Array:
    return np.fromiter((zlib.crc32(w.encode("utf-8", "replace")) for w in tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(word_hash: Array) -> Array:
    """(..., n) word hashes -> (..., n - SHINGLE + 1) 32-bit shingle hashes (one per window of words)."""
    if word_hash.shape[-1] < SHINGLE:
        pad = np.zeros((*word_hash.shape[:-1], SHINGLE - word_hash.shape[-1]), dtype=np.uint64)
        word_hash = np.concatenate([word_hash, pad], axis=-1)
    windows = np.lib.stride_tricks.sliding_window_view(word_hash, SHINGLE, axis=-1)
    mixed: Array = (windows * _MIX).sum(axis=-1) >> np.uint64(32)
    return mixed.astype(np.uint32)


def _fmix32(h: Array) -> Array:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before the permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    out: Array = h ^ (h >> np.uint32(16))
    return out


def signatures(shingle_hash: Array) -> Array:
    """(m, k) shingle hashes of m texts (k each) -> (m, NUM_PERM) MinHash signatures."""
    a, b = _permutations()
    mixed = _fmix32(np.atleast_2d(shingle_hash).astype(np.uint32))
    if mixed.shape[0] < 16:  # a few texts: one broadcast, (m, k, NUM_PERM), wrapping mod 2^32 like datasketch
        small: Array = (mixed[:, :, None] * a + b).min(axis=1)
        return small
    # Many texts (bulk loads): one permutation at a time keeps the working set in cache.
    out: Array = np.empty((mixed.shape[0], NUM_PERM), dtype=np.uint32)
    buf = np.empty_like(mixed)
    for i in range(NUM_PERM):
        np.multiply(mixed, a[i], out=buf)
        buf += b[i]
        buf.min(axis=1, out=out[:, i])
    return out


def band_hashes(signature: Array) -> Array:
    """(..., NUM_PERM) signatures -> (..., BANDS) 64-bit hashes of each band's ROWS values."""
    grouped = np.asarray(signature, dtype=np.uint64).reshape(*signature.shape[:-1], BANDS, ROWS)
    mixed: Array = (grouped * _BAND_MIX).sum(axis=-1)
    return mixed


def bands_of(signature: Array) -> list[str]:
    """BANDS keys of one signature: the band number and the hash of its ROWS values (18 characters)."""
    raw = band_hashes(signature).astype(">u8").tobytes().hex()
    return [f"{b:02d}{raw[b * 16 : (b + 1) * 16]}" for b in range(BANDS)]


def band_keys(text: str) -> list[str]:
    return bands_of(signatures(shingle_hashes(word_hashes(words(text))))[0])


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """How much of the smaller text is inside the larger: a wire story cut short or with an outlet's own
    header and footer is still a copy."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def is_copy(a: set[str], b: set[str]) -> bool:
    if jaccard(a, b) >= CONFIRM_JACCARD:
        return True
    return min(len(a), len(b)) >= MIN_WORDS and containment(a, b) >= CONFIRM_CONTAINMENT


def band_candidates(session: Session, keys: list[str], exclude: int | None) -> list[int]:
    """Stored articles sharing a band with `keys`, most shared bands first (the MinHash estimate of their
    similarity), at most MAX_CANDIDATES: a common band cannot make a lookup grow with the archive."""
    return [aid for aid, _n in session.execute(band_query(keys)) if aid != exclude][:MAX_CANDIDATES]


def band_query(keys: list[str]) -> Select[tuple[int, int]]:
    shared = func.count().label("shared")
    return (
        select(TextBand.article_id, shared)
        .where(TextBand.band.in_(keys))
        .group_by(TextBand.article_id)
        .order_by(shared.desc(), TextBand.article_id)
        .limit(MAX_CANDIDATES + 1)
    )


def band_hits_query(keys: Sequence[str], dialect: str = "sqlite") -> Select[tuple[str, int]]:
    """The stored (band, article) rows of these bands: equality on the band index, nothing to sort. On
    PostgreSQL the bands go as one array parameter (`band = ANY(...)`): an IN list of 4,000 placeholders cost
    psycopg more to parse than the server took to answer (`member_of`). SQLite's batches send the same query
    in the driver's own SQL (`sqlite_band_hits_sql`)."""
    return select(TextBand.band, TextBand.article_id).where(member_of(TextBand.band, keys, dialect))


def sqlite_band_hits_sql(n: int) -> str:
    """`band_hits_query` for n bands as SQLite runs it, in the driver's own SQL: SQLAlchemy compiled and
    bound the IN list of thousands of parameters anew for every batch, at more cost than the lookup."""
    return f"SELECT band, article_id FROM text_bands WHERE band IN ({','.join('?' * n)})"  # noqa: S608 - only ?s


def same_text_clusters_query(
    digests: Sequence[str], dialect: str = "sqlite"
) -> Select[tuple[str, str | None, int | None]]:
    """(content hash, outlet, cluster) of the stored articles with one of these texts. Equality on the
    content-hash index and no ORDER BY: an ordered `LIMIT 1` tempted PostgreSQL, without statistics, to walk
    the cluster index instead (54 ms instead of 0.05 ms a lookup once 15,000 articles were stored). On
    PostgreSQL the hashes go as one array parameter, as in `band_hits_query`."""
    return select(Article.content_hash, Article.outlet, Article.text_cluster_id).where(
        member_of(Article.content_hash, digests, dialect)
    )


def member_of(column: Any, values: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL `column = ANY(array)`, one parameter, which psycopg does not have
    to parse out of a query text of hundreds of placeholders (an index serves both forms)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(String)))  # type: ignore[no-any-return]
    return column.in_(list(values))  # type: ignore[no-any-return]


def cluster_for(session: Session, article: Article) -> int:
    """The cluster id of a stored article (see `text_cluster`); also records its bands."""
    return text_cluster(session, article.id, article.text, article.content_hash)


def text_cluster(session: Session, article_id: int, text: str, digest: str, *, fresh: bool = False) -> int:
    """The id of the first stored article with the same or a near-identical text, else `article_id`. Also
    records the article's bands (replacing its old ones unless it is `fresh`ly inserted)."""
    same_ids = [
        cluster
        for _h, _o, cluster in session.execute(
            same_text_clusters_query([digest]).where(Article.id != article_id)
        ).tuples()
        if cluster is not None
    ]
    same = min(same_ids) if same_ids else None
    if not fresh:
        session.execute(delete(TextBand).where(TextBand.article_id == article_id))
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return same or article_id
    keys = bands_of(signatures(shingle_hashes(word_hashes(tokens)))[0])
    session.execute(insert(TextBand), [{"band": k, "article_id": article_id} for k in keys])
    if same:
        return same
    ids = band_candidates(session, keys, article_id)
    if not ids:
        return article_id
    sh = shingles(text)
    best: tuple[float, int] | None = None
    for cid, other_text, cluster in session.execute(
        select(Article.id, Article.text, Article.text_cluster_id).where(Article.id.in_(ids))
    ):
        other = shingles(other_text)
        if is_copy(sh, other):
            score = jaccard(sh, other)
            target = cluster or cid
            if best is None or (score, -target) > (best[0], -best[1]):
                best = (score, target)
    return best[1] if best else article_id


# ------------------------------------------------------------------------------------------ many at once


def bulk_signatures(token_lists: Sequence[list[str]]) -> Array:
    """MinHash signatures of many texts (each at least SHINGLE words) at once, equal to `signatures` text by
    text: the shingle hashes of all texts in one flat array, each permutation's minimum per text by
    `np.minimum.reduceat` over the texts' segments (no padding to the longest text)."""
    if not token_lists:
        return np.empty((0, NUM_PERM), dtype=np.uint32)
    vocab: dict[str, int] = {}
    flat_words = [w for tokens in token_lists for w in tokens]
    for w in flat_words:
        if w not in vocab:
            vocab[w] = zlib.crc32(w.encode("utf-8", "replace"))
    flat = np.fromiter((vocab[w] for w in flat_words), dtype=np.uint64, count=len(flat_words))
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    if (lengths < SHINGLE).any():
        raise ValueError(f"bulk_signatures needs texts of at least {SHINGLE} words")
    windows = np.lib.stride_tricks.sliding_window_view(flat, SHINGLE)
    all_shingles: Array = ((windows * _MIX).sum(axis=-1) >> np.uint64(32)).astype(np.uint32)
    # Keep the windows that lie inside one text (drop those spanning two texts' boundary).
    per_text = lengths - (SHINGLE - 1)
    word_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    seg_starts = np.concatenate([[0], np.cumsum(per_text)[:-1]])
    index = np.repeat(word_starts - seg_starts, per_text) + np.arange(int(per_text.sum()))
    mixed = _fmix32(all_shingles[index])
    a, b = _permutations()
    out: Array = np.empty((len(token_lists), NUM_PERM), dtype=np.uint32)
    buf = np.empty_like(mixed)
    for i in range(NUM_PERM):
        np.multiply(mixed, a[i], out=buf)
        buf += b[i]
        out[:, i] = np.minimum.reduceat(buf, seg_starts)
    return out


def band_keys_many(texts: Sequence[str]) -> list[tuple[str, ...] | None]:
    """The band keys of each text (as `band_keys` gives them, computed in bulk), None for a text of fewer than
    MIN_WORDS words (too short to call a copy)."""
    tokens = [words(t) for t in texts]
    banded = [i for i, tk in enumerate(tokens) if len(tk) >= MIN_WORDS]
    out: list[tuple[str, ...] | None] = [None] * len(texts)
    if not banded:
        return out
    raw = band_hashes(bulk_signatures([tokens[i] for i in banded])).astype(">u8").tobytes().hex()
    for row, i in enumerate(banded):
        base = row * BANDS * 16
        out[i] = tuple(p + raw[base + off : base + off + 16] for p, off in _BAND_PREFIX)
    return out


@dataclass(frozen=True)
class NewText:
    """An article inserted in this batch, waiting for its cluster, with its band keys (`band_keys_many`)."""

    article_id: int
    text: str
    digest: str
    bands: tuple[str, ...] | None


def stored_band_hits(session: Session, keys: Sequence[str]) -> dict[str, list[int]]:
    """Stored articles by band, for all bands of a batch: one indexed query (in slices the databases'
    parameter limits allow)."""
    hits: dict[str, list[int]] = {}
    wanted = list(dict.fromkeys(keys))
    dialect = session.get_bind().dialect.name
    chunk = max(1, len(wanted)) if dialect == "postgresql" else _BAND_CHUNK  # one array parameter: no limit
    for i in range(0, len(wanted), chunk):
        part = wanted[i : i + chunk]
        if dialect == "postgresql":
            rows = session.execute(band_hits_query(part, dialect)).tuples()
        else:
            rows = session.connection().exec_driver_sql(sqlite_band_hits_sql(len(part)), tuple(part)).tuples()
        for band, article_id in rows:
            hits.setdefault(band, []).append(article_id)
    return hits


def insert_bands(session: Session, rows: Sequence[tuple[str, int]]) -> None:
    """(band, article id) rows into `text_bands`, in the session's transaction. PostgreSQL: COPY (psycopg
    sent an executemany as one statement per row, 4,000 a batch); SQLite: one executemany."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        if driver is None:  # pragma: no cover - a checked-out connection always has its driver's
            raise RuntimeError("no PostgreSQL driver connection for COPY")
        with driver.cursor() as cursor, cursor.copy(f"COPY {_BAND_TABLE.name} (band, article_id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    # SQLite: the driver's own executemany. SQLAlchemy's costs more than the insert itself at 16 rows an
    # article (it builds a parameter dict per row), and the statement has no types to process.
    connection.exec_driver_sql("INSERT INTO text_bands (band, article_id) VALUES (?, ?)", list(rows))


_BAND_CHUNK = 8000
_BAND_PREFIX = [(f"{b:02d}", b * 16) for b in range(BANDS)]  # what `bands_of` writes before each band's hex
_BAND_TABLE: Any = TextBand.__table__  # 500 articles x 16 bands; SQLite allows 32766 parameters, PostgreSQL 65535


def assign_clusters(session: Session, texts: Sequence[NewText], same_text: dict[str, int]) -> dict[int, int]:
    """The cluster of each freshly inserted article, in order, as `text_cluster` one by one would give it,
    with a fixed number of statements per batch: the texts' bands (computed before, in bulk), one query for the stored
    articles sharing a band, an in-batch band index for copies inside the batch, one query for the stored
    candidates' texts, one insert of all bands. `same_text` maps a content hash to the smallest stored
    cluster with that text."""
    keys_of = {i: t.bands for i, t in enumerate(texts) if t.bands is not None}
    all_keys = [k for ks in keys_of.values() for k in ks]
    stored = stored_band_hits(session, all_keys) if all_keys else {}
    if all_keys:
        insert_bands(session, [(k, texts[i].article_id) for i, ks in keys_of.items() for k in ks])
    # Candidates per text: stored and earlier in-batch articles sharing a band, most shared first.
    seen_digests: set[str] = set()
    in_batch: dict[str, list[int]] = {}
    candidates: dict[int, list[int]] = {}
    for i, item in enumerate(texts):
        has_same = item.digest in same_text or item.digest in seen_digests
        seen_digests.add(item.digest)
        if i not in keys_of:
            continue
        if not has_same:
            counts: dict[int, int] = {}
            for k in keys_of[i]:
                for aid in (*stored.get(k, ()), *in_batch.get(k, ())):
                    counts[aid] = counts.get(aid, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            candidates[i] = [aid for aid, _n in ranked if aid != item.article_id][:MAX_CANDIDATES]
        for k in keys_of[i]:
            in_batch.setdefault(k, []).append(item.article_id)
    batch_text = {t.article_id: t.text for t in texts}
    wanted = sorted({aid for ids in candidates.values() for aid in ids if aid not in batch_text})
    other: dict[int, tuple[str, int | None]] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(Article.id, Article.text, Article.text_cluster_id).where(Article.id.in_(wanted[i : i + 500]))
        )
        other.update((aid, (text, cluster)) for aid, text, cluster in rows.tuples())
    shingle_cache: dict[int, set[str]] = {}

    def shingles_of(aid: int, text: str) -> set[str]:
        if aid not in shingle_cache:
            shingle_cache[aid] = shingles(text)
        return shingle_cache[aid]

    clusters: dict[int, int] = {}
    batch_same: dict[str, int] = {}
    for i, item in enumerate(texts):
        same_ids = [c for c in (same_text.get(item.digest), batch_same.get(item.digest)) if c is not None]
        cluster = min(same_ids) if same_ids else item.article_id
        if not same_ids and candidates.get(i):
            sh = shingles_of(item.article_id, item.text)
            best: tuple[float, int] | None = None
            for cid in candidates[i]:
                if cid in batch_text:
                    other_text, other_cluster = batch_text[cid], clusters.get(cid)
                elif cid in other:
                    other_text, other_cluster = other[cid]
                else:
                    continue  # deleted meanwhile
                osh = shingles_of(cid, other_text)
                if is_copy(sh, osh):
                    score = jaccard(sh, osh)
                    target = other_cluster or cid
                    if best is None or (score, -target) > (best[0], -best[1]):
                        best = (score, target)
            if best:
                cluster = best[1]
        clusters[item.article_id] = cluster
        batch_same[item.digest] = min(cluster, batch_same.get(item.digest, cluster))
    return clusters
