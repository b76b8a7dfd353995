"""Authenticated encryption at rest: AES-256-GCM (the `cryptography` library) with HKDF-derived keys.

One operator secret, many purposes: each purpose ("safety-plan", "anon-return") gets its own key via
HKDF-SHA256, so a ciphertext made for one use never opens under another. The caller binds each
ciphertext to what it belongs to (a user id, a server) through the associated data, so a row copied
onto another person's row does not decrypt.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
TAG_BYTES = 16
_SALT = b"hearth/aead/v1"


def derive_key(secret: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose, derived from the operator's secret (HKDF-SHA256)."""
    if not secret:
        raise ValueError("the secret is empty")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose.encode("utf-8")).derive(secret)


class Sealer:
    """Encrypts and decrypts small values for one purpose; the output is nonce ‖ ciphertext ‖ tag."""

    def __init__(self, secret: bytes, purpose: str) -> None:
        self._aead = AESGCM(derive_key(secret, purpose))

    def seal(self, plaintext: bytes, associated: bytes = b"") -> bytes:
        """Encrypt with a fresh random nonce; `associated` is authenticated but not stored."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, blob: bytes, associated: bytes = b"") -> bytes | None:
        """The plaintext, or None if the blob was not sealed by this key for this associated data."""
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            return None
        try:
            return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated)
        except InvalidTag:
            return None
