"""Seal a user id with the server secret so a pending submission can be returned without storing the id.

Tokens are AES-256-GCM (`bot.core.crypto`, key derived for this purpose only): "g1:" then hex of
nonce ‖ ciphertext ‖ tag. Tokens made by the earlier home-made cipher (64 hex characters, XOR with an
HMAC stream, 8-byte HMAC tag) still open, read-only, so submissions waiting in the approval queue when
Hearth was upgraded can still be returned; no new token is ever made that way.
"""

from __future__ import annotations

import hashlib
import hmac

from bot.core.crypto import Sealer

PREFIX = "g1:"
PURPOSE = "anonymous-return-address"
_ASSOCIATED = b"hearth:anonymous:return-to"
_LEGACY_BYTES = 32


def seal(secret: bytes, user_id: int) -> str:
    """An opaque token (fresh nonce each time) that only a holder of the secret can open."""
    blob = Sealer(secret, PURPOSE).seal(user_id.to_bytes(8, "big"), _ASSOCIATED)
    return PREFIX + blob.hex()


def unseal(secret: bytes, token: str) -> int | None:
    """The user id inside a token, or None if it was not sealed with this secret."""
    if token.startswith(PREFIX):
        try:
            blob = bytes.fromhex(token[len(PREFIX) :])
        except ValueError:
            return None
        opened = Sealer(secret, PURPOSE).open(blob, _ASSOCIATED)
        if opened is None or len(opened) != 8:
            return None
        return int.from_bytes(opened, "big")
    return _unseal_legacy(secret, token)


def _legacy_stream(secret: bytes, nonce: bytes) -> bytes:
    return hmac.new(secret, b"return-to:" + nonce, hashlib.sha256).digest()[:8]


def _legacy_tag(secret: bytes, nonce: bytes, body: bytes) -> bytes:
    return hmac.new(secret, b"return-tag:" + nonce + body, hashlib.sha256).digest()[:8]


def _unseal_legacy(secret: bytes, token: str) -> int | None:
    """Open a token made before the AEAD (kept only so pending submissions survive the upgrade)."""
    try:
        raw = bytes.fromhex(token)
    except ValueError:
        return None
    if len(raw) != _LEGACY_BYTES:
        return None
    nonce, body, tag = raw[:16], raw[16:24], raw[24:]
    if not hmac.compare_digest(tag, _legacy_tag(secret, nonce, body)):
        return None
    return int.from_bytes(bytes(a ^ b for a, b in zip(body, _legacy_stream(secret, nonce), strict=True)), "big")
