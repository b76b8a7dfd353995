"""Command line: `python -m bot` / `hearth` — run, sync, content check, db migrate/backup, safety scan."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

log = logging.getLogger("bot")


def _settings():  # type: ignore[no-untyped-def]
    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = first.get("loc", ("setting",))[0]
        print(f"hearth: configuration error in {name}: {first.get('msg')}", file=sys.stderr)
        raise SystemExit(2) from None


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")


def cmd_run(args: argparse.Namespace) -> int:
    """Connect to Discord and run until stopped."""
    from bot.app import HearthBot
    from bot.settings import MissingTokenError

    settings = _settings()
    try:
        token = settings.require_token()
    except MissingTokenError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)
    bot = HearthBot(settings)
    bot.run(token, log_handler=None)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Log in, push the slash-command list to Discord, and exit."""
    from bot.app import HearthBot
    from bot.settings import MissingTokenError

    settings = _settings()
    try:
        token = settings.require_token()
    except MissingTokenError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)

    async def sync() -> int:
        bot = HearthBot(settings)
        async with bot:
            await bot.login(token)
            commands = await bot.sync_commands()
            where = f"guild {settings.dev_guild}" if settings.dev_guild else "all servers"
            print(f"synced {len(commands)} commands to {where}")
        return 0

    return asyncio.run(sync())


def _content_dir(args: argparse.Namespace) -> Path:
    from bot.settings import REPO_ROOT

    return Path(args.content_dir) if args.content_dir else REPO_ROOT / "content"


def _today(args: argparse.Namespace) -> date:
    return args.today if args.today is not None else date.today()


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-31") from None


def cmd_content_check(args: argparse.Namespace) -> int:
    """Validate every file in content/; exit 1 with file:line reasons (or a crisis line 24 months unchecked)."""
    from bot.content import check_content

    errors, warnings = check_content(_content_dir(args), _today(args))
    for warning in warnings:
        print(f"warning: {warning}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        print(f"content check failed: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"content check passed ({len(warnings)} warning(s))")
    return 0


def cmd_content_stale(args: argparse.Namespace) -> int:
    """List the crisis lines to re-check: old checks, members' reports, weak sources."""
    from bot.content import load_content
    from bot.core.content import ContentError

    try:
        content = load_content(_content_dir(args))
    except ContentError as exc:
        for reason in exc.reasons:
            print(f"error: {reason}", file=sys.stderr)
        return 1
    from cogs.resources.api import recheck_list

    database = Path(args.database) if args.database else Path(_settings().database)
    counts = asyncio.run(_line_report_counts(database)) if database.exists() else None
    for line in recheck_list(content.crisis_lines, counts, _today(args)):
        print(line)
    return 0


async def _line_report_counts(database: Path):  # type: ignore[no-untyped-def]
    """Members' reports from an existing database (none if it predates the reports table)."""
    from bot.core.db import Database
    from cogs.resources.api import REPORTS_TABLE, LineReportStore

    db = Database(database)
    await db.open()
    try:
        if REPORTS_TABLE not in await db.table_names():
            return []
        return await LineReportStore(db).all_counts()
    finally:
        await db.close()


def cmd_db_migrate(args: argparse.Namespace) -> int:
    """Apply pending migrations to the configured database."""
    from bot.core.db import Database, DatabaseTooNewError

    settings = _settings()

    async def migrate() -> int:
        db = Database(settings.database)
        await db.open()
        try:
            version = await db.migrate()
        except DatabaseTooNewError as exc:
            print(f"hearth: {exc}", file=sys.stderr)
            return 1
        finally:
            await db.close()
        print(f"database {settings.database} is at schema version {version}")
        return 0

    return asyncio.run(migrate())


def cmd_db_backup(args: argparse.Namespace) -> int:
    """Copy the live database to PATH with SQLite's online backup API."""
    from bot.core.db import backup_file

    settings = _settings()
    try:
        backup_file(settings.database, Path(args.path))
    except FileNotFoundError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {settings.database} to {args.path}")
    return 0


def cmd_safety_scan(args: argparse.Namespace) -> int:
    """Read JSON lines {"text": ...} on stdin; write {"level", "categories"} lines on stdout."""
    from cogs.safety.scan import scan_stream

    scan_stream(sys.stdin, sys.stdout)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the offline demo community."""
    try:
        from bot.demo import run_demo
    except ImportError:
        print("demo arrives with the offline-demo issue")
        return 0
    return run_demo(live=args.live, port=args.port, play=not args.no_script)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="hearth", description="Hearth, a Discord bot for peer-support communities.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="connect to Discord and run").set_defaults(func=cmd_run)
    sub.add_parser("sync", help="push slash commands to Discord").set_defaults(func=cmd_sync)
    content = sub.add_parser("content", help="content tools").add_subparsers(dest="action", required=True)
    check = content.add_parser("check", help="validate content/")
    check.add_argument("--content-dir", default=None)
    check.add_argument("--today", type=_iso_day, default=None, help="judge the dates as if it were this day")
    check.set_defaults(func=cmd_content_check)
    stale = content.add_parser("stale", help="list the crisis lines to re-check")
    stale.add_argument("--content-dir", default=None)
    stale.add_argument("--today", type=_iso_day, default=None, help="judge the dates as if it were this day")
    stale.add_argument("--database", default=None, help="read members' reports here (default: HEARTH_DATABASE)")
    stale.set_defaults(func=cmd_content_stale)
    db = sub.add_parser("db", help="database tools").add_subparsers(dest="action", required=True)
    db.add_parser("migrate", help="apply pending migrations").set_defaults(func=cmd_db_migrate)
    backup = db.add_parser("backup", help="copy the live database safely")
    backup.add_argument("path")
    backup.set_defaults(func=cmd_db_backup)
    safety = sub.add_parser("safety", help="safety tools").add_subparsers(dest="action", required=True)
    safety.add_parser("scan", help="assess JSON lines from stdin").set_defaults(func=cmd_safety_scan)
    demo = sub.add_parser("demo", help="run the offline demo")
    demo.add_argument("--live", action="store_true", help="leave the simulated server running with a web page")
    demo.add_argument("--port", type=int, default=8765, help="port of the live page on 127.0.0.1 (0: any free)")
    demo.add_argument("--no-script", action="store_true", help="set the server up but skip the scripted day")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `hearth` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
