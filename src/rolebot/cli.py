"""The `rolebot` command line."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from rolebot.logs import FORMATS, LEVELS
from rolebot.platforms import PlatformMissing, installed
from rolebot.settings import Settings

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_INVALID, EXIT_NOT_UNDERSTOOD = 0, 1, 2


BUILT_IN = ("ask", "validate", "commands", "content", "report", "serve", "chart")


def _parser(platforms: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, just that subcommand's part (a command names itself
    first, so the others are not built at every start: argparse is not cheap)."""
    import argparse

    p = argparse.ArgumentParser(
        prog="rolebot",
        description="Answers career questions about "
        "AI Engineer vs ML Engineer roles, from structured content.",
    )
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")

    if only in (None, "ask"):
        ask = sub.add_parser("ask", help="answer a command or a question, e.g. rolebot ask /salary senior ml")
        # checked when rendering, so a question never waits for the installed platforms to be listed
        ask.add_argument(
            "--format",
            "-f",
            default="text",
            metavar="FORMAT",
            help="text (default), markdown, json, paste (for a chat composer), "
            "or an installed platform's name",
        )
        ask.add_argument(
            "--content",
            type=Path,
            help="content folder (default: $ROLEBOT_CONTENT, else the packs shipped with rolebot)",
        )
        ask.add_argument("--pack", help="pack id (default: the pack marked default, else the first)")
        ask.add_argument("text", nargs=argparse.REMAINDER, help="the command or question")

    if only in (None, "validate"):
        val = sub.add_parser("validate", help="check content files; exit 1 listing every error")
        val.add_argument(
            "dir",
            nargs="?",
            type=Path,
            help="content or pack folder (default: $ROLEBOT_CONTENT, else the shipped packs)",
        )

    if only in (None, "commands"):
        cmds = sub.add_parser("commands", help="list the command registry")
        cmds.add_argument("--format", "-f", default="text", choices=("text", "json"))

    if only in (None, "serve"):
        srv = sub.add_parser(
            "serve", help="one HTTP server: /healthz, /readyz, /metrics and every platform's endpoints"
        )
        srv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
        srv.add_argument("--port", type=int, default=3000, help="port (default 3000)")
        srv.add_argument(
            "--workers", type=int, default=1, help="worker processes (default 1); each keeps its own caches"
        )
        srv.add_argument(
            "--log-level", choices=LEVELS, help="for every logger (default: $ROLEBOT_LOG_LEVEL, else info)"
        )
        srv.add_argument(
            "--log-format",
            choices=FORMATS,
            help="text or json lines (default: $ROLEBOT_LOG_FORMAT, else text)",
        )
        srv.add_argument(
            "--content", type=Path, help="content folder (default: $ROLEBOT_CONTENT, else the shipped packs)"
        )

    if only in (None, "chart"):
        chart = sub.add_parser(
            "chart", help="the salary chart as a PNG, e.g. rolebot chart senior -o bands.png"
        )
        chart.add_argument("args", nargs="*", help="a level and/or a role (default: every band)")
        chart.add_argument(
            "-o",
            "--output",
            type=Path,
            default=Path("salary-chart.png"),
            help="the PNG to write (default: ./salary-chart.png)",
        )
        chart.add_argument(
            "--content", type=Path, help="content folder (default: $ROLEBOT_CONTENT, else the shipped packs)"
        )
        chart.add_argument("--pack", help="pack id (default: the pack marked default, else the first)")

    if only in (None, "report"):
        rep = sub.add_parser("report", help="answers, refusals, latency and content gaps from answer logs")
        rep.add_argument(
            "logs", nargs="+", type=Path, help="files of JSON answer log lines ('-': standard input)"
        )
        rep.add_argument(
            "--top", type=int, default=10, help="how many unanswered questions to list (default 10)"
        )

    if only in (None, "content"):
        content = sub.add_parser("content", help="author content: fmt, schema, new")
        csub = content.add_subparsers(dest="content_cmd", required=True, metavar="ACTION")
        fmt = csub.add_parser("fmt", help="rewrite content files in the canonical form")
        fmt.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the content folder)")
        fmt.add_argument(
            "--check", action="store_true", help="change nothing; exit 1 listing files that would change"
        )
        schema = csub.add_parser("schema", help="print the JSON Schema of content files")
        schema.add_argument(
            "--whole", action="store_true", help="the schema of a whole pack (all files merged)"
        )
        new = csub.add_parser("new", help="scaffold a minimal valid pack")
        new.add_argument("name", help="pack id, e.g. data-vs-analytics-engineer")
        new.add_argument(
            "--root",
            type=Path,
            help="content folder to create it in (default: $ROLEBOT_CONTENT, or ./content in a checkout)",
        )

    # each installed platform's subcommand, listed for --help only: `main` hands it to the
    # platform's own parser, imported on use
    for name in installed() if platforms and only is None else ():
        sub.add_parser(name, help=f"the {name} platform (rolebot {name} --help)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    settings = Settings.read()  # the environment, read once; flags below take precedence
    if argv[:1] and argv[0] not in BUILT_IN and argv[0] in installed():
        return _platform(argv, settings)
    if argv[:1] == ["ask"] and not (argv[1:2] and argv[1].startswith("-")):
        # `rolebot ask TEXT...` with no options is read as argparse would read it, without
        # building a parser (argparse, its help formatter and gettext cost a tenth of a start)
        plain = SimpleNamespace(format="text", content=None, pack=None, text=argv[1:])
        return _ask(plain, settings)
    only = argv[0] if argv[:1] and argv[0] in BUILT_IN else None
    args = _parser(platforms=only is None, only=only).parse_args(argv)
    if args.cmd == "ask":
        return _ask(args, replace(settings, content=args.content or settings.content))
    if args.cmd == "validate":
        return _validate(args.dir or settings.content)
    if args.cmd == "commands":
        return _commands(args.format)
    if args.cmd == "content":
        return _content(args, settings.content)
    if args.cmd == "report":
        return _report(args.logs, args.top)
    if args.cmd == "serve":
        return _serve(args, settings)
    if args.cmd == "chart":
        return _chart(args, replace(settings, content=args.content or settings.content))
    return EXIT_INVALID  # pragma: no cover - argparse rejects unknown commands


def _platform(argv: list[str], settings: Settings) -> int:
    listed = installed()[argv[0]]
    try:
        platform = listed.load()
    except PlatformMissing as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return EXIT_INVALID
    import argparse

    parser = argparse.ArgumentParser(prog="rolebot")
    sub = parser.add_subparsers(dest="cmd", required=True)
    platform.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return platform.run(args, settings)
    except ImportError as exc:  # its SDK is imported when it runs: the extra is not installed
        extra = listed.extra
        print(
            f"rolebot: '{argv[0]}' needs the '{extra}' extra (pip install 'rolebot[{extra}]'): {exc}",
            file=sys.stderr,
        )
        return EXIT_INVALID


def _load(settings: Settings):  # type: ignore[no-untyped-def]
    from rolebot.bot import Bot
    from rolebot.content import ContentErrors

    if not settings.content.is_dir():  # not found is not invalid
        print(
            f"rolebot: content folder not found: {settings.content} (set ROLEBOT_CONTENT or --content "
            "to a folder of packs, or unset it for the shipped ones)",
            file=sys.stderr,
        )
        return None
    try:
        return Bot(settings=settings)
    except ContentErrors as exc:
        print("rolebot: the content is invalid:", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err}", file=sys.stderr)
        return None


def _ask(args: argparse.Namespace | SimpleNamespace, settings: Settings) -> int:
    from rolebot.render import render

    bot = _load(settings)
    if bot is None:
        return EXIT_INVALID
    text = " ".join(args.text[1:] if args.text[:1] == ["--"] else args.text)
    reply = bot.answer(text, pack=args.pack)
    try:
        out = render(reply, args.format)
    except PlatformMissing as exc:
        print(f"rolebot: --format {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:
        print(f"rolebot: --format: {exc}", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK if reply.ok else EXIT_NOT_UNDERSTOOD


def _validate(root: Path) -> int:
    from rolebot.commands import REGISTRY
    from rolebot.content import ContentErrors, load_packs

    try:
        packs = load_packs(root, reserved=REGISTRY.reserved())
    except ContentErrors as exc:
        for err in exc.errors:
            print(err)
        print(f"{len(exc.errors)} error(s) in {root}", file=sys.stderr)
        return EXIT_INVALID
    for pack in packs.values():
        print(f"ok: {pack.id} ({pack.title}), version {pack.version}")
    return EXIT_OK


def _content(args: argparse.Namespace, folder: Path) -> int:
    if args.content_cmd == "fmt":
        from rolebot.content.fmt import run

        changed, errors = run(args.paths or [folder], check=args.check)
        for err in errors:
            print(f"error: {err}", file=sys.stderr)
        for f in changed:
            print(f"{'would reformat' if args.check else 'reformatted'} {f}")
        if errors or (args.check and changed):
            return EXIT_INVALID
        return EXIT_OK
    if args.content_cmd == "schema":
        from rolebot.content.loader import schema

        print(json.dumps(schema(whole=args.whole), indent=2, ensure_ascii=False))
        return EXIT_OK
    from rolebot.content.loader import inside_installed_package
    from rolebot.content.scaffold import new_pack

    if args.root is None and inside_installed_package(folder):
        print(
            "rolebot: the shipped packs live inside the installed package, where an upgrade would remove "
            "a new one; create it in a folder of your own: rolebot content new NAME --root ./content, "
            "then set ROLEBOT_CONTENT=./content",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        dest = new_pack(args.root or folder, args.name)
    except (ValueError, OSError) as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"created {dest}: replace every TODO, then run `rolebot validate {dest}`")
    return EXIT_OK


def _chart(args: argparse.Namespace, settings: Settings) -> int:
    bot = _load(settings)
    if bot is None:
        return EXIT_INVALID
    reply = bot.answer("/salary " + " ".join(args.args), pack=args.pack)
    if not reply.ok:
        from rolebot.render import render

        sys.stdout.write(render(reply, "text"))
        return EXIT_NOT_UNDERSTOOD
    from rolebot.chart import for_pack, png

    pack = bot.packs[reply.pack or bot.default]
    words = (reply.command or "salary").split()[1:]
    levels = [w for w in words if w in {lv.id for lv in pack.levels}]
    roles = [w for w in words if w in {r.id for r in pack.roles}]
    try:
        data = png(pack, for_pack(pack, levels, roles))
    except ImportError as exc:
        print(
            f"rolebot: charts need the 'chart' extra (pip install 'rolebot[chart]'): {exc}", file=sys.stderr
        )
        return EXIT_INVALID
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        print(f"rolebot: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {args.output} ({len(data) / 1024:.1f} KB)")
    return EXIT_OK


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    settings = replace(
        settings,
        content=args.content or settings.content,
        log_level=args.log_level or settings.log_level,
        log_format=args.log_format or settings.log_format,
    )
    if args.workers < 1:
        print("rolebot: --workers must be 1 or more", file=sys.stderr)
        return EXIT_INVALID
    if not settings.content.is_dir():
        print(
            f"rolebot: content folder not found: {settings.content} (set ROLEBOT_CONTENT or --content)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        import prometheus_client  # noqa: F401  (the 'serve' extra, checked before anything starts)
        import uvicorn  # noqa: F401

        from rolebot.server import serve
    except ImportError as exc:
        print(
            f"rolebot: serve needs the 'serve' extra (pip install 'rolebot[serve]'): {exc}", file=sys.stderr
        )
        return EXIT_INVALID
    from rolebot.content import ContentErrors
    from rolebot.server import MountRefused

    try:
        return serve(settings, args.host, args.port, args.workers)
    except MountRefused as exc:
        print(f"rolebot: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ContentErrors as exc:
        print("rolebot: the content is invalid:", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:  # the port is taken, or not ours to bind
        print(f"rolebot: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return EXIT_INVALID


def _report(paths: list[Path], top: int) -> int:
    import itertools

    from rolebot.report import read, render

    files = []
    for path in paths:
        if str(path) == "-":
            files.append(sys.stdin)
            continue
        try:
            files.append(path.open(encoding="utf-8", errors="replace"))
        except OSError as exc:
            print(f"rolebot: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return EXIT_INVALID
    sys.stdout.write(render(read(itertools.chain.from_iterable(files)), top))
    return EXIT_OK


def _commands(fmt: str) -> int:
    from rolebot.commands import REGISTRY

    if fmt == "json":
        data = [
            {
                "name": c.name,
                "aliases": list(c.aliases),
                "summary": c.summary,
                "usage": c.usage,
                "args": [
                    {
                        "name": a.name,
                        "kind": a.kind.name,
                        "required": a.required,
                        "description": a.description,
                    }
                    for a in c.args
                ],
                "examples": list(c.examples),
            }
            for c in REGISTRY
        ]
        print(json.dumps(data, indent=2))
        return EXIT_OK
    width = max(len(c.usage) for c in REGISTRY)
    for c in REGISTRY:
        alias = f"  (also: {', '.join(c.aliases)})" if c.aliases else ""
        print(f"/{c.usage.ljust(width)}  {c.summary}{alias}")
    return EXIT_OK
