"""Property tests (hypothesis) over the parsers that see untrusted input first.

- feeds.parse_feed_bytes: arbitrary bytes and generated hostile feeds never raise; entries are sane.
- storage.urls.canonical_url / identity_key: never raise, idempotent, tracking parameters and fragments gone.
- extractors.dates.find_dates / resolve_one: never raise; offsets slice the input; dates are valid.
- extractors.extract_many: never raises; evidence offsets slice the text; every EVENT validates.

Example counts are modest in CI and larger under `make soak` (TALKWATCH_SOAK_FULL=1).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.e2e import FULL, STORIES

pytestmark = pytest.mark.reliability

N = 4 if FULL else 1
FAST = settings(deadline=None, max_examples=150 * N, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(deadline=None, max_examples=40 * N, suppress_health_check=[HealthCheck.too_slow])

# Text with everything hostile feeds carry: controls, escapes, surrogates-free unicode, markup, entities.
nasty_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
        st.sampled_from(
            ["\x00", "\x1b[31m", "\x1b]0;x\x07", "&", "<", ">", "&amp;", "&#0;", "&#xD800;", "]]>", "\ufeff"]
        ),
    ),
    max_size=10,
).map("".join)


# ------------------------------------------------------------------------------------------------ feed parser


@st.composite
def hostile_feeds(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["rss", "atom", "rdf"]))
    raw = draw(st.booleans())  # unescaped markup and entities straight into the XML
    n = draw(st.integers(0, 6))
    parts = []
    for i in range(n):
        title = draw(nasty_text)
        body = draw(nasty_text)
        link = draw(
            st.one_of(
                st.none(),
                st.sampled_from(
                    [
                        "/rel/1",
                        "javascript:alert(1)",
                        "file:///etc/passwd",
                        "http://[::1",
                        "https://ex.org/a?utm_source=x#f",
                    ]
                ),
                nasty_text,
            )
        )
        t, b, lnk = (title, body, link) if raw else (escape(title), escape(body), escape(link) if link else link)
        if kind == "atom":
            href = f'<link href="{lnk}"/>' if lnk is not None else ""
            updated = draw(nasty_text)
            parts.append(f"<entry><id>e{i}</id><title>{t}</title>{href}<summary>{b}</summary>")
            parts.append(f"<updated>{updated}</updated></entry>")
        else:
            pub = draw(nasty_text)
            parts.append(f"<item><title>{t}</title><link>{lnk or ''}</link><description>{b}</description>")
            parts.append(f"<pubDate>{pub}</pubDate></item>")
    entries = "".join(parts)
    declared = draw(st.sampled_from(["utf-8", "iso-8859-1", "utf-16", "shift_jis", "bogus-charset", ""]))
    prolog = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    doctype = draw(
        st.sampled_from(
            [
                "",
                '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
                '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
            ]
        )
    )
    if kind == "atom":
        doc = f'{prolog}{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{entries}</feed>'
    elif kind == "rdf":
        doc = (
            f'{prolog}{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel>{entries}</rdf:RDF>'
        )
    else:
        doc = f'{prolog}{doctype}<rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'
    data = doc.encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"])), errors="replace")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))  # truncated anywhere
    return data if cut is None else data[:cut]


def _check_parsed(body: bytes, content_type: str | None) -> None:
    from feeds import parse_feed_bytes

    parsed = parse_feed_bytes(body, url="https://feeds.example.org/rss", headers={"content-type": content_type or ""})
    keys = [e.key for e in parsed.entries]
    assert len(keys) == len(set(keys))
    for e in parsed.entries:
        assert e.url is None or e.url.startswith(("http://", "https://")), e.url
        # Aware, in the publisher's offset when the feed gave a valid one (else UTC).
        offset = None if e.published is None else e.published.utcoffset()
        assert e.published is None or (offset is not None and abs(offset) < dt.timedelta(hours=24))
        for field in (e.title, e.summary):
            assert field is None or not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", field), field
    assert parsed.warning is None or "\n" not in parsed.warning


@FAST
@given(
    body=st.binary(max_size=4096),
    content_type=st.sampled_from([None, "text/html", "application/rss+xml; charset=utf-16", "text/xml; charset=bogus"]),
)
@example(body=b"\xef\xbb\xbf<?xml version='1.0'?><rss><channel><item><title>x", content_type=None)
@example(body=b"<rss>" + b"<item><title>a</title></item>" * 3000, content_type=None)
def test_parse_feed_bytes_arbitrary_bytes(body: bytes, content_type: str | None) -> None:
    _check_parsed(body, content_type)


@FAST
@given(body=hostile_feeds(), content_type=st.sampled_from([None, "application/rss+xml; charset=utf-8", "text/html"]))
def test_parse_feed_bytes_hostile_feeds(body: bytes, content_type: str | None) -> None:
    _check_parsed(body, content_type)


# ------------------------------------------------------------------------------------------------ URLs

_TRACKING = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid"]


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HtTpS", "ftp", "javascript", ""]))
    host = draw(
        st.one_of(
            st.from_regex(r"[A-Za-z0-9-]{1,12}(\.[A-Za-z0-9-]{1,12}){0,3}", fullmatch=True),
            st.sampled_from(
                ["[::1]", "[2001:db8::1]", "127.0.0.1", "m.example.co.jp", "www.cdn.ampproject.org", "ex.org.", ""]
            ),
        )
    )
    port = draw(st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":x"]))
    path = draw(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
    params = draw(
        st.lists(
            st.tuples(st.sampled_from([*_TRACKING, "id", "q", "UTM_Term", "page"]), st.text(max_size=8)), max_size=4
        )
    )
    query = "&".join(f"{k}={v}" for k, v in params)
    frag = draw(st.sampled_from(["", "#top", "#", "#a?b"]))
    return f"{scheme}://{host}{port}/{path.lstrip('/')}" + (f"?{query}" if query else "") + frag


@FAST
@given(url=st.one_of(urls(), st.text(max_size=80)))
@example(url="https://www.cdn.ampproject.org/c/s/example.org/a.amp/amp?utm_source=x#f")
@example(url="http://[::1]:80/%zz")
def test_canonical_url_properties(url: str) -> None:
    from storage.urls import canonical_url, identity_key, outlet_of

    canon = canonical_url(url)
    key = identity_key(url)
    outlet_of(url)
    if canon is None:
        assert key is None
        return
    assert canonical_url(canon) == canon  # idempotent
    assert identity_key(canon) == key
    parts = urlsplit(canon)
    assert parts.scheme in ("http", "https") and parts.netloc == parts.netloc.lower()
    assert parts.fragment == "" and "#" not in canon
    assert parts.port not in ({"http": 80, "https": 443}[parts.scheme],)
    assert not any(k.lower().startswith("utm_") or k.lower() in ("fbclid", "gclid") for k, _ in parse_qsl(parts.query))
    assert not re.search(r"[\s\x00-\x1f]", canon)


# ------------------------------------------------------------------------------------------------ dates

date_words = st.sampled_from(
    [
        "on Sunday",
        "last Tuesday",
        "next Friday",
        "in May",
        "in May 2014",
        "May 5",
        "5 May",
        "2018-09-26",
        "early March",
        "last month",
        "yesterday",
        "Dec. 25, 2005",
        "Feb 29",
        "February 30, 2019",
        "in 1999",
        "on Sept. 31",
        "mid-June",
        "this week",
        "9999-99-99",
        "Monday,",
        "March",
        "may",
        "0000-01-01",
    ]
)


@FAST
@given(
    parts=st.lists(st.one_of(date_words, nasty_text), max_size=8),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1, 3, 1), max_value=dt.date(9999, 10, 1))),
    direction=st.sampled_from(["past", "future"]),
    offset=st.integers(0, 1000),
)
def test_dates_never_raise_and_offsets_slice(
    parts: list[str], published: dt.date | None, direction: str, offset: int
) -> None:
    from extractors.dates import find_dates, resolve_one

    text = " ".join(parts)
    found = find_dates(text, published, direction, offset)  # type: ignore[arg-type]
    last = -1
    for d in found:
        assert text[d.start - offset : d.end - offset] == d.text
        assert d.start >= last
        last = d.start
        if d.date is not None:
            fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[d.precision or "day"]
            dt.datetime.strptime(d.date, fmt)  # a real date at its precision
    value, precision = resolve_one(text, published, direction)  # type: ignore[arg-type]
    assert (value is None) == (precision is None)


# ------------------------------------------------------------------------------------------------ extractor

sentences = st.sampled_from(
    [d for _, d, _ in STORIES]
    + [
        "Japan and North Korea will hold talks next week in Hanoi.",
        "The talks between Japan and North Korea were cancelled on Monday.",
        "North Korea refused Japan's offer of talks.",
        "Kim Jong Un and Shinzo Abe met in Pyongyang in September 2002.",
        "Officials said nothing.",
    ]
)


@pytest.fixture(scope="module")
def warm_model() -> None:
    from extractors.model import nlp

    nlp()  # the spaCy load once, outside the timed examples


@SLOW
@given(
    chunks=st.lists(st.one_of(sentences, nasty_text), min_size=1, max_size=6),
    title=st.one_of(st.none(), nasty_text),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))),
)
def test_extractor_never_raises_and_evidence_slices(
    warm_model: None, chunks: list[str], title: str | None, published: dt.date | None
) -> None:
    from extractors import Article, extract_many
    from extractors.events import Event

    text = " ".join(chunks)
    other = "Japan and North Korea held talks in Beijing on Sunday. " + text[::-1]
    articles = [
        Article(id="a", text=text, title=title, published=published),
        Article(id="b", text=other, published=published),
    ]
    results = extract_many(articles)
    assert len(results) == 2
    assert results[1], "a plain report followed by junk still yields its event"
    for article, events in zip(articles, results, strict=True):
        for event in events:
            for ev in event.evidence:
                assert article.text[ev.start : ev.end] == ev.text
            again = Event.model_validate(event.to_json())
            assert again == event
            assert list(event.countries) == sorted(event.countries)
