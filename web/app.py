"""The Starlette application: server-rendered pages, the Atom feed and `/api/events`, all read-only.

Every page is a Jinja2 template with autoescaping on for everything (stored text is hostile input), served
under a Content-Security-Policy that allows no script at all (`web/guard.py`). Handlers are plain functions:
Starlette runs them in its thread pool, each with one short read-only session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from alerts.render import LEVEL_WORDS, clean, pair_name, safe_link
from common.dates import aware
from config.settings import Settings
from extractors.events import LEVELS, STATUSES
from storage import event_queries as q
from storage.db import session_factory
from storage.event_view import event_json
from storage.feeds import feed_health
from storage.models import Event as EventRow
from storage.models import utcnow
from web import atom
from web.chart import build_chart, legend
from web.guard import Guard
from web.highlight import highlight
from web.params import BadParameterError, filter_query, parse_filter, parse_int, parse_pair, with_query

HERE = Path(__file__).parent
PER_PAGE = 50
API_PER_PAGE = 100
API_MAX_PER_PAGE = 1000
ATOM_ENTRIES = 50
ARTICLES_SHOWN = 50  # per list on an event page (a wire story can have hundreds of copies)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension (.html, .xml)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = safe_link
    env.filters["pair"] = lambda codes: pair_name({"countries": list(codes)})
    env.filters["level"] = lambda level: LEVEL_WORDS.get(level, str(level).replace("_", " "))
    env.filters["when"] = lambda moment: atom.rfc3339(moment).replace("T", " ").replace("Z", " UTC") if moment else ""
    return env


def _who(participants: object) -> str:
    if not isinstance(participants, list):
        return ""
    names = [clean(p.get("name") or p.get("title"), 80) for p in participants if isinstance(p, dict)]
    return ", ".join(n for n in names if n)


def _where(row: EventRow) -> str:
    return ", ".join(x for x in (row.venue, row.location) if x)


def _watched_pairs(settings: Settings) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for watch in settings.watch:
        pair = (watch.countries[0], watch.countries[1])
        if pair not in out:
            out.append(pair)
    return out


def create_app(settings: Settings) -> Starlette:
    env = _environment()
    sessions = session_factory(settings.database.url)
    token = settings.web.token.get_secret_value() if settings.web.token else None

    @contextmanager
    def reading() -> Iterator[Session]:
        with sessions() as session:  # closed (never committed) at the end: the view writes nothing
            yield session

    def page(name: str, request: Request, *, code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(request_path=request.url.path, **context)
        return HTMLResponse(html, status_code=code, headers={"cache-control": "no-cache"})

    def error_page(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return page("error.html", request, code=status, title=f"{status}", message=message)

    def guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def run(request: Request) -> Response:
            try:
                return handler(request)
            except BadParameterError as exc:
                return error_page(request, 400, str(exc))

        return run

    def timeline(request: Request) -> Response:
        params = request.query_params
        f = parse_filter(params)
        number = parse_int(params, "page", 1)
        per_page = parse_int(params, "per_page", PER_PAGE, high=q.MAX_PER_PAGE)
        chart_pairs = [f.pair] if f.pair else _watched_pairs(settings)
        base = filter_query(f)
        with reading() as session:
            charts = []
            for pair in chart_pairs:
                cells, undated = q.timeline_counts(session, replace(f, pair=pair, date_from=None, date_to=None))
                link_params = {**{k: v for k, v in base.items() if k not in ("date_from", "date_to")}}
                link_params["pair"] = "-".join(pair)
                link = with_query("/", link_params) + "&"
                charts.append({"pair": pair, "chart": build_chart(cells, link), "undated": undated})
            result = q.event_page(session, f, page=number, per_page=per_page)
            pairs = sorted({*_watched_pairs(settings), *q.stored_pairs(session)})
            rows = [
                {
                    "id": r.id,
                    "date": r.date,
                    "pair": (r.country_a, r.country_b),
                    "status": r.status,
                    "level": r.level,
                    "mode": r.mode,
                    "where": _where(r),
                    "who": _who(r.participants),
                    "sources": r.sources,
                    "background": r.background,
                }
                for r in result.rows
            ]
        extra = {"per_page": str(per_page)} if per_page != PER_PAGE else {}

        def page_url(n: int) -> str:
            return with_query("/", {**base, **extra, "page": str(n) if n > 1 else ""})

        statuses, levels = legend()
        return page(
            "timeline.html",
            request,
            title="Timeline",
            charts=charts,
            rows=rows,
            result=result,
            f=f,
            form={"pair": "-".join(f.pair) if f.pair else "", **base},
            pairs=pairs,
            statuses=STATUSES,
            levels=LEVELS,
            legend_statuses=statuses,
            legend_levels=levels,
            prev_url=page_url(result.page - 1) if result.page > 1 else None,
            next_url=page_url(result.page + 1) if result.page < result.pages else None,
            api_url=with_query("/api/events", base),
        )

    def event_page(request: Request) -> Response:
        try:
            event_id = int(request.path_params["event_id"])
        except ValueError:
            return error_page(request, 404, "no such event")
        with reading() as session:
            row = session.get(EventRow, event_id)
            if row is None:
                return error_page(request, 404, f"no event with id {event_id}")
            data = event_json(session, row)
            reporting, recalling = q.event_articles(session, event_id, limit=ARTICLES_SHOWN)
            n_reporting, n_recalling = q.event_article_counts(session, event_id)

        def shown(items: list[q.LinkedArticle]) -> list[dict[str, Any]]:
            return [{"article": a, "marked": highlight(a.text, a.evidence), "link": safe_link(a.url)} for a in items]

        return page(
            "event.html",
            request,
            title=f"Event {event_id}",
            ev=data,
            row=row,
            reporting=shown(reporting),
            recalling=shown(recalling),
            n_reporting=n_reporting,
            n_recalling=n_recalling,
            updated=atom.last_change(row),
        )

    def feeds(request: Request) -> Response:
        now = utcnow()
        with reading() as session:
            health = feed_health(session)
        known = {h.name for h in health}
        configured = {f.name: f for f in settings.feeds}
        rows = []
        for h in health:
            due = aware(h.next_attempt_at) if h.next_attempt_at else None
            cfg = configured.get(h.name)
            state = "disabled" if h.disabled or (cfg is not None and not cfg.enabled) else "ok"
            if state == "ok" and h.consecutive_failures:
                state = "failing"
            rows.append(
                {
                    "h": h,
                    "state": state,
                    "configured": cfg is not None,
                    "backoff": due is not None and due > now and h.consecutive_failures > 0,
                    "due": due,
                    "link": safe_link(h.url),
                }
            )
        never = [f for f in settings.feeds if f.name not in known]
        return page("feeds.html", request, title="Feeds", rows=rows, never=never)

    def alerts(request: Request) -> Response:
        params = request.query_params
        status = params.get("status") or None
        if status is not None and status not in ("pending", "sent", "failed", "dead"):
            raise BadParameterError("status: one of pending, sent, failed, dead")
        number = parse_int(params, "page", 1)
        with reading() as session:
            rows, total = q.alert_page(session, page=number, per_page=PER_PAGE, status=status)
        pages = max(1, -(-total // PER_PAGE))
        base = {"status": status or ""}
        return page(
            "alerts.html",
            request,
            title="Alerts",
            rows=rows,
            total=total,
            status=status,
            page_no=number,
            pages=pages,
            prev_url=with_query("/alerts", {**base, "page": str(number - 1)}) if number > 1 else None,
            next_url=with_query("/alerts", {**base, "page": str(number + 1)}) if number < pages else None,
        )

    def events_atom(request: Request) -> Response:
        name = request.query_params.get("watch")
        watches = list(settings.watch)
        if name:
            watches = [w for w in settings.watch if w.name == name]
            if not watches:
                known = ", ".join(w.name for w in settings.watch)
                return error_page(request, 404, f"watch: no watch named {name[:80]!r} (configured: {known})")
        base = str(request.base_url).rstrip("/")
        with reading() as session:
            rows = q.recently_changed(session, [q.watch_filter(w) for w in watches], limit=ATOM_ENTRIES)
            entries = [
                atom.build_entry(r, event_json(session, r), atom.matching_watch(r, watches), f"{base}/events/{r.id}")
                for r in rows
            ]
        updated = max((e.updated for e in entries), default=atom.rfc3339(dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
        self_url = with_query(f"{base}/events.atom", {"watch": name or ""})
        xml = env.get_template("events.atom.xml").render(
            entries=entries,
            feed_id=atom.feed_id(name),
            title="talkwatch: contacts" + (f" ({name})" if name else ""),
            updated=updated,
            self_url=self_url,
            home=f"{base}/",
        )
        return Response(atom.xml_safe(xml), media_type="application/atom+xml; charset=utf-8")

    def api_events(request: Request) -> Response:
        params = request.query_params
        f = parse_filter(params)
        number = parse_int(params, "page", 1)
        per_page = parse_int(params, "per_page", API_PER_PAGE, high=API_MAX_PER_PAGE)
        with reading() as session:
            result = q.event_page(session, f, page=number, per_page=per_page)
            body = [event_json(session, r) for r in result.rows]
        headers = {"x-total-count": str(result.total)}
        base = filter_query(f)
        links = []
        for rel, n in (("prev", result.page - 1), ("next", result.page + 1)):
            if 1 <= n <= result.pages and n != result.page:
                url = with_query("/api/events", {**base, "page": str(n), "per_page": str(per_page)})
                links.append(f'<{url}>; rel="{rel}"')
        if links:
            headers["link"] = ", ".join(links)
        return JSONResponse(body, headers=headers)

    routes = [
        Route("/", guarded(timeline)),
        Route("/events/{event_id}", guarded(event_page)),
        Route("/feeds", guarded(feeds)),
        Route("/alerts", guarded(alerts)),
        Route("/events.atom", guarded(events_atom)),
        Route("/api/events", guarded(api_events)),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_page(request, 404, "not found")

    app = Starlette(routes=routes, exception_handlers={404: not_found})
    app.add_middleware(Guard, token=token)
    return app


__all__ = ["create_app", "parse_pair"]
