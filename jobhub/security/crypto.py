"""Field encryption (AES-256-GCM) and keyed look-up hashes (HMAC-SHA256).

One 32-byte master key from instance config yields, through HKDF, an encryption key and an
HMAC key. Ciphertexts are bound to their column through associated data, so a value copied
into another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PREFIX = "v1:"


class DataKeyError(ValueError):
    """The configured data key is missing or malformed."""


def generate_data_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


class FieldCipher:
    """Encrypts and decrypts column values; computes the HMAC used for exact look-ups."""

    def __init__(self, data_key_b64: str) -> None:
        try:
            master = base64.b64decode(data_key_b64, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise DataKeyError("DATA_KEY must be base64 of 32 random bytes") from None
        if len(master) != 32:
            raise DataKeyError("DATA_KEY must be base64 of 32 random bytes")
        self._aead = AESGCM(_derive(master, b"jobhub field encryption v1"))
        self._mac_key = _derive(master, b"jobhub lookup hmac v1")

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), context.encode())
        return _PREFIX + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, token: str, context: str) -> str:
        if not token.startswith(_PREFIX):
            raise ValueError("unknown ciphertext version")
        raw = base64.b64decode(token[len(_PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()

    def lookup_hash(self, value: str, kind: str) -> str:
        """Keyed hash of a normalised value: equal inputs give equal hashes, and without the
        key nobody can test a guessed ID number against the table."""
        return hmac.new(self._mac_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
