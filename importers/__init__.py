"""Importers for organisations, mergers and contact lists from CSV and XLSX files."""

from peiling.importers.mergers import MergerImportResult, current_successor, import_mergers
from peiling.importers.organisations import import_organisations
from peiling.importers.problems import ImportErrors, ImportResult, Problem
from peiling.importers.respondents import import_respondents
from peiling.importers.tables import read_table

__all__ = [
    "ImportErrors",
    "ImportResult",
    "MergerImportResult",
    "Problem",
    "current_successor",
    "import_mergers",
    "import_organisations",
    "import_respondents",
    "read_table",
]
