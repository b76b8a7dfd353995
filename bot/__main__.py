"""Command line: `python -m bot` / `hearth` — run, sync, health, content check, db migrate/backup, safety scan, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.i18n import DISCORD_LOCALES

if TYPE_CHECKING:
    from bot.app import HearthBot
    from bot.settings import Settings

log = logging.getLogger("bot")


def _settings() -> Settings:
    from pydantic import ValidationError  # imported here, so `safety scan` starts without pydantic

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = (first.get("loc") or ("settings",))[0]
        print(f"hearth: configuration error in {name}: {first.get('msg')}", file=sys.stderr)
        raise SystemExit(2) from None


def _configure_logging(settings: Settings) -> None:
    from bot.logs import configure_logging

    configure_logging(settings.log_level, settings.log_format)


async def run_until_stopped(bot: HearthBot, token: str) -> int:
    """Run the bot until Discord closes it or SIGTERM/SIGINT arrives; then stop the scheduler, the gateway
    and the database in that order, and return 0."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token), name="hearth-gateway")
            stopping = asyncio.create_task(stop.wait(), name="hearth-signal")
            done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                log.info("stop signal received: shutting down")
                if not bot.is_ready():
                    # Still starting (a standby waiting for its shards, migrations, the first connect): stop
                    # starting before the database closes under it.
                    running.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await running
                await bot.close()
            else:
                stopping.cancel()
            if not running.cancelled():
                await running  # re-raises why the gateway stopped, if it failed
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
    if bot.shards_lost:
        log.error("stopped: another process took this one's shards")
        return 3
    log.info("stopped cleanly")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Connect to Discord and run until stopped."""
    import discord

    from bot.app import HearthBot
    from bot.core.db import DatabaseUnreachableError
    from bot.core.shards import ShardsHeldError
    from bot.settings import MissingTokenError

    settings = _settings()
    try:
        token = settings.require_token()
    except MissingTokenError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        return asyncio.run(run_until_stopped(HearthBot(settings, heartbeat=True), token))
    except ShardsHeldError as exc:
        log.error("not starting: %s", exc)
        return 3
    except discord.LoginFailure:
        print(
            "hearth: Discord refused DISCORD_TOKEN: copy the bot token again from the Developer Portal", file=sys.stderr
        )
        return 2
    except DatabaseUnreachableError as exc:
        log.error("not starting: %s", exc)
        return 1


def cmd_health(args: argparse.Namespace) -> int:
    """Read-only healthcheck: exit 0 if the running bot's heartbeat is fresh, else 1 with the reason."""
    from bot.core.heartbeat import check

    health = check(_settings().heartbeat_path)
    print(("healthy: " if health.ok else "unhealthy: ") + health.reason, file=sys.stdout if health.ok else sys.stderr)
    return 0 if health.ok else 1


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
    _configure_logging(settings)

    async def sync() -> int:
        bot = HearthBot(settings, fence_shards=False)  # pushes commands only, beside the running processes
        async with bot:
            await bot.login(token)
            commands = await bot.sync_commands()
            where = f"guild {settings.dev_guild}" if settings.dev_guild else "all servers"
            print(f"synced {len(commands)} commands to {where}")
        return 0

    import asyncio

    return asyncio.run(sync())


def _content_dir(args: argparse.Namespace) -> Path:
    from bot.settings import content_dir_from_env

    return Path(args.content_dir) if args.content_dir else content_dir_from_env()


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
    import asyncio

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
        db = Database(settings.database_target)
        await db.open()
        try:
            version = await db.migrate()
        except DatabaseTooNewError as exc:
            print(f"hearth: {exc}", file=sys.stderr)
            return 1
        finally:
            await db.close()
        print(f"database {settings.database_display} is at schema version {version}")
        return 0

    import asyncio

    return asyncio.run(migrate())


def cmd_db_backup(args: argparse.Namespace) -> int:
    """Copy the live database to PATH with SQLite's online backup API."""
    from bot.core.db import backup_file
    from bot.core.engines import engine_for

    settings = _settings()
    engine = engine_for(settings.database_target)
    if engine.path is None:
        print(
            "hearth: db backup copies a SQLite file; on PostgreSQL use pg_dump (see README, Running at scale)",
            file=sys.stderr,
        )
        return 1
    try:
        backup_file(engine.path, Path(args.path))
    except FileNotFoundError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {engine.path} to {args.path}")
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    """Copy every row of the configured database (or --from) into an empty one at --to, verified per table."""
    from bot.core.db import Database
    from bot.core.dbcopy import CopyError, copy_database

    settings = _settings()
    source_target = args.source if args.source else settings.database_target

    async def copy() -> int:
        source, destination = Database(source_target), Database(args.to)
        if source.engine.path is not None and not source.engine.path.exists():
            print(f"hearth: no database at {source.engine.path}", file=sys.stderr)
            return 1
        try:
            await source.open()
            await destination.open()
            results = await copy_database(source, destination)
        except CopyError as exc:
            print(f"hearth: {exc}", file=sys.stderr)
            return 1
        finally:
            await source.close()
            await destination.close()
        for result in results:
            print(f"{result.table:32} {result.copied_rows:>8} rows  sha256 {result.copied_checksum[:16]}  ok")
        total = sum(result.copied_rows for result in results)
        print(
            f"copied {total} rows in {len(results)} tables from {source.engine.display} to {destination.engine.display}"
        )
        return 0

    return asyncio.run(copy())


def cmd_safety_scan(args: argparse.Namespace) -> int:
    """Read JSON lines {"text": ...} on stdin; write one result line per input on stdout (see cogs/safety/scan.py).

    Only the detector is imported here (no discord.py, no pydantic), so start-up stays short.
    """
    from cogs.safety.scan import scan_stream

    scan_stream(sys.stdin, sys.stdout)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the offline demo community."""
    from bot.demo import run_demo

    return run_demo(live=args.live, port=args.port, play=not args.no_script, language=args.language)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hearth-bot")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand; each has a description shown by --help."""
    parser = argparse.ArgumentParser(
        prog="hearth",
        description="Hearth, a Discord bot for peer-support communities. Settings come from the environment "
        "or .env (see README, Configuration).",
    )
    parser.add_argument("--version", action="version", version=f"hearth {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        parent: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, details: str
    ) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=summary, description=f"{summary}. {details}")

    command(
        sub,
        "run",
        "Connect to Discord and run until stopped",
        "Needs DISCORD_TOKEN. Applies pending migrations, writes the heartbeat file `hearth health` reads, "
        "and on SIGTERM or SIGINT stops the scheduler, the gateway and the database cleanly.",
    ).set_defaults(func=cmd_run)
    command(
        sub,
        "sync",
        "Push the slash commands to Discord, then exit",
        "Run once after installing and after each upgrade. With HEARTH_DEV_GUILD set, syncs to that server only.",
    ).set_defaults(func=cmd_sync)
    command(
        sub,
        "health",
        "Exit 0 if the running bot is connected to Discord, else 1",
        "Reads the heartbeat file (HEARTH_HEARTBEAT_FILE, default beside the database) and writes nothing; "
        "the Docker healthcheck runs it.",
    ).set_defaults(func=cmd_health)
    content = command(
        sub, "content", "Content tools", "See `hearth content check --help` and `hearth content stale --help`."
    )
    content_sub = content.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = command(
        content_sub,
        "check",
        "Validate every file in content/",
        "Exits 1 listing file:line: reason for each problem (or a crisis line unchecked for 24 months); warns "
        "about lines not checked for 12. Reads HEARTH_CONTENT_DIR if set, else the content shipped with Hearth.",
    )
    check.add_argument("--content-dir", default=None, help="check this folder instead")
    check.add_argument("--today", type=_iso_day, default=None, help="judge the dates as if it were this day")
    check.set_defaults(func=cmd_content_check)
    stale = command(
        content_sub,
        "stale",
        "List the crisis lines to re-check",
        "Old checks, lines members reported as not working, and weak sources, most urgent first.",
    )
    stale.add_argument("--content-dir", default=None, help="read this folder instead")
    stale.add_argument("--today", type=_iso_day, default=None, help="judge the dates as if it were this day")
    stale.add_argument("--database", default=None, help="read members' reports here (default: HEARTH_DATABASE)")
    stale.set_defaults(func=cmd_content_stale)
    i18n_parser = command(
        sub,
        "i18n",
        "Translation catalogues",
        "`extract` writes content/locales/hearth.pot from every messages.py; `update` merges it into each "
        "language's .po; `todo LANG` prints what LANG still lacks as JSON; `fill LANG FILE` writes a JSON "
        "object {context: translation} into LANG's catalogue.",
    )
    i18n_parser.add_argument("action", choices=("extract", "update", "todo", "fill"))
    i18n_parser.add_argument("language", nargs="?", default=None, help="for todo and fill")
    i18n_parser.add_argument("file", nargs="?", default=None, help="for fill: a JSON file")
    i18n_parser.add_argument("--content-dir", default=None, help="use this content folder")
    i18n_parser.set_defaults(func=cmd_i18n)
    db = command(
        sub,
        "db",
        "Database tools",
        "See `hearth db migrate --help`, `hearth db backup --help` and `hearth db copy --help`.",
    )
    db_sub = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(
        db_sub,
        "migrate",
        "Apply pending migrations to HEARTH_DATABASE (or HEARTH_DATABASE_URL)",
        "`hearth run` does this itself at start; a database newer than this Hearth is refused, not changed.",
    ).set_defaults(func=cmd_db_migrate)
    backup = command(
        db_sub,
        "backup",
        "Copy the live database safely",
        "Uses SQLite's online backup API, so it is safe while the bot runs. Back up hearth.secret with it.",
    )
    backup.add_argument("path", help="where to write the copy (its folder is created)")
    backup.set_defaults(func=cmd_db_backup)
    copy = command(
        db_sub,
        "copy",
        "Copy every row into an empty database, verified per table",
        "Migrates the destination, refuses one with rows, copies in one transaction and prints each table's rows "
        "and SHA-256 checksum; if one does not match, nothing is written.",
    )
    copy.add_argument("--to", required=True, help="the destination, e.g. postgresql://user@host/hearth")
    copy.add_argument("--from", dest="source", default=None, help="the source (default: the configured database)")
    copy.set_defaults(func=cmd_db_copy)
    safety = command(sub, "safety", "Safety tools", "See `hearth safety scan --help`.")
    safety_sub = safety.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(
        safety_sub,
        "scan",
        "Assess JSON lines from stdin",
        'Reads {"text": ...} per line and writes {"level", "categories"} per line; stores and logs nothing.',
    ).set_defaults(func=cmd_safety_scan)
    demo = command(
        sub,
        "demo",
        "Run the offline demo",
        "Plays one day in a simulated community with the real bot and prints what happened; exit 1 if a step failed.",
    )
    demo.add_argument("--live", action="store_true", help="leave the simulated server running with a web page")
    demo.add_argument("--port", type=int, default=8765, help="port of the live page on 127.0.0.1 (0: any free)")
    demo.add_argument("--no-script", action="store_true", help="set the server up but skip the scripted day")
    demo.add_argument(
        "--language",
        default="en",
        choices=sorted({"en", *DISCORD_LOCALES.values()}),
        help="the demo server's language and its members' Discord app language (Arabic, which Discord's app "
        "lacks, is not offered: members would see English privately, as on Discord)",
    )
    demo.set_defaults(func=cmd_demo)
    return parser


def cmd_i18n(args: argparse.Namespace) -> int:
    import json

    from bot import locales
    from bot.core import i18n

    directory = _content_dir(args) / "locales"
    if args.action == "extract":
        print(locales.extract(directory))
        return 0
    if args.action == "update":
        for path in locales.update(directory, [args.language] if args.language else None):
            print(path)
        return 0
    if args.language not in i18n.LANGUAGES or args.language == i18n.SOURCE_LANGUAGE:
        print(f"name a language to translate into: {', '.join(code for code in i18n.LANGUAGES if code != 'en')}")
        return 2
    if args.action == "todo":
        print(json.dumps(locales.todo(directory, args.language), ensure_ascii=False, indent=1))
        return 0
    if not args.file:
        print("fill needs a JSON file: {context: translation}")
        return 2
    written, unknown = locales.fill(directory, args.language, json.loads(Path(args.file).read_text("utf-8")))
    print(f"{written} entries written to {i18n.catalogue_path(args.language, directory)}")
    for context in unknown:
        print(f"not in the template (check the context): {context}")
    return 1 if unknown else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `hearth` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
