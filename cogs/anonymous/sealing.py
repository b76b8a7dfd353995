"""Seal a user id with the server secret so a pending submission can be returned without storing the id."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def _stream(secret: bytes, nonce: bytes) -> bytes:
    return hmac.new(secret, b"return-to:" + nonce, hashlib.sha256).digest()[:8]


def _tag(secret: bytes, nonce: bytes, body: bytes) -> bytes:
    return hmac.new(secret, b"return-tag:" + nonce + body, hashlib.sha256).digest()[:8]


def seal(secret: bytes, user_id: int) -> str:
    """An opaque token (fresh nonce each time) that only a holder of the secret can open."""
    nonce = secrets.token_bytes(16)
    body = bytes(a ^ b for a, b in zip(user_id.to_bytes(8, "big"), _stream(secret, nonce), strict=True))
    return (nonce + body + _tag(secret, nonce, body)).hex()


def unseal(secret: bytes, token: str) -> int | None:
    """The user id inside a token, or None if it was not sealed with this secret."""
    try:
        raw = bytes.fromhex(token)
    except ValueError:
        return None
    if len(raw) != 32:
        return None
    nonce, body, tag = raw[:16], raw[16:24], raw[24:]
    if not hmac.compare_digest(tag, _tag(secret, nonce, body)):
        return None
    return int.from_bytes(bytes(a ^ b for a, b in zip(body, _stream(secret, nonce), strict=True)), "big")
