"""The migrations build exactly the models' schema, on SQLite and PostgreSQL, and upgrade a database in place."""

from __future__ import annotations

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
