"""Importers for organisations, mergers and contact lists from CSV and XLSX files."""

from models.imports.mergers import MergerImportResult, current_successor, import_mergers
from models.imports.organisations import import_organisations
from models.imports.problems import ImportErrors, ImportResult, Problem
from models.imports.respondents import import_respondents
from models.imports.tables import read_table

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
