"""Tests of the importers (limits and bad files; the happy paths live in tests/models)."""
