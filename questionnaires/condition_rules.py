"""Check show_if conditions: known, earlier questions and tests that fit their type."""

from __future__ import annotations

from datetime import date
from typing import Any

from peiling.questionnaires.problems import Problem
from peiling.questionnaires.source import DataPath, Source
from peiling.questionnaires.walk import RawQuestion, pages

TESTS = ("equals", "in", "contains", "gte", "lte", "answered")
LIST_TYPES = ("multiple_choice", "ranking")
ORDERED_TYPES = ("number", "likert", "single_choice", "matrix", "date")


def condition_problems(source: Source, raw_questions: list[RawQuestion]) -> list[Problem]:
    """Return a problem for every condition that cannot work as written."""
    checker = _Checker(source, {q.key: q for q in raw_questions if q.key})
    for i, page in pages(source.data):
        if "show_if" in page:
            checker.check(page["show_if"], ("pages", i, "show_if"), page_index=i, order=None)
    for q in raw_questions:
        if "show_if" in q.data:
            checker.check(q.data["show_if"], q.path + ("show_if",), q.page_index, q.order)
    return checker.problems


class _Checker:
    def __init__(self, source: Source, index: dict[str, RawQuestion]):
        self.source = source
        self.index = index
        self.problems: list[Problem] = []

    def report(self, path: DataPath, message: str) -> None:
        """Add a problem at a path."""
        self.problems.append(self.source.problem(path, message))

    def check(self, cond: Any, path: DataPath, page_index: int, order: int | None) -> None:
        """Check a condition and the conditions inside it."""
        if not isinstance(cond, dict):
            return  # the schema reports it
        for combinator in ("all", "any"):
            if isinstance(cond.get(combinator), list):
                for i, part in enumerate(cond[combinator]):
                    self.check(part, (*path, combinator, i), page_index, order)
        if "not" in cond:
            self.check(cond["not"], (*path, "not"), page_index, order)
        if isinstance(cond.get("question"), str):
            self.comparison(cond, path, page_index, order)

    def comparison(self, cond: dict, path: DataPath, page_index: int, order: int | None) -> None:
        """Check that a comparison names an earlier question with a fitting test."""
        ref = cond["question"]
        at = (*path, "question")
        key, _, row = ref.partition(".")
        target = self.index.get(key)
        if target is None:
            self.report(at, f"condition refers to unknown question '{ref}'")
            return
        if order is not None and target.order == order:
            self.report(at, "condition refers to the question itself")
            return
        if order is not None and target.order > order:
            self.report(at, f"condition refers to '{ref}', which comes later; use earlier ones")
            return
        if order is None and target.page_index >= page_index:
            self.report(
                at, f"page condition refers to '{ref}'; use only questions on earlier pages"
            )
            return
        if not self.row_fits(target, row, ref, at):
            return
        tests = [t for t in TESTS if t in cond]
        if len(tests) == 1:
            self.test_fits(target, tests[0], cond[tests[0]], ref, (*path, tests[0]))

    def row_fits(self, target: RawQuestion, row: str, ref: str, at: DataPath) -> bool:
        """Tell whether a matrix is tested by one of its rows (and nothing else has rows)."""
        if target.type == "matrix" and not row:
            rows = target.row_keys()
            example = f", e.g. '{ref}.{rows[0]}'" if rows else ""
            self.report(at, f"'{ref}' is a matrix; name one of its rows{example}")
            return False
        if row and target.type != "matrix":
            self.report(at, f"'{target.key}' is not a matrix and has no row '{row}'")
            return False
        if row and row not in target.row_keys():
            self.report(at, f"matrix '{target.key}' has no row '{row}'")
            return False
        return True

    def test_fits(self, target: RawQuestion, test: str, value: Any, ref: str, at: DataPath) -> None:
        """Check that the test and its values fit the question type."""
        kind = target.type
        if test == "answered":
            return
        if test in ("equals", "in") and kind in LIST_TYPES:
            self.report(at, f"'{ref}' is a {kind} question; test it with contains")
            return
        if test == "contains" and kind not in LIST_TYPES:
            self.report(at, "contains applies only to multiple_choice and ranking questions")
            return
        if test in ("gte", "lte") and kind not in ORDERED_TYPES:
            self.report(at, f"{test} does not apply to a {kind} question")
            return
        values = value if isinstance(value, list) else [value]
        for v in values:
            message = self.value_problem(target, v, ref)
            if message:
                self.report(at, message)

    def value_problem(self, target: RawQuestion, value: Any, ref: str) -> str | None:
        """Return why a value cannot be an answer to the question, or None."""
        kind = target.type
        if kind in ("single_choice", "multiple_choice", "likert", "matrix", "ranking"):
            if not isinstance(value, int) or value not in target.codes():
                return f"{value!r} is not an option code of '{ref}'"
        elif kind == "number" and not isinstance(value, int | float):
            return f"{value!r} is not a number, but '{ref}' is a number question"
        elif kind == "date" and not _is_date(value):
            return f"{value!r} is not a date (YYYY-MM-DD), but '{ref}' is a date question"
        elif kind in ("short_text", "long_text") and not isinstance(value, str):
            return f"{value!r} is not text, but '{ref}' is a text question"
        return None


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True
