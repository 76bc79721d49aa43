"""Disclosure control: what may leave in the tables, masked open text, pseudonyms, suppression.

By default the tables (workbook, CSV, SPSS) hold no personal answers (questions marked
``personal: true``) and no open text in the data; open answers shown in the tables are
screened for e-mail addresses, phone numbers and the names of contacts in the database.
Counts below k are suppressed, and so many more cells of the same breakdown that none
follows from the total by subtraction (secondary suppression).
"""

from __future__ import annotations

import hashlib
import hmac

from peiling.masking import EMAIL, MASKS, PHONE, Masker, name_parts  # noqa: F401 (one place)

TEXT_TYPES = ("short_text", "long_text")


def restricted_question(question) -> bool:
    """Tell whether a question's answers belong only in the restricted export."""
    return bool(getattr(question, "personal", False))


def in_tables(variable) -> bool:
    """Tell whether a data column may appear in the tables, CSV or SPSS (no personal, no text)."""
    return not restricted_question(variable.question) and variable.question.type not in TEXT_TYPES


def pseudonym(code: str | None, key: bytes) -> str | None:
    """Return a stable pseudonym of an organisation code (keyed HMAC-SHA256, 10 hex digits)."""
    if code is None or code != code:
        return None
    digest = hmac.new(key, str(code).encode("utf-8"), hashlib.sha256).hexdigest()
    return "ORG-" + digest[:10]


def suppressed(counts: list[int], k: int) -> list[bool]:
    """Return which counts of one breakdown (cells that add up to a shown total) to hide.

    Primary: 0 < n < k. Secondary: while one cell alone is hidden, or the hidden cells add up
    to less than k, the smallest shown non-zero cell is hidden too, so that neither a single
    cell nor a group below k follows from the total by subtraction.
    """
    hidden = [0 < n < k for n in counts]
    while True:
        total = sum(n for n, h in zip(counts, hidden, strict=True) if h)
        if not any(hidden) or (hidden.count(True) >= 2 and total >= k):
            return hidden
        candidates = [(n, i) for i, n in enumerate(counts) if not hidden[i] and n > 0]
        if not candidates:
            return hidden
        hidden[min(candidates)[1]] = True


IDENTIFYING = ("organisation_name", "current_name")
CODES = ("organisation_code", "current_code")


def data_variables(source) -> list:
    """Return the data columns that may leave in row-level data (no personal, no open text)."""
    return [v for v in source.variables() if in_tables(v)]


def protect_frame(frame, options):
    """Return row-level data with organisation codes pseudonymised and names left out
    (unless the options ask for the real codes)."""
    if not options.pseudonymise:
        return frame
    frame = frame.drop(columns=[c for c in IDENTIFYING if c in frame.columns])
    key = options.pseudonym_key or b"peiling"
    for column in CODES:
        if column in frame.columns:
            frame[column] = [pseudonym(v, key) for v in frame[column].tolist()]
    return frame
