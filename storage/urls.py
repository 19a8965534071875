"""Article identity from URLs: canonical form (for dedup) and outlet (registrable domain, for `sources`)."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import tldextract

# Parameters that identify a visit, not a document.
# fmt: off
_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid",
        "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "ncid", "ocid", "spm", "smid", "sr_share",
        "partner", "rss", "from", "feature", "output", "amp", "outputtype", "share", "s_cid", "icid",
        "taid", "cid", "mbid", "guccounter", "guce_referrer", "guce_referrer_sig", "usqp",
    }
)
# fmt: on
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__twitter", "itm_", "amp_")
# What surrounds a pasted URL (C0 controls and space, as WHATWG URL parsing strips); not Unicode spaces such
# as U+0085, which may end a path and must survive a second canonicalisation.
_EDGE_JUNK = "".join(map(chr, range(0x21)))
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_PATH = re.compile(r"(/amp)+(?=/|$)|\.amp(?=\.html?$|$)", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)
# Google's AMP cache serves `https://<host with dashes>.cdn.ampproject.org/c/s/<host>/<path>`: the page is
# the one at <host>/<path>.
_AMP_CACHE = re.compile(r"^/(?:[a-z]/)*?(s/)?(?P<rest>[^/]+\.[^/]+(?:/.*)?)$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot: no network at run time, no cache files written.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def canonical_url(url: str) -> str | None:
    """The contract's canonical form: lower-case scheme and host; no default port, fragment, tracking
    parameters; AMP paths, AMP-cache URLs and mobile hosts mapped to the main page. None when it is not an
    http(s) URL. Idempotent: the canonical form of a canonical URL is itself."""
    try:
        parts = urlsplit(url.strip(_EDGE_JUNK))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    if host.endswith(".cdn.ampproject.org"):
        inner = _AMP_CACHE.match(parts.path)
        if inner is not None:
            target = ("https://" if inner.group(1) else "http://") + inner.group("rest")
            if parts.query:
                target += "?" + parts.query
            unwrapped = canonical_url(target)
            if unwrapped is not None:
                return unwrapped
    if _MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = _MOBILE_HOST.sub("www.", host, count=1)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path
    while True:  # `/a.amp/amp` -> `/a.amp` -> `/a`: strip until nothing changes
        stripped = _AMP_PATH.sub("", path)
        if stripped == path:
            break
        path = stripped
    # Spaces, controls and non-ASCII characters percent-encoded, existing escapes kept: one spelling per path.
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_EXACT and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, path or "/", urlencode(query), ""))


def identity_key(url: str) -> str | None:
    """Looser than `canonical_url`, for recognising one document: http/https, `www.`, a trailing slash and
    the order of query parameters do not make a different article."""
    canon = canonical_url(url)
    return None if canon is None else identity_of_canonical(canon)


def identity_of_canonical(canon: str) -> str:
    """`identity_key` of a URL already in canonical form (saves parsing it twice when both are needed)."""
    parts = urlsplit(canon)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"url:{host}{path}" + (f"?{query}" if query else "")


def outlet_of(url: str | None) -> str | None:
    """The registrable domain (e.g. `japantimes.co.jp`), the contract's default outlet."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _registrable_domain(host)


@functools.lru_cache(maxsize=8192)
def _registrable_domain(host: str) -> str:
    # Cached by host: a backfill stores thousands of articles from the same few outlets.
    extracted = _extractor()(host)
    domain: str = extracted.top_domain_under_public_suffix
    return domain or host.lower()
