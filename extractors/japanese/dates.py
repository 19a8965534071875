"""Japanese date expressions resolved against the publication date (never defaulting to it).

30日, 9月17日, 2004年5月22日, 平成16年5月22日, 02年9月, 二十四日 (kanji numerals), きのう/昨日, おととい, きょう/本日,
あす/明日, 先週/今週/来週 (their month), 今月/先月/来月 (with 上旬/中旬/下旬 or a day), 今年/昨年/来年 with a month,
今春/昨秋 (their year). A day alone is the latest such day not after publication, or the next one for a coming contact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUM = r"[0-9０-９〇一二三四五六七八九十]+"
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}

DATE_RE = re.compile(
    rf"(?:(?P<era>令和|平成|昭和)(?P<eyear>{_NUM}|元)年|(?P<year>{_NUM})年|(?P<rel_year>今年|昨年|去年|来年|本年|同年))?"
    rf"(?:(?P<month>{_NUM})月|(?P<rel_month>今月|先月|来月|同月))?"
    rf"(?:(?P<day>{_NUM})(?:[、,・〜~～\-―－]|から)?(?:{_NUM})?(?:の両日|両日|日)|(?P<part>上旬|中旬|下旬|初旬|初頭|初め|末|春|夏|秋|冬))?"
)
RELATIVE_DAY = re.compile(r"おととい|一昨日|きのう|昨日|きょう|今日|本日|あす|あした|明日")
_RELATIVE_OFFSET = {"おととい": -2, "一昨日": -2, "きのう": -1, "昨日": -1, "きょう": 0, "今日": 0, "本日": 0,
                    "あす": 1, "あした": 1, "明日": 1}  # fmt: skip

RELATIVE_WEEK = re.compile(r"先週末|先週|今週|来週")
# 今春, 昨秋, 来夏: a season of this, last or next year (the year; the contract has no season precision).
RELATIVE_SEASON = re.compile(r"(今|昨|来)(?:春|夏|秋|冬)")
_SEASON_YEAR = {"今": 0, "昨": -1, "来": 1}
_WEEK_OFFSET = {"先週末": -5, "先週": -7, "今週": 0, "来週": 7}


@dataclass(frozen=True, slots=True)
class JaDate:
    start: int  # character offsets of the expression
    end: int
    value: str  # YYYY-MM-DD / YYYY-MM / YYYY
    precision: str  # day / month / year


def to_int(text: str) -> int | None:
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch] if current else _KANJI_DIGITS[ch]
        else:
            return None
    return total + current


def _year(m: re.Match[str], published: dt.date | None) -> int | None:
    if m.group("era"):
        n = to_int(m.group("eyear"))
        return None if n is None else _ERAS[m.group("era")] + n
    if m.group("year"):
        n = to_int(m.group("year"))
        if n is None:
            return None
        if n < 100:  # 02年 -> 2002, 98年 -> 1998
            pivot = (published.year % 100) if published else 30
            return 2000 + n if n <= pivot + 1 else 1900 + n
        return n
    rel = m.group("rel_year")
    if rel and published:
        return published.year + {"今年": 0, "本年": 0, "同年": 0, "昨年": -1, "去年": -1, "来年": 1}[rel]
    return None


def _valid(y: int, mo: int, d: int | None = None) -> bool:
    try:
        dt.date(y, mo, 1 if d is None else d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def resolve(m: re.Match[str], published: dt.date | None, *, future: bool = False) -> JaDate | None:
    """One matched expression to a date, or None when it cannot be placed (no year and no publication date)."""
    year = _year(m, published)
    month = to_int(m.group("month")) if m.group("month") else None
    rel_month = m.group("rel_month")
    day = to_int(m.group("day")) if m.group("day") else None
    part = m.group("part")
    if year is None and month is None and rel_month is None and day is None:
        return None
    if month is None and rel_month is None and day is None and part in ("末", "初め", "初旬", "初頭"):
        month = 12 if part == "末" else 1  # 昨年末, 今年初め: the year's last or first month
    if rel_month and published:
        shift = {"今月": 0, "同月": 0, "先月": -1, "来月": 1}[rel_month]
        idx = published.year * 12 + published.month - 1 + shift
        year, month = idx // 12, idx % 12 + 1
    if month is None and day is not None:
        if published is None or year is not None:
            return None
        year, month = published.year, published.month
        if (day > published.day and not future) or (future and day < published.day - 3):
            idx = year * 12 + month - 1 + (1 if future else -1)
            year, month = idx // 12, idx % 12 + 1
    if year is None and month is not None:
        if published is None:
            return None
        year = published.year
        if month > published.month + 1 and not future:
            year -= 1  # "12月" in a January article
    if year is None:
        return None
    if month is None:
        return JaDate(m.start(), m.end(), f"{year:04d}", "year") if _valid(year, 1) else None
    if day is None or part:
        if part in ("春",) and m.group("month") is None and rel_month is None:
            return JaDate(m.start(), m.end(), f"{year:04d}", "year") if _valid(year, 1) else None
        return JaDate(m.start(), m.end(), f"{year:04d}-{month:02d}", "month") if _valid(year, month) else None
    if not _valid(year, month, day):
        return None
    return JaDate(m.start(), m.end(), f"{year:04d}-{month:02d}-{day:02d}", "day")


def find_dates(text: str, published: dt.date | None, *, future: bool = False, relative: bool = True) -> list[JaDate]:
    """Every placeable date expression in `text`, in order (offsets into `text`); `relative`: whether きのう, あす
    ... count from `published` (not when it stands for a month's last day)."""
    out: list[JaDate] = []
    for m in DATE_RE.finditer(text):
        if m.end() == m.start():
            continue
        if not (m.group("day") or m.group("month") or m.group("rel_month") or m.group("part")):
            # a bare year needs 年 and a following non-number (年 alone as "years" is common: 4年ぶり)
            if not (m.group("era") or m.group("year") or m.group("rel_year")):
                continue
            tail = text[m.end() : m.end() + 2]
            if m.group("year") and tail.startswith(("ぶり", "間", "前")):
                continue
            if m.group("year") and len(m.group("year")) < 4:
                continue
        if m.group("day") and not m.group("month") and not m.group("rel_month"):
            before = text[max(0, m.start() - 1) : m.start()]
            after = text[m.end() : m.end() + 2]
            if before.isdigit() or after.startswith(("間", "本", "程")):
                continue  # 2日間 (two days), 日本
        resolved = resolve(m, published, future=future)
        if resolved is not None:
            out.append(resolved)
    if published is not None:
        for m in RELATIVE_SEASON.finditer(text):
            year = published.year + _SEASON_YEAR[m.group(1)]
            out.append(JaDate(m.start(), m.end(), f"{year:04d}", "year"))
    if published is not None and relative:
        for m in RELATIVE_DAY.finditer(text):
            day = published + dt.timedelta(days=_RELATIVE_OFFSET[m.group()])
            out.append(JaDate(m.start(), m.end(), day.isoformat(), "day"))
        for m in RELATIVE_WEEK.finditer(text):
            # 先週: no day, so the month of the week's middle (the contract has no week precision)
            day = published + dt.timedelta(days=_WEEK_OFFSET[m.group()])
            out.append(JaDate(m.start(), m.end(), f"{day.year:04d}-{day.month:02d}", "month"))
    return sorted(out, key=lambda d: d.start)
