"""Empty on purpose: the staff texts are in the gettext catalogs too (see webforms.texts)."""

STAFF_NL: dict[str, str] = {}

STAFF_EN: dict[str, str] = {}
