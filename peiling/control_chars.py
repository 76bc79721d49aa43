"""Find and remove control characters, which break mail headers, databases and spreadsheets."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def first_control(text: str, allowed: str = "") -> str | None:
    """Return the first control character in a text (one of ``allowed`` excepted), or None."""
    for match in _CONTROL.finditer(text):
        if match.group() not in allowed:
            return match.group()
    return None


def describe(char: str) -> str:
    """Name a control character for a message, e.g. 'U+000B (LINE TABULATION)'."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} ({name})"


def remove_controls(text: str, line_breaks: bool = False) -> str:
    """Return a text without control characters; line breaks are kept (as \\n) when asked.

    A tab becomes a space, and a vertical tab or form feed (Word's manual line break) becomes a
    line break, or a space in one-line text; every other control character is dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    breaks = "\n" if line_breaks else " "
    text = text.replace("\n", breaks).replace("\x0b", breaks).replace("\x0c", breaks)
    text = text.replace("\u2028", breaks).replace("\u2029", breaks).replace("\t", " ")
    return _CONTROL.sub(lambda m: m.group() if m.group() == "\n" else "", text)


_C0_NAMES = {
    0x00: "NULL",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
