"""Every interface text, in plain Dutch and in English (questionnaire texts come from the file)."""

from peiling.webforms.texts_staff import STAFF_EN, STAFF_NL

NL = {}

EN = {}

TEXTS = {"nl": NL | STAFF_NL, "en": EN | STAFF_EN}
