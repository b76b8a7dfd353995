"""Owner tags: the one keyed tag every button made for one person carries instead of their id."""

from __future__ import annotations

import hashlib
import hmac

from bot.core.tags import is_owner, owner_tag

SECRET = b"s" * 32


def test_a_tag_opens_only_for_the_person_it_was_made_for() -> None:
    tag = owner_tag(SECRET, 42)
    assert is_owner(SECRET, 42, tag)
    assert not is_owner(SECRET, 43, tag)
    assert not is_owner(SECRET, 42, None)
    assert str(42) not in tag and len(tag) == 16


def test_a_tag_bound_to_one_button_does_not_open_another() -> None:
    tag = owner_tag(SECRET, 42, "hearth:checkin:1:7")
    assert is_owner(SECRET, 42, tag, "hearth:checkin:1:7")
    assert not is_owner(SECRET, 42, tag, "hearth:checkin:1:8")
    assert not is_owner(SECRET, 42, tag)


def test_tags_on_buttons_already_posted_still_match() -> None:
    """Both forms are the ones buttons were made with before there was one helper (persistent buttons)."""
    plain = hmac.new(SECRET, b"button-owner:42", hashlib.sha256).hexdigest()[:16]
    bound = hmac.new(SECRET, b"hearth:checkin:1:7|42", hashlib.sha256).hexdigest()[:16]
    assert owner_tag(SECRET, 42) == plain
    assert owner_tag(SECRET, 42, "hearth:checkin:1:7") == bound
