"""Texts of the staff area (/beheer), in Dutch and in English; merged into webforms.texts."""

STAFF_NL = {}

STAFF_EN = {}
