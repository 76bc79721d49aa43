"""Limits on input from outside (forms, import files, questionnaire files), in one place."""

from __future__ import annotations

# -- web forms -------------------------------------------------------------------------------
FORM_MAX_BYTES = 512 * 1024  # a whole POST; a page of answers is a few KB
VERSION_MAX_DIGITS = 9  # the response version counter a form posts back
NUMBER_MAX_CHARS = 30  # a typed number, spaces and separators included
NUMBER_MAX_MAGNITUDE = 10**15  # beyond this a number is a typing error (and loses float precision)

# -- import files (CSV and XLSX) ---------------------------------------------------------------
IMPORT_MAX_FILE_BYTES = 10 * 1024 * 1024  # the file as uploaded
IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all members of an XLSX (a zip) unpacked
IMPORT_MAX_ZIP_MEMBERS = 500
IMPORT_MAX_ROWS = 20_000  # the Netherlands has ~340 municipalities and a few thousand contacts
IMPORT_MAX_COLUMNS = 100
IMPORT_MAX_CELL_CHARS = 1000  # any cell; a column's own limit (its database field) is checked too
IMPORT_MAX_WHOLE_NUMBER = 2_147_483_647  # the largest value a database integer column holds

# -- questionnaire files (YAML) ----------------------------------------------------------------
QUESTIONNAIRE_MAX_BYTES = 2 * 1024 * 1024
QUESTIONNAIRE_MAX_ALIASES = 500  # uses of an &anchor
QUESTIONNAIRE_MAX_DEPTH = 40  # nested mappings and lists
QUESTIONNAIRE_MAX_VALUES = 200_000  # values after expanding aliases (stops an alias bomb)
