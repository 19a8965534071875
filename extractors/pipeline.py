"""One parsed document to EVENTs: the glue between the mention rules and the event assembly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.assemble import fill_from_context, is_history_genre, merge, to_events
from extractors.contacts import DocAnalysis, MentionFinder
from extractors.events import Article, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc


def events_from_doc(doc: Doc, article: Article, text: str | None = None, offset: int = 0) -> list[Event]:
    """EVENTs of one parsed document; `text` (the article text) starts `offset` characters into `doc`."""
    analysis = DocAnalysis(doc, article.published, article.published_period)
    if not analysis.triggers:
        return []
    mentions = MentionFinder(analysis).run()
    # Without a publication day, the day the story says it was filed (dateline, page line) stands in for it.
    drafts = merge(
        mentions,
        article.published or analysis.published,
        analysis.period_end,
        history_genre=is_history_genre(analysis.text),
    )
    fill_from_context(drafts, analysis)
    body = analysis.text if text is None else text
    return to_events(drafts, body, article.id, analysis.dateline, offset, analysis.dateline_code)
