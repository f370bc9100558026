"""Slack for many workspaces: installations kept in a database through slack_sdk's SQLAlchemy
stores (SQLite by default, PostgreSQL by URL), with bot tokens sealed at rest, looked up through
a short in-process cache; OAuth states in the same database; and Slack's event retries
de-duplicated in the database, so replicas that share it never answer an event twice.

The schema is created on start (`create_all` adds the tables that are missing and touches none
that exist); a later change to these tables would come with a migration.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store.models.bot import Bot as SlackBot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Column, Float, MetaData, String, Table, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from rolebot.flood import Rate

log = logging.getLogger("rolebot.slack")

SECRET_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
CACHE_SECONDS = 30.0  # how long a looked-up installation is reused in this process
EVENT_SECONDS = 3600.0  # Slack retries an event within minutes; ids are kept an hour
STATE_SECONDS = 600  # an install link is good for ten minutes, once


class MissingKey(Exception):
    """Multi-workspace mode without a usable ROLEBOT_SECRET_KEY."""


HOW_TO_KEY = (
    "set ROLEBOT_SECRET_KEY to a key made with: "
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class Sealer:
    """Seals secrets with Fernet. `keys` is ROLEBOT_SECRET_KEY split at commas: the first key
    seals, every key opens, so a key is rotated by putting the new one first and dropping the
    old one once everything was sealed again (a save re-seals with the first key)."""

    PREFIX = "fernet:"

    def __init__(self, keys: str) -> None:
        found = [k.strip() for k in keys.split(",") if k.strip()]
        if not found:
            raise MissingKey(HOW_TO_KEY)
        try:
            self.fernet = MultiFernet([Fernet(k.encode()) for k in found])
        except ValueError:
            raise MissingKey("ROLEBOT_SECRET_KEY is not a Fernet key; " + HOW_TO_KEY) from None

    def seal(self, value: str | None) -> str | None:
        if not value or value.startswith(self.PREFIX):
            return value
        return self.PREFIX + self.fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if not value or not value.startswith(self.PREFIX):
            return value
        try:
            return self.fernet.decrypt(value[len(self.PREFIX) :].encode()).decode()
        except InvalidToken:
            log.error("a stored token cannot be opened with ROLEBOT_SECRET_KEY (was a key dropped too soon?)")
            return None


def _with(obj: Any, change: Any) -> Any:
    out = copy.copy(obj)
    for name in SECRET_FIELDS:
        if hasattr(out, name):
            setattr(out, name, change(getattr(out, name)))
    return out


class SealedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy installation store, with tokens sealed at rest and lookups cached
    for `CACHE_SECONDS` (dropped on uninstall)."""

    def __init__(self, client_id: str, engine: AsyncEngine, sealer: Sealer) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=log)
        self.sealer = sealer
        self.cache: dict[tuple[Any, ...], tuple[float, Any]] = {}

    def _cached(self, key: tuple[Any, ...]) -> tuple[bool, Any]:
        hit = self.cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return True, hit[1]
        return False, None

    def _keep(self, key: tuple[Any, ...], value: Any) -> Any:
        self.cache[key] = (time.monotonic() + CACHE_SECONDS, value)
        return value

    async def async_save(self, installation: Installation) -> None:
        self.cache.clear()
        await super().async_save(_with(installation, self.sealer.seal))

    async def async_save_bot(self, bot: SlackBot) -> None:
        self.cache.clear()
        await super().async_save_bot(_with(bot, self.sealer.seal))

    def cached_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> tuple[bool, SlackBot | None]:
        """What `async_find_bot` found for this workspace within `CACHE_SECONDS`, without the
        database: whether it is known, and its bot (None: not installed)."""
        return self._cached(("bot", enterprise_id, team_id, is_enterprise_install))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> SlackBot | None:
        key = ("bot", enterprise_id, team_id, is_enterprise_install)
        hit, value = self._cached(key)
        if hit:
            return value  # type: ignore[no-any-return]
        found = await super().async_find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return self._keep(key, _with(found, self.sealer.open) if found else None)  # type: ignore[no-any-return]

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = ("installation", enterprise_id, team_id, user_id, is_enterprise_install)
        hit, value = self._cached(key)
        if hit:
            return value  # type: ignore[no-any-return]
        found = await super().async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._keep(key, _with(found, self.sealer.open) if found else None)  # type: ignore[no-any-return]

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.cache.clear()
        await super().async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.cache.clear()
        await super().async_delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.cache.clear()
        await super().async_delete_all(enterprise_id=enterprise_id, team_id=team_id)


class SharedEvents:
    """Event ids already handled, kept in the database: the first replica to insert an id
    answers it; a retry that reaches any replica finds it there."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.metadata = MetaData()
        self.table = Table(
            "rolebot_slack_events",
            self.metadata,
            Column("event_id", String(64), primary_key=True),
            Column("seen_at", Float, nullable=False, index=True),
        )
        self.inserted = 0

    async def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        now = time.time()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(self.table).values(event_id=event_id[:64], seen_at=now))
        except IntegrityError:
            return False
        self.inserted += 1
        if self.inserted % 100 == 1:  # now and then, forget ids older than any retry
            async with self.engine.begin() as conn:
                await conn.execute(delete(self.table).where(self.table.c.seen_at < now - EVENT_SECONDS))
        return True


class SharedLimiter:
    """Flood control counted in the shared database (see `rolebot.flood`), so every replica
    sees the same counts: one row per public post, forgotten once out of every window."""

    def __init__(self, engine: AsyncEngine, metadata: MetaData) -> None:
        self.engine = engine
        self.table = Table(
            "rolebot_posts",
            metadata,
            Column("key", String(120), nullable=False, index=True),
            Column("at", Float, nullable=False, index=True),
        )
        self.taken = 0
        self.lock: asyncio.Lock | None = None  # one count-and-insert at a time in this process

    async def take(self, key: str, rate: Rate) -> bool:
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            return await self._take(key, rate)

    async def _take(self, key: str, rate: Rate) -> bool:
        from sqlalchemy import func, select

        now = time.time()
        async with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # count and insert as one step per key, across replicas
                from sqlalchemy import text

                await conn.execute(text("select pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            recent = await conn.scalar(
                select(func.count())
                .select_from(self.table)
                .where(self.table.c.key == key[:120], self.table.c.at > now - rate.seconds)
            )
            if (recent or 0) >= rate.count:
                return False
            await conn.execute(insert(self.table).values(key=key[:120], at=now))
            self.taken += 1
            if self.taken % 200 == 1:  # now and then, forget posts older than any window
                await conn.execute(delete(self.table).where(self.table.c.at < now - 3600))
        return True


@dataclass
class Workspaces:
    """Everything multi-workspace mode keeps in its database."""

    engine: AsyncEngine
    installations: SealedInstallationStore
    states: AsyncSQLAlchemyOAuthStateStore
    events: SharedEvents
    posts: SharedLimiter

    async def create_tables(self) -> None:
        await self.installations.create_tables()  # type: ignore[no-untyped-call]
        await self.states.create_tables()  # type: ignore[no-untyped-call]
        async with self.engine.begin() as conn:
            await conn.run_sync(self.events.metadata.create_all)


def async_url(url: str) -> str:
    """A database URL with an asyncio driver: SQLite through aiosqlite, PostgreSQL through
    psycopg (both `postgresql://` and `postgresql+psycopg://` are taken)."""
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def open_workspaces(database_url: str, client_id: str, secret_keys: str) -> Workspaces:
    sealer = Sealer(secret_keys)
    if database_url.startswith("sqlite:///"):  # the file's folder, made on first start
        from pathlib import Path

        Path(database_url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(async_url(database_url), pool_pre_ping=True)
    return Workspaces(
        engine=engine,
        installations=SealedInstallationStore(client_id, engine, sealer),
        states=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=log),
        events=(events := SharedEvents(engine)),
        posts=SharedLimiter(engine, events.metadata),  # the same tables created on start
    )


def prepare(workspaces: Workspaces) -> None:
    """Create the tables that are missing, before the server's own event loop starts (the
    pool is emptied after, so no connection outlives this loop)."""
    import asyncio

    async def run() -> None:
        await workspaces.create_tables()
        await workspaces.engine.dispose()

    asyncio.run(run())
