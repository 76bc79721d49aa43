"""Walk raw questionnaire data defensively: pages, questions and their resolved options."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from peiling.questionnaires.source import DataPath


@dataclass
class RawQuestion:
    """A question as written, with where it stands and the options it ends up with."""

    path: DataPath
    data: dict
    page_index: int
    order: int
    options: list[tuple[DataPath, dict]] = field(default_factory=list)
    missing: list[tuple[DataPath, dict]] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        """Return the question key when it is text."""
        key = self.data.get("key")
        return key if isinstance(key, str) else None

    @property
    def type(self) -> str | None:
        """Return the question type when it is text."""
        kind = self.data.get("type")
        return kind if isinstance(kind, str) else None

    def codes(self) -> set[int]:
        """Return every option and missing code."""
        return {o["code"] for _, o in self.options + self.missing if _is_code(o.get("code"))}

    def row_keys(self) -> list[str]:
        """Return the keys of a matrix question's rows."""
        rows = self.data.get("rows")
        rows = rows if isinstance(rows, list) else []
        return [r["key"] for r in rows if isinstance(r, dict) and isinstance(r.get("key"), str)]


def as_dict(value: Any) -> dict:
    """Return the value when it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    """Return the value when it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def _is_code(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def pages(data: Any) -> Iterator[tuple[int, dict]]:
    """Yield (index, page) for every page that is a mapping."""
    for i, page in enumerate(as_list(as_dict(data).get("pages"))):
        if isinstance(page, dict):
            yield i, page


def scales(data: Any) -> dict[str, dict]:
    """Return the scales that are mappings, by name."""
    return {k: v for k, v in as_dict(as_dict(data).get("scales")).items() if isinstance(v, dict)}


def questions(data: Any) -> list[RawQuestion]:
    """Return every question that is a mapping, in order, with its options resolved."""
    found = []
    known_scales = scales(data)
    for i, page in pages(data):
        for j, question in enumerate(as_list(page.get("questions"))):
            if not isinstance(question, dict):
                continue
            raw = RawQuestion(("pages", i, "questions", j), question, i, len(found))
            _resolve(raw, known_scales)
            found.append(raw)
    return found


def _resolve(raw: RawQuestion, known_scales: dict[str, dict]) -> None:
    data = raw.data
    scale_name = data.get("scale")
    scale = known_scales.get(scale_name) if isinstance(scale_name, str) else None
    if "options" in data:
        raw.options = _items(raw.path + ("options",), data["options"])
    elif scale is not None:
        raw.options = _items(("scales", scale_name, "options"), scale.get("options"))
    if "missing" in data:
        raw.missing = _items(raw.path + ("missing",), data["missing"])
    elif scale is not None and "options" not in data:
        raw.missing = _items(("scales", scale_name, "missing"), scale.get("missing"))


def _items(path: DataPath, items: Any) -> list[tuple[DataPath, dict]]:
    return [((*path, i), o) for i, o in enumerate(as_list(items)) if isinstance(o, dict)]
