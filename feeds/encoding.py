"""Decide a feed body's character encoding ourselves, then hand feedparser clean UTF-8.

Declarations lie: servers send `charset=utf-8` over windows-1252 files, and XML declarations claim
iso-8859-1 over UTF-8. Strict UTF-8 almost never decodes text that is really in a legacy 8-bit or CJK
encoding, so a body that is valid UTF-8 is read as UTF-8 whatever it claims; otherwise the declarations
are tried in order, then a guess.
"""

from __future__ import annotations

import codecs
import re
from email.message import Message

_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_XML_DECL_TEXT = re.compile(r"""^(\s*<\?xml[^>]{0,200}?encoding\s*=\s*["'])([A-Za-z0-9._:-]{1,40})(["'])""")
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# "<?" in UTF-16/32 without a BOM (XML 1.0 appendix F).
_NULL_PATTERNS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
# WHATWG: these labels mean windows-1252 in practice (its C1 range holds the curly quotes people type).
_AS_CP1252 = frozenset({"iso8859-1", "latin-1", "ascii", "cp1252"})


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return charset.strip().strip("\"'") if isinstance(charset, str) and charset.strip() else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str | None]:
    """The body as text, and a warning when the declared encoding had to be overridden."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace"), None
    head = body[:4]
    for pattern, codec in _NULL_PATTERNS:
        if head == pattern:
            return body.decode(codec, errors="replace"), None

    declared_labels = [header_charset(content_type)]
    match = _XML_DECL.match(body[:512])
    declared_labels.append(match.group(1).decode("ascii") if match else None)
    declared = [c for c in (_codec(label) for label in declared_labels) if c]

    text = _strict(body, "utf-8")
    if text is not None:
        used = "utf-8"
    else:
        used = ""
        for codec in declared:
            if codec == "utf-8":
                continue
            text = _strict(body, codec)
            if text is not None:
                used = codec
                break
        if text is None:
            used = _guess(body)
            text = body.decode(used, errors="replace")
    warning = None
    if declared and used != declared[0] and not body.isascii():
        label = next(label for label in declared_labels if label)
        warning = f"declared charset {label} but the body is {used}"
    return text, warning


def _guess(body: bytes) -> str:
    """Neither UTF-8 nor what was declared. Mislabelled Western text is by far the common case, so
    windows-1252 unless a detector is sure of a multi-byte (CJK) encoding, which 8-bit guesses would
    turn into mojibake."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: trafilatura brings it
        return "cp1252"
    best = from_bytes(body[:65536]).best()
    codec = _codec(best.encoding) if best is not None else None
    return codec if codec in _MULTIBYTE else "cp1252"


_MULTIBYTE = frozenset(
    {
        "shift_jis",
        "shift_jis_2004",
        "shift_jisx0213",
        "cp932",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "iso2022_jp",
        "gb2312",
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_kr",
        "cp949",
        "johab",
    }
)


def declare_utf8(text: str) -> str:
    """Make the XML declaration agree with the UTF-8 bytes feedparser will get."""
    return _XML_DECL_TEXT.sub(r"\g<1>utf-8\g<3>", text, count=1)
