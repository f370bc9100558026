"""The core's public entry point: `Bot.answer` (text in, a neutral `Reply` out; never
raises) and `Bot.run_action` for the follow-up a button carries. Everything else here is how
they do it."""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rolebot import events
from rolebot.answers.misread import not_understood, stale_action, unknown_pack
from rolebot.chart import Chart
from rolebot.commands import REGISTRY
from rolebot.content import ContentErrors, load_packs
from rolebot.content.models import Pack
from rolebot.dispatch import run_command
from rolebot.followups import decode, stamp
from rolebot.kinds import ParseProblem
from rolebot.limits import MAX_INPUT_CHARS
from rolebot.logs import ANSWERS, answer_record, log_answer_record
from rolebot.parse import parse_args, split_command
from rolebot.registry import PackContext, Registry
from rolebot.reply import Action, Reply, Status
from rolebot.settings import Settings
from rolebot.shape import fit

if TYPE_CHECKING:
    from rolebot.router import Router

log = logging.getLogger("rolebot")
answers_log = ANSWERS  # one JSON line per answer (`rolebot.logs`)


class Questions:
    """How one pack's plain questions are answered: the router decides what to run, this
    runs it, and the router puts the answers together. Given to the pack's context, so the
    `ask`, `more` and `faq` commands can answer questions too."""

    def __init__(self, ctx: PackContext, cache: Path | None = None) -> None:
        self.ctx, self.cache = ctx, cache

    @cached_property
    def router(self) -> Router:
        from rolebot.router import Router

        return Router.cached(self.ctx, self.cache)

    def answer(self, text: str) -> Reply:
        plan = self.router.plan(text)
        return self.router.finish(plan, [run_command(self.ctx, c) for c in plan.commands])

    def best_faq(self, text: str) -> int | None:
        return self.router.best_faq(text)

    def classify(self, text: str) -> tuple[str, dict[str, list[str]]]:
        reader = self.router.reader
        return reader.classify(reader.read(text))


def _respond(questions: Questions, text: str) -> Reply:
    """Answer any input: a command in any of its shapes, or a plain question. Every reply is
    shaped the same way: the direct answer first, short, each figure once (`shape.fit`)."""
    return fit(_read(questions, text))


def _read(questions: Questions, text: str) -> Reply:
    ctx = questions.ctx
    line = split_command(text, ctx.registry.umbrella)
    if not line.word:
        return run_command(ctx, "help")
    cmd = ctx.registry.find(line.word)
    if cmd is not None:
        result = parse_args(ctx, cmd, line.rest)
        if not isinstance(result, ParseProblem):
            return cmd.handler(ctx, result)
        # "role of an ai engineer at a startup" reads better as a question than as a command,
        # and "pay for a data scientist" is a question about another role, refused as such
        if not line.slash:
            route = questions.router.route(text)
            if route.command is not None or route.refusal in ("role", "place", "topic"):
                return questions.answer(text)
        return not_understood(ctx, result)
    if line.slash:
        return not_understood(
            ctx, ParseProblem("unknown_command", word=line.word, suggestions=ctx.registry.suggest(line.word))
        )
    reply = questions.answer(text)
    if reply.status is Status.OUT_OF_SCOPE and len(line.rest.split()) < MISTYPED_WORDS:
        # "salray senior ml" is a mistyped command; "ignore all previous instructions..." is
        # not, and a follow-up is never built from a sentence's words: only from a command that
        # runs as it stands
        near = ctx.registry.suggest(line.word)
        fix = f"{near[0]} {line.rest}".strip() if near and len(line.word) >= 3 else ""
        if fix and run_command(ctx, fix).status is Status.OK:
            reply = replace(reply, actions=(Action(f"Did you mean /{near[0]}?", fix), *reply.actions)[:5])
    return reply


def settle() -> None:
    """Long-lived objects out of the collector's way: what was frozen before is thawed (so a
    reload's old content can go), the garbage collected, and what is left frozen (never
    scanned again)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


CASELESS_KEYS = 8192  # command texts, in lower case, whose key is known (see `Bot.key`)
CASELESS_CHARS = 200  # ...of at most this length: a command is short, and memory stays bounded
_CASELESS = re.compile(r"[A-Za-z0-9 /:,.\-_]*")
MISTYPED_WORDS = 4  # a mistyped command has at most this many words after it


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]+")
MAX_RAW_CHARS = 64_000  # read of a raw message before invisible characters are dropped


def _bounded(text: str) -> str:
    """The text as it is read: invisible characters dropped, then cut to `MAX_INPUT_CHARS`."""
    return _INVISIBLE.sub("", text[:MAX_RAW_CHARS])[:MAX_INPUT_CHARS]


_PACK = re.compile(r"(?:^|\s)pack[:=]([\w-]{1,64})", re.IGNORECASE)


@dataclass(frozen=True)
class Loaded:
    """Everything built from one load of the content; replaced as a whole on reload."""

    packs: dict[str, Pack]
    contexts: dict[str, PackContext]
    questions: dict[str, Questions]
    default: str

    @cached_property
    def version(self) -> str:
        """One hash for all loaded content (changes when any pack changes)."""
        joined = "|".join(f"{pid}={p.version}" for pid, p in sorted(self.packs.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]


class Bot:
    """Holds the loaded packs and answers text. Safe to share between threads: a reload swaps
    one reference, so every answer sees one consistent load."""

    def __init__(
        self,
        packs: dict[str, Pack] | None = None,
        *,
        content: Path | None = None,
        registry: Registry = REGISTRY,
        settings: Settings | None = None,
    ) -> None:
        """The packs handed in, or those in `content` (default: the settings' folder). Settings
        are read from the environment unless given."""
        self.settings = settings or Settings.read(content=content)
        self.registry = registry
        # the folder to reload from; None when the packs were handed in
        self.content = (content or self.settings.content) if packs is None else None
        self.loaded = self.build(packs if packs is not None else self._load())
        self.log_text = self.settings.log_text
        self._stamp = self._fingerprint()
        self.warmed = False
        self.charts: dict[str, Chart] = {}  # by name: the charts answers have shown
        self._caseless: dict[tuple[str, str | None, str], tuple[object, ...]] = {}  # see `key`

    def chart_png(self, name: str) -> bytes | None:
        """The picture of a chart an answer showed, by its name; None when no answer showed it
        or its content has changed since (its name would be another)."""
        chart = self.charts.get(name)
        pack = self.packs.get(chart.pack) if chart is not None else None
        if chart is None or pack is None or pack.version != chart.version:
            return None
        from rolebot.chart import png

        return png(pack, chart)

    def _load(self) -> dict[str, Pack]:
        assert self.content is not None
        return load_packs(self.content, cache=self.settings.cache, reserved=self.registry.reserved())

    def build(self, packs: dict[str, Pack]) -> Loaded:
        if not packs:
            raise ValueError("no content packs")
        default = next((pid for pid, p in packs.items() if p.default), next(iter(packs)))
        catalog = tuple((pid, p.title) for pid, p in packs.items())
        contexts = {
            pid: PackContext(p, self.registry, catalog=catalog, default=default) for pid, p in packs.items()
        }
        questions = {pid: Questions(ctx, self.settings.cache) for pid, ctx in contexts.items()}
        for pid, ctx in contexts.items():
            ctx.asking = questions[pid]
        return Loaded(packs, contexts, questions, default)

    def warm(self) -> None:
        """Build every index a first question would otherwise build (the question index and
        the spelling indexes of every pack), so no request pays for it. Servers call this at
        start, and a reload warms the new content before it is used.

        What is built then lives as long as the content: it is moved out of the garbage
        collector's generations (`gc.freeze`), so no collection walks it again and a request's
        own garbage is all a collection has to look at."""
        self.warmed = True
        self._warm(self.loaded)
        settle()

    @staticmethod
    def _warm(loaded: Loaded) -> None:
        for pid, ctx in loaded.contexts.items():
            router = loaded.questions[pid].router
            router.named_in  # noqa: B018
            router._said  # noqa: B018
            for typos in (router.typos, router.slot_typos, ctx.vocab.typos):
                typos.build()

    @property
    def packs(self) -> dict[str, Pack]:
        return self.loaded.packs

    @property
    def default(self) -> str:
        return self.loaded.default

    def router(self, pack: str | None = None) -> Router:
        """A pack's question router (built on first need)."""
        loaded = self.loaded
        return loaded.questions.get(pack or loaded.default, loaded.questions[loaded.default]).router

    def context(self, pack: str | None = None) -> PackContext:
        loaded = self.loaded
        return loaded.contexts.get(pack or loaded.default, loaded.contexts[loaded.default])

    @property
    def version(self) -> str:
        """One hash for all loaded content (changes when any pack changes)."""
        return self.loaded.version

    def health(self) -> dict[str, object]:
        return {
            "status": "ok",
            "content_version": self.version,
            "packs": {pid: p.version for pid, p in self.packs.items()},
            "default": self.default,
        }

    # --- live reload -----------------------------------------------------------------------

    def _fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        if self.content is None or not self.content.is_dir():
            return ()
        out = []
        for f in sorted(self.content.rglob("*.toml")):
            try:
                st = f.stat()
            except OSError:
                continue
            out.append((str(f), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def reload_if_changed(self) -> bool:
        """Reload when a content file changed. An invalid edit is logged and refused: the bot
        keeps answering from the last good content. Returns True when new content is in use."""
        stamp = self._fingerprint()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            packs = self._load()
        except ContentErrors as exc:
            for err in exc.errors:
                log.error("content edit refused, still serving version %s: %s", self.version, err)
            events.tell(events.REFUSED_EDIT)
            return False
        before = self.version
        loaded = self.build(packs)
        if self.warmed:  # build the new indexes here, in the watcher, not in a request
            self._warm(loaded)
        self.loaded = loaded
        if self.warmed:
            settle()  # the old content let go, the new frozen
        if self.version != before:
            log.info("content reloaded: version %s (packs: %s)", self.version, ", ".join(packs))
            events.tell(events.RELOAD, version=self.version)
        return True

    def watch(self, interval: float = 2.0) -> threading.Thread | None:
        """Check for content edits every `interval` seconds in a daemon thread."""
        if self.content is None:
            return None

        def loop() -> None:
            while True:
                time.sleep(interval)
                try:
                    self.reload_if_changed()
                except Exception:  # never let the watcher die
                    log.exception("content watcher failed")

        thread = threading.Thread(target=loop, name="rolebot-content-watch", daemon=True)
        thread.start()
        return thread

    # --- answering -------------------------------------------------------------------------

    def log_answer(
        self,
        platform: str,
        reply: Reply,
        started: float,
        *,
        pack: str | None = None,
        text: str | None = None,
        user: str | None = None,
    ) -> None:
        """One JSON line per answered command (user text and ids only when ROLEBOT_LOG_TEXT=1),
        and the answer told to whoever listens (`rolebot.events`: the metrics)."""
        latency = round((time.perf_counter() - started) * 1000, 3)
        events.tell(
            events.ANSWER,
            platform=platform,
            command=reply.command,
            outcome=reply.status.value,
            latency_ms=latency,
        )
        if not answers_log.isEnabledFor(logging.INFO):
            return
        outcome = reply.status.value
        record = answer_record(platform, pack or reply.pack or self.default, reply.command, outcome, latency)
        if self.log_text:
            record["text"] = text
            record["user"] = user
            record.json = None  # encoded whole, with them
        log_answer_record(record)

    def answer(
        self, text: str, *, pack: str | None = None, platform: str | None = None, user: str | None = None
    ) -> Reply:
        """Answer `text`. With `platform`, the answer is logged (see `log_answer`).
        Only the first `MAX_INPUT_CHARS` characters are read, whatever the path."""
        started = time.perf_counter()
        # invisible characters (zero-width, direction marks) are dropped before the cap, so a
        # flood of them cannot push the question out; the platforms' body caps bound this pass
        text = _bounded(text)
        reply = self._answer(text, pack)
        if platform:
            self.log_answer(platform, reply, started, pack=pack, text=text, user=user)
        return reply

    def run_action(self, ref: str, *, platform: str, user: str | None = None) -> Reply:
        """Run the follow-up a button carries (its `ref`: a command and its pack). One that no
        longer runs (the content, the packs or the commands changed since it was sent) gets a
        short "out of date" reply."""
        started = time.perf_counter()
        found = decode(ref[:MAX_INPUT_CHARS], self.packs)
        # always read as a command (a leading "/"), never as a plain question
        command = "/" + found.command.lstrip().lstrip("/")
        reply = self._answer(command, found.pack, typed=False) if found.known else None
        if reply is None or reply.status is Status.NOT_UNDERSTOOD:
            reply = stale_action(self.context(found.pack))
        self.log_answer(platform, reply, started, text=ref, user=user)
        return reply

    def key(self, text: str, pack: str | None = None) -> tuple[object, ...] | None:
        """What the answer to `text` depends on, when it is a command whose arguments parse:
        texts with equal keys get equal answers ("/salary SENIOR ml" and "salary senior ML"),
        so an answer cache can hold one entry for them. None for anything else: questions are
        read with their letter case, and a reply to a text that did not parse may echo it.

        Arguments are read without regard to case, except free text, which a reply may quote:
        so a text of plain characters (letters, digits, spaces and `/:,.-_`: no mention, no
        markup) whose call keeps no free text has the key of every text that is the same in
        lower case, and that key is remembered (bounded) for the next one."""
        loaded = self.loaded
        plain = len(text) <= CASELESS_CHARS and _CASELESS.fullmatch(text) is not None
        lowered = (loaded.version, pack, text.lower()) if plain else None
        found = self._caseless.get(lowered) if lowered is not None else None
        if found is not None:
            return found
        try:
            key = self._key(text, pack)
        except Exception:  # answering will meet the same trouble, and say so
            return None
        if key is not None and lowered is not None and key[-1]:
            if len(self._caseless) >= CASELESS_KEYS:
                self._caseless.clear()
            self._caseless[lowered] = key[:-1]
        return key[:-1] if key is not None else None

    def _key(self, text: str, pack: str | None) -> tuple[object, ...] | None:
        """`key`, and last whether the call kept no free text."""
        loaded = self.loaded
        pack, text = self._target(_bounded(text), pack)
        pid = pack or loaded.default
        ctx = loaded.contexts.get(pid)
        if ctx is None:
            return None
        line = split_command(text, ctx.registry.umbrella)
        cmd = ctx.registry.find(line.word) if line.word else None
        if cmd is None:
            return None
        result = parse_args(ctx, cmd, line.rest)
        if isinstance(result, ParseProblem):
            return None
        return (loaded.version, pid, *result.key(), not result.text)

    @staticmethod
    def _target(text: str, pack: str | None, typed: bool = True) -> tuple[str | None, str]:
        """The pack a text asks for ("salary pack:other", as people type it) and the text
        without it."""
        m = _PACK.search(text) if typed else None
        if m:
            pack = pack or m.group(1).lower()
            text = text[: m.start()] + " " + text[m.end() :]
        return pack, text

    def _answer(self, text: str, pack: str | None, *, typed: bool = True) -> Reply:
        loaded = self.loaded
        try:
            pack, text = self._target(text, pack, typed)
            pid = pack or loaded.default
            questions = loaded.questions.get(pid)
            if questions is None:
                return unknown_pack(loaded.contexts[loaded.default], pid)
            reply = _respond(questions, text)
            if reply.chart is not None:  # platforms fetch its picture by name
                if len(self.charts) >= 1024:
                    self.charts.clear()
                self.charts[reply.chart.name] = reply.chart
            # every follow-up carries its pack, compactly: see `rolebot.followups`
            return stamp(reply, pid if pid != loaded.default else None)
        except Exception:  # the last line of defence: log it, never show a trace in chat
            log.exception("internal error while answering")
            return Reply(
                title="Sorry, something went wrong on my side",
                summary="Please try again, or type `help`.",
                status=Status.ERROR,
                actions=(Action("All commands", "help"),),
            )
