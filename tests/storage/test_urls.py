"""Canonical URLs and outlets: the contract's rules, and properties on arbitrary input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.urls import canonical_url, identity_key, outlet_of


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/News/1?utm_source=rss&utm_medium=x#top", "https://www.example.com/News/1"),
        ("https://example.com:443/a?id=7&fbclid=abc&gclid=z", "https://example.com/a?id=7"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/news/amp/", "https://example.com/news/"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://example.com/a.amp/amp", "https://example.com/a"),
        ("https://m.example.co.uk/story", "https://www.example.co.uk/story"),
        ("https://mobile.example.com/story", "https://www.example.com/story"),
        (
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/amp?amp_js_v=0.1",
            "https://www.example.com/a",
        ),
        ("https://example.com/a b/\u30cb", "https://example.com/a%20b/%E3%83%8B"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("  https://example.com/x\n", "https://example.com/x"),
    ],
)
def test_canonical_url_rules(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "mailto:x@example.com", "not a url", "", "http://", "http://.../"]
)
def test_not_http_urls_have_no_canonical_form(url: str) -> None:
    assert canonical_url(url) is None


def test_identity_key_ignores_scheme_www_slash_and_parameter_order() -> None:
    keys = {
        identity_key(u)
        for u in (
            "https://www.example.com/news/1/?b=2&a=1",
            "http://example.com/news/1?a=1&b=2&utm_campaign=x",
            "https://m.example.com/news/1/amp?a=1&b=2#frag",
        )
    }
    assert keys == {"url:example.com/news/1?a=1&b=2"}
    assert identity_key("https://example.com/news/2") != identity_key("https://example.com/news/1")


def test_outlet_is_the_registrable_domain() -> None:
    assert outlet_of("https://www.japantimes.co.jp/news/2018/09/27/x") == "japantimes.co.jp"
    assert outlet_of("https://english.kyodonews.net/news/1") == "kyodonews.net"
    assert outlet_of(None) is None
    assert outlet_of("no url") is None


_URLS = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}?{query}#{frag}",
    st.sampled_from(["http", "HTTPS", "hTTp", "ftp", ""]),
    st.one_of(
        st.text(max_size=20), st.sampled_from(["example.com", "M.Example.com", "[::1]", "a:80", "x.cdn.ampproject.org"])
    ),
    st.one_of(st.text(max_size=30), st.sampled_from(["/amp", "/a.amp.amp/amp", "/c/s/example.com/x", "/ "])),
    st.one_of(st.text(max_size=30), st.sampled_from(["utm_source=a&b=1", "a=%zz&fbclid=1", "b&a=1"])),
    st.text(max_size=5),
)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(), _URLS))
def test_canonical_url_is_idempotent_and_never_raises(url: str) -> None:
    canonical = canonical_url(url)
    identity_key(url)
    outlet_of(url)
    if canonical is not None:
        assert canonical_url(canonical) == canonical
        assert identity_key(canonical) == identity_key(url)
