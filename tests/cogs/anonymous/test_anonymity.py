"""Author keys and pseudonyms: keyed, stable per server, different across servers, rotatable."""

from __future__ import annotations

from pathlib import Path

from bot.core.db import Database
from cogs.anonymous.service import AnonymityService, author_key, pseudonym


def test_author_key_needs_the_secret_and_never_contains_the_id() -> None:
    key = author_key(b"secret-a", 1, 123456789)
    assert key != author_key(b"secret-b", 1, 123456789)
    assert "123456789" not in key
    assert key == author_key(b"secret-a", 1, 123456789)


def test_pseudonyms_differ_across_servers_and_salts() -> None:
    one = pseudonym(b"s", 1, 42, "salt")
    assert one == pseudonym(b"s", 1, 42, "salt")
    assert one != pseudonym(b"s", 2, 42, "salt") or pseudonym(b"s", 1, 43, "salt") != pseudonym(b"s", 2, 43, "salt")
    assert one != pseudonym(b"s", 1, 42, "other-salt") or pseudonym(b"s", 1, 7, "salt") != pseudonym(
        b"s", 1, 7, "other-salt"
    )


async def test_rotate_changes_every_pseudonym_in_that_server_only(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.db")
    await db.open()
    await db.migrate()
    service = AnonymityService(db, b"secret")
    members = range(100, 120)
    before = [await service.pseudonym(1, m) for m in members]
    other = [await service.pseudonym(2, m) for m in members]
    assert before == [await service.pseudonym(1, m) for m in members]
    await service.rotate(1)
    after = [await service.pseudonym(1, m) for m in members]
    assert sum(b != a for b, a in zip(before, after, strict=True)) >= 18
    assert other == [await service.pseudonym(2, m) for m in members]
    reopened = AnonymityService(db, b"secret")
    assert after == [await reopened.pseudonym(1, m) for m in members]
    await db.close()
