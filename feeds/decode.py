"""Content-Encoding decoding that never inflates past the size cap.

httpx's own decoders inflate each network chunk in one call, so a 64 KiB chunk of a gzip bomb becomes
~64 MiB before anyone can count it. Here every decompress call is bounded by the bytes still allowed
(`max_length`), so a bomb costs at most `max_bytes` of memory and is cut as soon as it passes the cap.
"""

from __future__ import annotations

import zlib


class BodyTooLargeError(Exception):
    """The decoded body passed max_bytes."""


class UnsupportedEncodingError(Exception):
    """A Content-Encoding we did not advertise and cannot decode under the cap."""


_GZIP_MAGIC = b"\x1f\x8b"


class BoundedDecoder:
    """Feed raw (possibly compressed) chunks, get decoded bytes; raise once the total passes `limit`."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise UnsupportedEncodingError(f"stacked content-encoding {content_encoding!r} not supported")
        coding = codings[0] if codings else "identity"
        if coding == "x-gzip":
            coding = "gzip"
        if coding not in ("identity", "gzip", "deflate"):
            raise UnsupportedEncodingError(f"unsupported content-encoding {coding!r}")
        self._coding = coding
        self._limit = limit
        self._total = 0
        self._inflater: zlib._Decompress | None = None
        self._done = False  # gzip/deflate stream ended: trailing bytes are ignored

    @property
    def total(self) -> int:
        return self._total

    def _count(self, out: bytes) -> bytes:
        self._total += len(out)
        if self._total > self._limit:
            raise BodyTooLargeError(f"body over max_bytes ({self._limit})")
        return out

    def feed(self, raw: bytes) -> bytes:
        if self._coding == "identity":
            return self._count(raw)
        if self._done or not raw:
            return b""
        out = bytearray()
        data = raw
        while data:
            if self._inflater is None:
                self._inflater = self._new_inflater(data)
            # One byte more than allowed tells "over the cap" apart from "exactly at the cap".
            budget = self._limit - self._total + 1
            try:
                chunk = self._inflater.decompress(data, budget)
            except zlib.error as exc:
                raise UnsupportedEncodingError(f"invalid {self._coding} body: {exc}") from None
            out += self._count(chunk)
            if self._inflater.unconsumed_tail:
                # Output stopped at the budget without passing it: keep inflating the rest.
                data = self._inflater.unconsumed_tail
                continue
            if self._inflater.eof:
                rest = self._inflater.unused_data
                self._inflater = None
                # Concatenated gzip members are one body (RFC 1952); anything else after the end is junk.
                if self._coding == "gzip" and rest.startswith(_GZIP_MAGIC):
                    data = rest
                    continue
                self._done = True
            break
        return bytes(out)

    def flush(self) -> bytes:
        if self._inflater is None:
            return b""
        try:
            tail = self._inflater.flush()
        except zlib.error:
            tail = b""  # a truncated stream: keep what was decoded (feed parsers cope with a cut tail)
        return self._count(tail)

    def _new_inflater(self, first: bytes) -> zlib._Decompress:
        if self._coding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" should be zlib-wrapped (RFC 9110) but many servers send raw deflate: sniff the header.
        if len(first) >= 2 and (first[0] & 0x0F) == 8 and ((first[0] << 8) | first[1]) % 31 == 0:
            return zlib.decompressobj(zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS)
