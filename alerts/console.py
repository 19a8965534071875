"""Console delivery: a readable rich panel of the alert.

Article text reaches the terminal only after `render.clean()` removed escape sequences and control/format
characters, and only inside `rich.text.Text` objects, which rich never parses for markup (so no
`rich.markup.escape` is needed: there is no markup string at all), and is printed with highlighting off.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from alerts.message import AlertMessage, DeliveryOutcome, failure, success
from alerts.render import MAX_ARTICLES, MAX_EVIDENCE, articles, evidence_sentences, fields, footer
from alerts.render import render_subject as _subject

_STYLES = {"contact.detected": "green", "contact.status_changed": "yellow", "test": "magenta"}


def alert_panel(message: AlertMessage) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in fields(message):
        grid.add_row(Text(label), Text(value))
    parts: list[Table | Text] = [grid]
    evidence = evidence_sentences(message.event)
    if evidence:
        parts.append(Text("\nEvidence", style="bold"))
        parts += [Text(f"  “{sentence}”", style="italic") for sentence in evidence[:MAX_EVIDENCE]]
    links = articles(message.event)
    if links:
        parts.append(Text("\nArticles", style="bold"))
        parts += [Text(f"  {text}", style="underline" if link else "") for text, link in links[:MAX_ARTICLES]]
    parts.append(Text(f"\n{footer(message)}", style="dim"))
    style = _STYLES.get(message.type, "white")
    return Panel(
        Group(*parts),
        title=Text(_subject(message), style=f"bold {style}"),
        title_align="left",
        border_style=style,
    )


def send_console(message: AlertMessage, console: Console | None = None) -> DeliveryOutcome:
    out = console if console is not None else Console()
    try:
        out.print(alert_panel(message), highlight=False)
    except (OSError, ValueError) as exc:  # a closed or broken stream
        return failure(f"console output failed: {type(exc).__name__}: {exc}", permanent=False)
    return success()
