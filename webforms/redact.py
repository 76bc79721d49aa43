"""Keep link tokens out of every log line: the access log, the app's and the server's logs."""

from __future__ import annotations

import logging
import re

# Everything after /r/ or /afmelden/ up to a space, query or quote: a token, whole or in part.
TOKEN_IN_PATH = re.compile(r"(/(?:r|afmelden)/)[^\s?#\"']+")
REDACTED = r"\1[token]"


def redact(text: str) -> str:
    """Return a text with every link token replaced by [token]."""
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter that replaces link tokens in a record's message by [token]."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(*loggers: logging.Logger) -> None:
    """Add the token filter to loggers (once each)."""
    for logger in loggers:
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
