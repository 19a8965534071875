"""The timeline chart, drawn on the server as SVG: one row per year, one column per month (and one for
contacts known only to the year); in each cell a mark per status: shaped by status, coloured by the highest
level among its contacts (a CSS class), sized by how many contacts it stands for. No script: each mark has a
`<title>` tooltip, and each month links to the list filtered to it.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.events import LEVELS, STATUSES
from storage.event_queries import ChartCell

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABEL_W = 44  # the year labels' column
CELL_W = 58
CELL_H = 22
HEAD_H = 18
MARKS_PER_CELL = 4  # more statuses in one month are folded into a "+n" mark
MAX_YEARS = 120  # rows drawn; a longer history shows its latest years (the list covers the rest)
STEP = 14

# Status -> shape; level -> CSS class `lv-<level>` (the colours live in style.css).
SHAPES = {
    "held": "circle",
    "ongoing": "square",
    "scheduled": "triangle",
    "proposed": "diamond",
    "cancelled": "cross",
    "refused": "triangle-down",
}


@dataclass(frozen=True)
class Mark:
    shape: str  # circle | square | triangle | diamond | cross | triangle-down | more
    level: str
    status: str
    x: float
    y: float
    r: float
    title: str
    points: str = ""  # for polygon shapes
    label: str = ""  # the "+n" mark's text


@dataclass(frozen=True)
class Cell:
    """One month (or a year's "year only" column) with contacts: its marks share one link, to the list
    filtered to that month."""

    href: str
    marks: list[Mark]


@dataclass
class Chart:
    width: int
    height: int
    years: list[tuple[int, float]] = field(default_factory=list)  # (year, y of its row's middle)
    columns: list[tuple[str, float]] = field(default_factory=list)  # (label, x of its middle)
    cells: list[Cell] = field(default_factory=list)
    hlines: list[float] = field(default_factory=list)  # y of the grid's horizontal lines
    vlines: list[float] = field(default_factory=list)  # x of its vertical lines
    total: int = 0
    hidden_years: int = 0

    @property
    def marks(self) -> list[Mark]:
        return [m for c in self.cells for m in c.marks]


def _radius(count: int) -> float:
    return round(min(7.0, 4.5 + 1.0 * math.log2(count)), 1)


def _points(shape: str, x: float, y: float, r: float) -> str:
    if shape == "triangle":
        pts = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    elif shape == "triangle-down":
        pts = [(x, y + r), (x + r, y - r * 0.8), (x - r, y - r * 0.8)]
    elif shape == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "cross":
        w = r * 0.35
        pts = [
            (x - r, y - r + w), (x - r + w, y - r), (x, y - w), (x + r - w, y - r), (x + r, y - r + w), (x + w, y),
            (x + r, y + r - w), (x + r - w, y + r), (x, y + w), (x - r + w, y + r), (x - r, y + r - w), (x - w, y),
        ]  # fmt: skip
    else:
        return ""
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)


_STATUS_ORDER: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}


def _period_range(year: int, month: int) -> tuple[str, str]:
    """The `date_from`/`date_to` of a cell's link: its month, or (month 13) its whole year."""
    if month == 13:
        return f"{year}-01-01", f"{year}-12-31"
    return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def build_chart(cells: Sequence[ChartCell], link: str) -> Chart:
    """`link` is the list's URL for this pair with a trailing `&` or `?`, to which the cell's dates are added."""
    by_cell: dict[tuple[int, int], list[ChartCell]] = {}
    for cell in cells:
        period = cell.period
        if len(period) < 4 or not period[:4].isdigit():
            continue
        month = int(period[5:7]) if len(period) >= 7 and period[5:7].isdigit() else 13
        by_cell.setdefault((int(period[:4]), month), []).append(cell)
    total = sum(c.count for c in cells)
    columns = [*MONTHS, "year"]
    width = LABEL_W + CELL_W * len(columns)
    if not by_cell:
        return Chart(width=width, height=HEAD_H + CELL_H, total=total)
    first, last = min(y for y, _ in by_cell), max(y for y, _ in by_cell)
    years = list(range(last, first - 1, -1))  # newest year on top, as the list below
    hidden = max(0, len(years) - MAX_YEARS)
    years = years[:MAX_YEARS]
    chart = Chart(width=width, height=HEAD_H + CELL_H * len(years), total=total, hidden_years=hidden)
    chart.columns = [(label, LABEL_W + CELL_W * i + CELL_W / 2) for i, label in enumerate(columns)]
    chart.hlines = [HEAD_H + CELL_H * i for i in range(len(years) + 1)]
    chart.vlines = [LABEL_W + CELL_W * i for i in range(len(columns) + 1)]
    for row, year in enumerate(years):
        top = HEAD_H + CELL_H * row
        y = top + CELL_H / 2
        chart.years.append((year, y))
        for month in range(1, 14):
            groups = by_cell.get((year, month))
            if not groups:
                continue
            groups.sort(key=lambda c: _STATUS_ORDER.get(c.status, len(STATUSES)))
            shown = groups if len(groups) <= MARKS_PER_CELL else groups[: MARKS_PER_CELL - 1]
            x0 = LABEL_W + CELL_W * (month - 1) + 8
            marks = []
            for i, cell in enumerate(shown):
                shape = SHAPES.get(cell.status, "circle")
                x, r = x0 + STEP * i, _radius(cell.count)
                level = cell.level.replace("_", " ")
                title = f"{cell.period}: {cell.count} \u00d7 {cell.status}, " + (
                    level if cell.count == 1 else f"highest level {level}"
                )
                marks.append(
                    Mark(
                        shape=shape,
                        level=cell.level if cell.level in LEVELS else "unknown",
                        status=cell.status,
                        x=x,
                        y=y,
                        r=r,
                        title=title,
                        points=_points(shape, x, y, r),
                    )
                )
            rest = groups[len(shown) :]
            if rest:
                n = sum(c.count for c in rest)
                marks.append(
                    Mark(
                        shape="more",
                        level="unknown",
                        status="",
                        x=x0 + STEP * len(shown),
                        y=y,
                        r=0,
                        title=f"{rest[0].period}: {n} more in other statuses",
                        label=f"+{n}",
                    )
                )
            date_from, date_to = _period_range(year, month)
            chart.cells.append(Cell(href=f"{link}date_from={date_from}&date_to={date_to}", marks=marks))
    return chart


def legend() -> tuple[list[tuple[str, str, str]], list[str]]:
    """(status, shape, polygon points) for each status at the origin of a small box, and the levels."""
    return [(s, shape, _points(shape, 8, 8, 6)) for s, shape in SHAPES.items()], list(LEVELS)
