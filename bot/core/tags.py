"""Keyed tags for 'the person this button was made for', so a custom_id never carries a bare user id."""

from __future__ import annotations

import hashlib
import hmac

TAG_PATTERN = r"[0-9a-f]{16}"


def owner_tag(secret: bytes, user_id: int, scope: str | None = None) -> str:
    """A short keyed hash of a user id (16 hex characters): checkable at press time, not reversible.

    With `scope` (the rest of the custom_id), the tag is bound to that one button as well as to the
    person: a copied custom_id pressed by anyone else does not match, nor does the tag on another button.
    """
    message = f"button-owner:{user_id}" if scope is None else f"{scope}|{user_id}"
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:16]


def is_owner(secret: bytes, user_id: int, tag: str | None, scope: str | None = None) -> bool:
    """True if `tag` was made by `owner_tag` for `user_id` (and `scope`); constant-time comparison."""
    return tag is not None and hmac.compare_digest(owner_tag(secret, user_id, scope), tag)
