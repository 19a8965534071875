"""The migrations build exactly the models' schema, on SQLite and PostgreSQL, and upgrade a database in place."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.db import get_engine
from storage.models import Alert, Base


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_claim_holder_columns_are_added_to_an_existing_database(db_url: str) -> None:
    """A database at the first revision, with a delivery claimed by an older dispatcher, upgrades in place:
    the row keeps its claim, with no holder recorded, so only its lease can free it."""
    import datetime as dt

    import sqlalchemy as sa
    from alembic import command

    from storage.db import _alembic_config, make_engine, session_factory
    from storage.models import utcnow
    from storage.outbox import CLAIM_LEASE, due_ids

    now = utcnow()
    old = make_engine(db_url)
    cfg = _alembic_config()
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with old.begin() as conn:
        events = sa.Table("events", sa.MetaData(), autoload_with=conn)
        alerts = sa.Table("alerts", sa.MetaData(), autoload_with=conn)
        assert "claimed_host" not in alerts.c
        event_id = conn.execute(
            events.insert().values(
                kind="contact",
                country_a="JPN",
                country_b="PRK",
                status="held",
                level="working",
                mode="in_person",
                participants=[],
                background=False,
                confidence=0.9,
                codes={},
                evidence=[],
                sources=1,
                status_history=[],
                extractor_version="t",
                first_seen=now,
                last_seen=now,
            )
        ).inserted_primary_key[0]
        conn.execute(
            alerts.insert().values(
                public_id="msg_old",
                event_id=event_id,
                watch="w",
                channel="c",
                recipient="",
                trigger="status:held",
                type="contact.detected",
                status="pending",
                attempts=0,
                created_at=now,
                claimed_at=now,
            )
        )
    old.dispose()

    get_engine(db_url)  # migrates to head
    with session_factory(db_url)() as s:
        assert due_ids(s, now + CLAIM_LEASE / 2) == []  # no holder to look up: the lease stands
        [alert_id] = due_ids(s, now + CLAIM_LEASE + dt.timedelta(seconds=1))
        row = s.get(Alert, alert_id)
        assert row is not None and row.public_id == "msg_old"
        assert (row.claimed_host, row.claimed_pid, row.claimed_started) == (None, None, None)


def test_copies_at_one_outlet_are_folded_into_the_earliest_before_the_unique_index(db_url: str) -> None:
    """A database at 0004 holding the same text at one outlet under three addresses (as two workers could
    store it before the index) upgrades to head: the earliest row stays; the others' event links (a report
    and a recollection, one of them on an event the earliest links too), bands, cluster and citations move to
    it; nothing else is touched; the index then refuses a fourth copy."""
    import sqlalchemy as sa
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from storage.db import _alembic_config, make_engine
    from storage.models import utcnow

    now = utcnow()
    old = make_engine(db_url)
    cfg = _alembic_config()
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004_alert_claim_holder")
    meta = sa.MetaData()
    with old.begin() as conn:
        meta.reflect(conn)
        articles, events, links, bands, alerts = (
            meta.tables[t] for t in ("articles", "events", "event_articles", "text_bands", "alerts")
        )

        def article(key: str, outlet: str | None, digest: str, cluster: int | None = None) -> int:
            values = {
                "article_key": key,
                "canonical_url": key,
                "url": key,
                "text": f"text {digest}",
                "outlet": outlet,
                "content_hash": digest,
                "fetched_at": now,
                "alerts_allowed": True,
                "extracted_version": "v1",
            }
            aid = int(conn.execute(articles.insert().values(**values)).inserted_primary_key[0])
            conn.execute(articles.update().where(articles.c.id == aid).values(text_cluster_id=cluster or aid))
            return aid

        def event(evidence_ref: str) -> int:
            ev = [{"article": evidence_ref, "start": 0, "end": 4, "text": "text"}]
            history = [{"status": "held", "at": now.isoformat(), "article": evidence_ref}]
            return int(
                conn.execute(
                    events.insert().values(
                        kind="contact",
                        country_a="JPN",
                        country_b="PRK",
                        status="held",
                        level="unknown",
                        mode="unknown",
                        participants=[],
                        background=False,
                        confidence=0.9,
                        codes={},
                        evidence=ev,
                        sources=1,
                        status_history=history,
                        extractor_version="v1",
                        first_seen=now,
                        last_seen=now,
                    )
                ).inserted_primary_key[0]
            )

        def link(event_id: int, article_id: int, ref: str, *, background: bool) -> None:
            conn.execute(
                links.insert().values(
                    event_id=event_id,
                    article_id=article_id,
                    outlet="a.example",
                    background=background,
                    status="held",
                    evidence=[{"article": ref, "start": 0, "end": 4, "text": "text"}],
                    created_at=now,
                )
            )

        first = article("https://a.example/1", "a.example", "h1")
        second = article("https://a.example/2", "a.example", "h1", cluster=first)
        third = article("https://a.example/3", "a.example", "h1")  # its own cluster (a race): others joined it
        wire = article("https://b.example/w", "b.example", "h1", cluster=third)  # another outlet: stays
        loner = article("https://a.example/4", "a.example", "h2")  # another text: stays
        no_outlet = [article("text:h3", None, "h3"), article("text:h3b", None, "h3")]  # no outlet: untouched
        both = event("https://a.example/1")  # the first recalls it, the second reports it
        only_third = event("https://a.example/3")
        link(both, first, "https://a.example/1", background=True)
        link(both, second, "https://a.example/2", background=False)
        link(only_third, third, "https://a.example/3", background=True)
        link(only_third, wire, "https://b.example/w", background=False)
        conn.execute(bands.insert(), [{"band": "b1", "article_id": third}, {"band": "b2", "article_id": wire}])
        conn.execute(
            alerts.insert().values(
                public_id="msg_1",
                event_id=both,
                watch="w",
                channel="c",
                recipient="",
                trigger="status:held",
                type="contact.detected",
                status="sent",
                attempts=1,
                created_at=now,
            )
        )
    old.dispose()

    engine = get_engine(db_url)  # upgrades 0004 -> head
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(sa.select(articles))}
        assert sorted(rows) == sorted([first, wire, loner, *no_outlet])
        assert rows[first].text_cluster_id == first
        assert rows[wire].text_cluster_id == wire  # the cluster rooted at the dropped third: its earliest left
        assert rows[first].extracted_version == "v1"
        got_links = sorted(
            (r.event_id, r.article_id, r.background, r.evidence[0]["article"]) for r in conn.execute(sa.select(links))
        )
        assert got_links == sorted(
            [
                (both, first, False, "https://a.example/1"),  # the report kept over the recollection, once, re-cited
                (only_third, first, True, "https://a.example/1"),
                (only_third, wire, False, "https://b.example/w"),
            ]
        )
        cited = {
            r.id: (r.evidence[0]["article"], r.status_history[0]["article"]) for r in conn.execute(sa.select(events))
        }
        assert cited == {
            both: ("https://a.example/1", "https://a.example/1"),
            only_third: ("https://a.example/1", "https://a.example/1"),
        }
        assert sorted((r.band, r.article_id) for r in conn.execute(sa.select(bands))) == [("b1", first), ("b2", wire)]
        assert [r.public_id for r in conn.execute(sa.select(alerts))] == ["msg_1"]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            articles.insert().values(
                article_key="https://a.example/5",
                text="t",
                outlet="a.example",
                content_hash="h1",
                fetched_at=now,
                alerts_allowed=True,
            )
        )
