"""Checks beyond the schema: unique keys and codes, scales, and what each question type allows."""

from __future__ import annotations

from datetime import date

from peiling.questionnaires.problems import Problem
from peiling.questionnaires.source import DataPath, Source
from peiling.questionnaires.walk import RawQuestion, as_list, pages, scales

CHOICE = {"options", "scale", "missing"}
COMMON = {
    "key",
    "type",
    "text",
    "help",
    "required",
    "show_if",
    "change",
    "personal",
    "carried_forward",
}
# Types that ask an opinion or a rating on a scale: their answers are not facts to carry forward.
OPINION_TYPES = ("likert", "matrix", "ranking")
TYPE_FIELDS = {
    "single_choice": CHOICE,
    "multiple_choice": CHOICE | {"min_selected", "max_selected"},
    "likert": CHOICE,
    "matrix": CHOICE | {"rows"},
    "ranking": {"options", "scale", "top"},
    "number": {"min", "max", "integer"},
    "date": {"min_date", "max_date", "not_in_future"},
    "short_text": {"max_length"},
    "long_text": {"max_length"},
}
MIN_OPTIONS = {"single_choice": 2, "likert": 2, "matrix": 2, "ranking": 2, "multiple_choice": 1}


class Rules:
    """Collect the problems of one source."""

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def report(self, path: DataPath, message: str) -> None:
        """Add a problem at a path."""
        self.problems.append(self.source.problem(path, message))

    def run(self, raw_questions: list[RawQuestion]) -> list[Problem]:
        """Run every structural check and return the problems."""
        self.unique_page_keys()
        self.unique_question_keys(raw_questions)
        self.scale_codes()
        for question in raw_questions:
            self.question(question)
        data = self.source.data
        if isinstance(data, dict) and data.get("previous_version", "") == data.get("version"):
            self.report(("previous_version",), "previous_version names this version itself")
        return self.problems

    def unique_page_keys(self) -> None:
        """Report a page key used twice."""
        self._unique(
            [(("pages", i, "key"), page.get("key")) for i, page in pages(self.source.data)],
            "page key",
        )

    def unique_question_keys(self, raw_questions: list[RawQuestion]) -> None:
        """Report a question key used twice anywhere in the questionnaire."""
        self._unique([(q.path + ("key",), q.key) for q in raw_questions], "question key")

    def _unique(self, keyed: list[tuple[DataPath, object]], what: str) -> None:
        first: dict[object, DataPath] = {}
        for path, key in keyed:
            if not isinstance(key, str | int) or isinstance(key, bool):
                continue
            if key in first:
                line = self.source.line(first[key])
                name = key if isinstance(key, int) else f"'{key}'"
                self.report(path, f"{what} {name} is used twice (first on line {line})")
            else:
                first[key] = path

    def scale_codes(self) -> None:
        """Report codes used twice within a scale."""
        for name, scale in scales(self.source.data).items():
            items = [
                (("scales", name, part, i), o)
                for part in ("options", "missing")
                for i, o in enumerate(as_list(scale.get(part)))
                if isinstance(o, dict)
            ]
            self._unique([(path + ("code",), o.get("code")) for path, o in items], "option code")

    def question(self, q: RawQuestion) -> None:
        """Check one question: its fields, options and type-specific settings."""
        if q.type not in TYPE_FIELDS:
            return  # the schema reports an unknown type
        allowed = COMMON | TYPE_FIELDS[q.type]
        for field in q.data:
            if field not in allowed and field in _ALL_FIELDS:
                self.report(q.path + (field,), f"'{field}' does not apply to a {q.type} question")
        if "options" in TYPE_FIELDS[q.type]:
            self.choice(q)
        if isinstance(q.key, str) and q.key.endswith("_carried"):
            self.report(
                q.path + ("key",),
                "a key ending in _carried is kept for the column that says whether last "
                "year's answer was confirmed",
            )
        if q.data.get("carried_forward") is True and q.type in OPINION_TYPES:
            self.report(
                q.path + ("carried_forward",),
                f"carried_forward is for facts, not for a {q.type} question (an opinion or "
                "a rating on a scale is asked anew each wave)",
            )
        getattr(self, f"type_{q.type}", lambda q: None)(q)

    def choice(self, q: RawQuestion) -> None:
        """Check a choice question's options, scale and codes."""
        data = q.data
        scale = data.get("scale")
        if "options" in data and "scale" in data:
            self.report(q.path + ("scale",), "give options or a scale, not both")
        elif "options" not in data and "scale" not in data:
            self.report(q.path, f"a {q.type} question needs options or a scale")
        elif isinstance(scale, str) and scale not in scales(self.source.data):
            known = ", ".join(sorted(scales(self.source.data))) or "none"
            self.report(q.path + ("scale",), f"unknown scale '{scale}' (known: {known})")
        own = [(p, o) for p, o in q.options + q.missing if p[0] == "pages"]
        own_paths = {p for p, _ in own}
        seen: set[int] = set()
        for path, option in q.options + q.missing:
            code = option.get("code")
            if code in seen and path in own_paths and isinstance(code, int):
                self.report(path + ("code",), f"option code {code} is used twice")
            seen.add(code)
            if option.get("exclusive") and q.type != "multiple_choice":
                where = path + ("exclusive",) if path in own_paths else q.path + ("scale",)
                self.report(where, "exclusive applies only to multiple_choice options")
        minimum = MIN_OPTIONS.get(q.type, 1)
        if (q.options or "options" in data) and len(q.options) < minimum:
            self.report(q.path, f"a {q.type} question needs at least {minimum} options")

    def type_multiple_choice(self, q: RawQuestion) -> None:
        """Check min_selected and max_selected against each other and the options."""
        low, high = q.data.get("min_selected"), q.data.get("max_selected")
        count = len([o for _, o in q.options if not o.get("exclusive")])
        if _numbers(low, high) and low > high:
            self.report(
                q.path + ("min_selected",), f"min_selected {low} is above max_selected {high}"
            )
        for name, value in (("min_selected", low), ("max_selected", high)):
            if _numbers(value) and q.options and value > count:
                self.report(
                    q.path + (name,), f"{name} is {value} but there are only {count} options"
                )

    def type_ranking(self, q: RawQuestion) -> None:
        """Check that top does not exceed the number of options."""
        top = q.data.get("top")
        if _numbers(top) and q.options and top > len(q.options):
            self.report(
                q.path + ("top",), f"top is {top} but there are only {len(q.options)} options"
            )

    def type_likert(self, q: RawQuestion) -> None:
        """Check that a likert scale's codes rise in order."""
        codes = [o.get("code") for _, o in q.options]
        if _numbers(*codes) and codes != sorted(set(codes)):
            self.report(
                q.path, "a likert scale's codes must rise from the first option to the last"
            )

    def type_matrix(self, q: RawQuestion) -> None:
        """Check that a matrix has rows with unique keys."""
        if "rows" not in q.data:
            self.report(q.path, "a matrix question needs rows")
        rows = [r for r in as_list(q.data.get("rows")) if isinstance(r, dict)]
        paths = [(q.path + ("rows", i, "key"), r.get("key")) for i, r in enumerate(rows)]
        self._unique(paths, "row key")

    def type_number(self, q: RawQuestion) -> None:
        """Check that min is not above max."""
        low, high = q.data.get("min"), q.data.get("max")
        if _numbers(low, high) and low > high:
            self.report(q.path + ("min",), f"min {low} is above max {high}")

    def type_date(self, q: RawQuestion) -> None:
        """Check that min_date and max_date are real dates in order."""
        dates = {}
        for name in ("min_date", "max_date"):
            value = q.data.get(name)
            if isinstance(value, str):
                try:
                    dates[name] = date.fromisoformat(value)
                except ValueError:
                    self.report(q.path + (name,), f"{name} '{value}' is not a real date")
        if len(dates) == 2 and dates["min_date"] > dates["max_date"]:
            self.report(
                q.path + ("min_date",),
                f"min_date {dates['min_date']} is after max_date {dates['max_date']}",
            )


_ALL_FIELDS = set().union(*TYPE_FIELDS.values())


def _numbers(*values: object) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
