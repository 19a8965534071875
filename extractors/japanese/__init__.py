"""The Japanese pipeline: Japanese-language articles to the same contact EVENTs as the English one.

`detect.is_japanese` decides the language (kana in the text; a feed's or record's `language` overrides it),
`gate.is_relevant_ja` is the cheap substring gate (no segmentation), `model.nlp_ja` loads `ja_ginza` once per
process on first use, and `rules.events_from_ja_doc` reads contacts from the parsed text: one mention per
contact word whose sentence names both sides, status from the Japanese predicate's tense and modality, dates
resolved against the publication date, place, level from who met, news vs background. Names, places, offices
and cue words are data (`extractors/data/ja.json`), mapped to the English gazetteer's values, so a contact read
in Japanese and in English is one event.
"""
