"""Text that is safe in a spreadsheet: no formulas from data, no characters XML cannot hold.

OWASP's advice on CSV (formula) injection: a cell whose text starts with ``=``, ``+``, ``-``,
``@``, tab, carriage return or line feed can be taken for a formula by a spreadsheet program,
so such text gets a leading single quote and is always written as text, never as a formula.
NUL and the other control characters that XML 1.0 cannot hold are removed; CR becomes LF.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
EXCEL_MAX_TEXT = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """Return text that no spreadsheet reads as a formula, without illegal control characters."""
    if not text:
        return text
    risky = text.startswith(FORMULA_STARTS)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if "\r" in text:  # a line break in a cell is LF; a CR would be stored as "_x000D_"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if risky or text.startswith(FORMULA_STARTS):
        text = "'" + text
    if len(text) > EXCEL_MAX_TEXT // 2:
        text = text[: EXCEL_MAX_TEXT // 2 - 1] + "\u2026"
    return text


def safe_value(value):
    """Return a cell value as is, or as neutralised text when it is a string."""
    return neutralise(value) if isinstance(value, str) else value


def sheet_name(name: str, taken: set[str]) -> str:
    """Return a valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("_", _ILLEGAL.sub("", name)).strip("'") or "Blad"
    candidate, n = _utf16_trim(base, 31), 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate = _utf16_trim(base, 31 - len(suffix)) + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _utf16_trim(text: str, limit: int) -> str:
    """Return text cut to at most limit UTF-16 code units (how Excel counts characters)."""
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return text


def defined_name(text: str) -> str:
    """Return a valid Excel defined name built from text (letters, digits, underscores)."""
    name = re.sub(r"\W", "_", text)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "_" + name
    return name[:255]
