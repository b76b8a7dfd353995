"""Keyed tags for 'the person this button was made for', so a custom_id never carries a bare user id."""

from __future__ import annotations

import hashlib
import hmac

TAG_PATTERN = r"[0-9a-f]{16}"


def owner_tag(secret: bytes, user_id: int) -> str:
    """A short keyed hash of a user id (16 hex characters): checkable at press time, not reversible."""
    return hmac.new(secret, f"button-owner:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


def is_owner(secret: bytes, user_id: int, tag: str) -> bool:
    """True if `tag` was made for `user_id` (constant-time comparison)."""
    return hmac.compare_digest(owner_tag(secret, user_id), tag)
