"""Whether an exception in a contact rule is swallowed or raised.

In production a rule tripping over a strange parse loses that trigger (`contacts.MentionFinder.run`) or that
article (`extractors._events_or_none`), never the batch. Under tests that fallback would hide a bug in a rule
as a silently missing contact, so tests/conftest.py sets `STRICT` and the exception propagates.
"""

from __future__ import annotations

# Read at each catch, so it can be set after import.
STRICT = False
