"""Mask e-mail addresses, phone numbers and known names in open text (exports and retention)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Dutch and international phone numbers: 06-12345678, 020 123 4567, +31 (0)6 1234 5678.
PHONE = re.compile(r"(?<!\w)(\+\d{1,3}[\s-]?(\(0\))?[\s-]?|0)\d{1,3}([\s-]?\d){6,9}(?!\w)")
MASKS = {
    "nl": {"email": "[e-mailadres]", "phone": "[telefoonnummer]", "name": "[naam]"},
    "en": {"email": "[e-mail address]", "phone": "[phone number]", "name": "[name]"},
}


class Masker:
    """Mask e-mail addresses, phone numbers and known names in open answers."""

    def __init__(self, names: list[str] | None = None, lang: str = "nl"):
        self.words = MASKS[lang]
        parts = sorted(
            {n.strip() for n in names or () if n and len(n.strip()) >= 3}, key=len, reverse=True
        )
        self.names = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in parts) + r")(?!\w)", re.I)
            if parts
            else None
        )

    def __call__(self, text: str) -> str:
        """Return text with every e-mail address, phone number and known name masked."""
        if not text:
            return text
        text = EMAIL.sub(self.words["email"], text)
        text = PHONE.sub(self.words["phone"], text)
        if self.names is not None:
            text = self.names.sub(self.words["name"], text)
        return text


def name_parts(full_names: list[str]) -> list[str]:
    """Return the full names and their surnames (the last word, with any prefix such as 'de')."""
    result = set()
    for name in full_names:
        name = " ".join(str(name or "").split())
        if not name:
            continue
        result.add(name)
        words = name.split(" ")
        if len(words) > 1:
            surname = words[-1]
            prefix = [w for w in words[1:-1] if w.islower()]
            result.add(" ".join([*prefix, surname]))
    return sorted(result)
