"""Personal link tokens: derived with an HMAC, so the database alone opens no questionnaire.

Each invitation keeps a random salt (128 bits from ``secrets``) and the SHA-256 digest of its token.
The token itself is HMAC-SHA256(secret key, salt), so the same link can be sent again in every
reminder, while a copy of the database without the secret key gives no working link. Changing
PEILING_SECRET_KEY therefore invalidates every link that was sent.

The opt-out link carries a second token from the same salt under its own HMAC purpose, so the
address in List-Unsubscribe (which mail gateways fetch) never opens the questionnaire, and the
questionnaire link cannot opt anyone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
LINK = b"peiling-link:"
OPT_OUT = b"peiling-opt-out:"


def new_salt() -> str:
    """Return a fresh random salt of 128 bits, as hex."""
    return secrets.token_hex(16)


def token_for(secret_key: str, salt: str, purpose: bytes = LINK) -> str:
    """Return the token of a salt for a purpose (the link by default), 43 URL-safe characters."""
    mac = hmac.new(secret_key.encode(), purpose + salt.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def same(token: str, expected: str) -> bool:
    """Compare a given token with the expected one in constant time."""
    return hmac.compare_digest(token.encode(), expected.encode())


def digest(token: str) -> str:
    """Return the digest stored for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(value: str) -> bool:
    """Tell whether a string has the shape of a token (before any database look-up)."""
    return bool(TOKEN_PATTERN.match(value or ""))
