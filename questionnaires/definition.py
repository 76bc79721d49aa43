"""A parsed questionnaire as plain, read-only dataclasses: pages, questions, options, scales."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

CHOICE_TYPES = ("single_choice", "multiple_choice", "likert", "matrix", "ranking")
QUESTION_TYPES = (*CHOICE_TYPES, "number", "date", "short_text", "long_text")
MISSING_KINDS = ("dont_know", "not_applicable", "refused")
DEFAULT_LANGUAGE = "nl"


@dataclass(frozen=True)
class Text:
    """A text in several languages, keyed by language code."""

    values: Mapping[str, str] = field(default_factory=dict)

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the text in a language, falling back to Dutch (or '' when there is none)."""
        return self.values.get(lang) or self.values.get(DEFAULT_LANGUAGE, "")

    def __str__(self) -> str:
        return self.get()

    def __bool__(self) -> bool:
        return any(self.values.values())

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))


@dataclass(frozen=True)
class Option:
    """One answer option; missing_kind is set for 'don't know' and 'not applicable' codes."""

    code: int
    label: Text
    exclusive: bool = False
    missing_kind: str | None = None

    @property
    def is_missing(self) -> bool:
        """Tell whether this option is a missing code rather than a substantive answer."""
        return self.missing_kind is not None


@dataclass(frozen=True)
class Row:
    """One row of a matrix question; stored under '<question>.<row>'."""

    key: str
    text: Text


@dataclass(frozen=True)
class Scale:
    """A named, reusable list of options and missing codes."""

    name: str
    options: tuple[Option, ...]
    missing: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Change:
    """A question's declared relation to the previous version (``change:`` in the file)."""

    status: str
    previous_key: str | None = None
    code_map: Mapping[int, int | None] | None = None
    row_map: Mapping[str, str] | None = None  # this version's row key -> the previous row key
    split: Mapping[int, tuple[int, ...]] | None = None  # previous code -> this version's codes
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    """A question of the previous version that this version no longer asks."""

    key: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True, eq=False)
class Question:
    """One question; a matrix question holds several answer items, one per row."""

    key: str
    type: str
    text: Text
    help: Text = field(default_factory=Text)
    required: bool = False
    options: tuple[Option, ...] = ()
    missing: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()
    scale: str | None = None
    top: int | None = None
    min: int | float | None = None
    max: int | float | None = None
    integer: bool = False
    min_date: date | None = None
    max_date: date | None = None
    not_in_future: bool = False  # date only: refuse a day after today (Amsterdam)
    max_length: int | None = None
    min_selected: int | None = None
    max_selected: int | None = None
    show_if: Mapping[str, Any] | None = None
    page_key: str = ""
    line: int = 0
    change: Change | None = None
    personal: bool = False  # answers can identify a person: restricted export only
    carried_forward: bool = False  # a fact: the next wave shows last year's answer to confirm

    @property
    def is_choice(self) -> bool:
        """Tell whether answers are option codes."""
        return self.type in CHOICE_TYPES

    def storage_keys(self) -> tuple[str, ...]:
        """Return the keys this question's answers are stored under (one per matrix row)."""
        if self.type == "matrix":
            return tuple(f"{self.key}.{row.key}" for row in self.rows)
        return (self.key,)

    def all_options(self) -> tuple[Option, ...]:
        """Return the options followed by the missing codes."""
        return self.options + self.missing

    def option(self, code: int) -> Option | None:
        """Return the option (or missing code) with this code, or None."""
        return next((o for o in self.all_options() if o.code == code), None)

    def is_missing_code(self, code: int) -> bool:
        """Tell whether a code is one of this question's missing codes."""
        return any(o.code == code for o in self.missing)

    def row(self, key: str) -> Row | None:
        """Return the matrix row with this key, or None."""
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True, eq=False)
class Page:
    """A page of questions; when show_if fails the whole page is skipped."""

    key: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text = field(default_factory=Text)
    show_if: Mapping[str, Any] | None = None
    line: int = 0


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """One version of a survey's questionnaire."""

    survey: str
    version: str
    title: Text
    languages: tuple[str, ...]
    pages: tuple[Page, ...]
    scales: Mapping[str, Scale] = field(default_factory=dict)
    previous_version: str | None = None
    source_text: str = ""
    checksum: str = ""
    dropped: tuple[Dropped, ...] = ()

    def questions(self) -> list[Question]:
        """Return every question in order."""
        return [q for page in self.pages for q in page.questions]

    def question(self, key: str) -> Question:
        """Return a question by key; raise KeyError when there is none."""
        for q in self.questions():
            if q.key == key:
                return q
        raise KeyError(f"no question {key!r} in {self.survey} {self.version}")

    def page(self, key: str) -> Page:
        """Return a page by key; raise KeyError when there is none."""
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(f"no page {key!r} in {self.survey} {self.version}")

    def page_of(self, question: Question) -> Page:
        """Return the page a question is on."""
        return self.page(question.page_key)

    def storage_keys(self) -> list[str]:
        """Return every answer item's storage key in order, matrix rows expanded."""
        return [k for q in self.questions() for k in q.storage_keys()]

    def question_for_storage_key(self, storage_key: str) -> Question:
        """Return the question a storage key belongs to ('q' or 'q.row'); KeyError if none."""
        question = self.question(storage_key.split(".", 1)[0])
        if storage_key not in question.storage_keys():
            raise KeyError(f"no answer item {storage_key!r} in {self.survey} {self.version}")
        return question
