"""parse_feed_bytes: formats, fallbacks, text reduction, encodings and hostile bodies (no network)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta

from feeds import parse_feed_bytes
from feeds.parse import content_key
from tests.support.feed_samples import ATOM, BILLION_LAUGHS, HTML_PAGE, RDF10, RSS091, huge_rss, rss2

URL = "https://news.example.com/feed.xml"


def test_rss20_entries_fields():
    parsed = parse_feed_bytes(rss2(3), url=URL)
    assert parsed.is_feed and parsed.warning is None
    assert [e.key for e in parsed.entries] == ["story-0", "story-1", "story-2"]
    first = parsed.entries[0]
    assert first.guid == "story-0"
    assert first.url == "https://news.example.com/story/0"
    assert first.title == "Story 0"
    assert first.summary == "Summary of story 0."
    # The instant, timezone-aware, in the publisher's own offset (+0900): its date is the publisher's date.
    assert first.published == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    assert first.published.utcoffset() == timedelta(hours=9)


def test_rss091_with_netscape_doctype_and_html_entities():
    parsed = parse_feed_bytes(RSS091, url="http://old.example.com/rss.xml")
    assert parsed.is_feed
    (entry,) = parsed.entries
    assert entry.title == "Café talks in Pyongyang"
    assert entry.summary == "Talks resumed & ended."
    assert entry.key == "http://old.example.com/a1"  # no guid: the link
    assert entry.published is None  # no date: None, not "now"


def test_rdf10():
    parsed = parse_feed_bytes(RDF10, url="http://rdf.example.com/index.rdf")
    (entry,) = parsed.entries
    assert entry.title == "RDF item"
    assert entry.url == "http://rdf.example.com/1"
    assert entry.author == "Reporter One"
    assert entry.published == datetime(2026, 11, 20, 0, 30, tzinfo=UTC)
    assert entry.published.isoformat() == "2026-11-20T09:30:00+09:00"


def test_atom_content_preferred_over_summary_and_xml_base_links():
    parsed = parse_feed_bytes(ATOM, url="https://atom.example.com/feed.atom")
    (entry,) = parsed.entries
    assert entry.key == "tag:atom.example.com,2026:1"
    assert entry.title == "Ministers meet"  # type="html" title reduced
    assert entry.summary == "The full text."  # <content> wins over <summary>
    assert entry.url == "https://atom.example.com/blog/posts/1"  # xml:base applied
    assert entry.author == "A. Writer"
    assert entry.published == datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def test_content_encoded_preferred_and_html_reduced():
    body = b"""<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
    <title>c</title><item><guid>1</guid><title>T</title>
    <description>Teaser only</description>
    <content:encoded><![CDATA[<div><p>Full&nbsp;text &amp; more</p><script>alert(1)</script>
    <style>p{}</style><p>second   paragraph</p><img src="x.png"/>end&#8230;</div>]]></content:encoded>
    </item></channel></rss>"""
    (entry,) = parse_feed_bytes(body, url=URL).entries
    # Paragraphs stay paragraphs (the extractor reads captions and datelines as their own sentences).
    assert entry.summary == "Full text & more\n\nsecond paragraph\n\nend\u2026"


def test_plain_text_line_breaks_kept_as_paragraphs_titles_one_line():
    body = b"""<rss version="2.0"><channel><title>c</title><item><guid>1</guid>
    <title>Japan, North Korea
    hold talks</title>
    <description>BEIJING (AP)
Japanese and North Korean officials   met on Sunday.


Photo: AFP</description>
    </item></channel></rss>"""
    (entry,) = parse_feed_bytes(body, url=URL).entries
    assert entry.title == "Japan, North Korea hold talks"
    assert entry.summary == "BEIJING (AP)\n\nJapanese and North Korean officials met on Sunday.\n\nPhoto: AFP"


def test_plain_text_description_keeps_angle_brackets():
    body = b"""<rss version="2.0"><channel><title>c</title><item><guid>1</guid>
    <description>a &lt; b and   c &gt; d</description></item></channel></rss>"""
    (entry,) = parse_feed_bytes(body, url=URL).entries
    assert entry.summary == "a < b and c > d"


def test_double_escaped_html_is_reduced():
    body = b"""<rss version="2.0"><channel><title>c</title><item><guid>1</guid>
    <description>&amp;lt;p&amp;gt;Escaped &amp;lt;b&amp;gt;twice&amp;lt;/b&amp;gt;&amp;lt;/p&amp;gt;
    </description>
    </item></channel></rss>"""
    (entry,) = parse_feed_bytes(body, url=URL).entries
    assert entry.summary == "Escaped twice"


def test_fallback_keys_without_guid_link_or_date():
    body = b"""<rss version="2.0"><channel><title>c</title>
    <item><title>Only a link</title><link>/relative/path?id=7</link></item>
    <item><title>No id at all</title><description>Body text</description></item>
    <item></item>
    </channel></rss>"""
    parsed = parse_feed_bytes(body, url="https://site.example.org/feeds/rss.xml")
    a, b = parsed.entries
    assert a.key == a.url == "https://site.example.org/relative/path?id=7"  # relative link resolved
    assert a.guid is None and a.published is None
    assert b.key == content_key("No id at all", "Body text")
    assert b.key.startswith("sha256:") and len(b.key) == len("sha256:") + 64
    assert b.url is None
    assert parsed.warning is not None and "1 entries" in parsed.warning  # the empty <item/>


def test_keys_are_stable_across_parses():
    body = b"""<rss version="2.0"><channel><title>c</title>
    <item><title>No id</title><description>Body</description></item></channel></rss>"""
    assert parse_feed_bytes(body, url=URL).entries == parse_feed_bytes(body, url=URL).entries


def test_duplicate_guids_with_different_links_fall_back_to_links():
    body = b"""<rss version="2.0"><channel><title>c</title>
    <item><guid>1</guid><link>https://x.example/a</link><title>A</title></item>
    <item><guid>1</guid><link>https://x.example/b</link><title>B</title></item>
    <item><guid>2</guid><link>https://x.example/c</link><title>C</title></item>
    <item><guid>2</guid><link>https://x.example/c</link><title>C again</title></item>
    </channel></rss>"""
    keys = [e.key for e in parse_feed_bytes(body, url=URL).entries]
    assert keys == ["https://x.example/a", "https://x.example/b", "2"]


def test_unsafe_link_schemes_dropped():
    body = b"""<rss version="2.0"><channel><title>c</title>
    <item><guid>1</guid><link>javascript:alert(1)</link><title>x</title></item>
    <item><guid>2</guid><link>file:///etc/passwd</link><title>y</title></item></channel></rss>"""
    assert [e.url for e in parse_feed_bytes(body, url=URL).entries] == [None, None]


def test_bozo_feed_yields_entries_with_warning():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & unescaped</title>
    <item><guid>a</guid><title>First <b>bold</title></item>
    <item><guid>b</guid><title>Second</title>"""  # unclosed everything
    parsed = parse_feed_bytes(body, url=URL)
    assert parsed.is_feed
    assert [e.key for e in parsed.entries] == ["a", "b"]
    assert parsed.warning is not None and parsed.warning.startswith("malformed feed")


def test_html_page_is_not_a_feed():
    parsed = parse_feed_bytes(HTML_PAGE, url="https://site.example.org/", headers={"Content-Type": "text/html"})
    assert not parsed.is_feed and parsed.entries == ()


def test_header_says_utf8_but_body_is_windows_1252():
    body = rss2(1, encoding="utf-8").replace(
        b"Summary of story 0.", "Café \u201ctalks\u201d \u2013 ok".encode("cp1252")
    )
    parsed = parse_feed_bytes(body, url=URL, headers={"content-type": "application/rss+xml; charset=utf-8"})
    assert parsed.entries[0].summary == "Café \u201ctalks\u201d \u2013 ok"
    assert parsed.warning is not None and "charset" in parsed.warning


def test_xml_declaration_says_latin1_but_body_is_utf8():
    body = rss2(1, encoding="utf-8").replace(b'encoding="utf-8"', b'encoding="iso-8859-1"')
    body = body.replace(b"Summary of story 0.", "Kim Jong Un \u2012 Tōkyō café".encode())
    assert parse_feed_bytes(body, url=URL).entries[0].summary == "Kim Jong Un \u2012 Tōkyō café"


def test_true_latin1_and_shift_jis_bodies():
    latin = rss2(1, encoding="iso-8859-1").replace(b"Summary of story 0.", "Señor café".encode("latin-1"))
    assert parse_feed_bytes(latin, url=URL).entries[0].summary == "Señor café"
    sjis = rss2(1, encoding="shift_jis").replace(b"Summary of story 0.", "日朝首脳会談".encode("shift_jis"))
    assert parse_feed_bytes(sjis, url=URL).entries[0].summary == "日朝首脳会談"


def test_utf16_with_bom():
    body = rss2(1).decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    assert parse_feed_bytes(body, url=URL).entries[0].title == "Story 0"


def test_billion_laughs_and_external_entity_are_not_expanded():
    tracemalloc.start()
    started = time.perf_counter()
    parsed = parse_feed_bytes(BILLION_LAUGHS, url=URL)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20_000_000
    (entry,) = parsed.entries
    assert entry.key == "l1"
    assert "lollol" not in (entry.title or "")
    assert "root:" not in (entry.summary or "")  # no file:///etc/passwd


def test_huge_feed_is_cut_in_bounded_time():
    body = huge_rss(100_000)  # ~5 MB, under a 10 MB cap
    started = time.perf_counter()
    parsed = parse_feed_bytes(body, url=URL)
    assert time.perf_counter() - started < 5.0
    assert len(parsed.entries) == 2000
    assert parsed.entries[0].key == "g0" and parsed.entries[-1].key == "g1999"
    assert parsed.warning is not None and "100000 entries" in parsed.warning
    # backfill can ask for everything
    assert len(parse_feed_bytes(huge_rss(3000), url=URL, max_entries=None).entries) == 3000


def test_control_characters_do_not_break_strict_parsing():
    body = rss2(1).replace(b"Summary of story 0.", b"bad\x00\x08chars")
    parsed = parse_feed_bytes(body, url=URL)
    assert parsed.entries[0].summary == "badchars"
    assert parsed.warning is None


def test_garbage_never_raises():
    for body in (b"", b"\x00\xff\xfe garbage", b"<", b"<rss", b"{}", b"/etc/passwd", b"http://example.com/"):
        parsed = parse_feed_bytes(body, url=URL)
        assert parsed.entries == ()


def test_doctype_with_markup_inside_entity_values_is_still_stripped():
    body = b"""<?xml version="1.0"?>
<!-- a comment that says ]> -->
<!DOCTYPE rss [
  <!ENTITY a "<b>]>&#60;">
  <!ENTITY big "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!-- don't ]> -->
]>
<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>x &big; y</title></item></channel></rss>"""
    (entry,) = parse_feed_bytes(body, url=URL).entries
    assert entry.key == "1"
    assert "<b>" not in (entry.title or "")


def test_unterminated_doctype_is_not_a_feed():
    parsed = parse_feed_bytes(b'<!DOCTYPE rss [ <!ENTITY a "x"> <rss version="2.0"></rss>', url=URL)
    assert parsed.entries == () and not parsed.is_feed


def _rss_dated(pub_date: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>g</guid>'
        f"<title>Talks</title><description>d</description><pubDate>{pub_date}</pubDate></item></channel></rss>"
    ).encode()


def test_a_tokyo_morning_story_keeps_its_own_date() -> None:
    from flows.pipeline import _entry_date

    (entry,) = parse_feed_bytes(_rss_dated("Thu, 27 Sep 2018 08:30:00 +0900"), url="https://t.example/rss").entries
    assert entry.published == datetime(2018, 9, 26, 23, 30, tzinfo=UTC)  # the day before, in UTC
    assert _entry_date(entry.published) == date(2018, 9, 27)  # the date the paper printed


def test_dates_without_a_usable_offset_stay_utc() -> None:
    for written in ("Thu, 27 Sep 2018 08:30:00 -0000", "Thu, 27 Sep 2018 08:30:00 GMT"):
        (entry,) = parse_feed_bytes(_rss_dated(written), url="https://t.example/rss").entries
        assert entry.published == datetime(2018, 9, 27, 8, 30, tzinfo=UTC)
        assert entry.published.utcoffset() == timedelta(0)
