"""Parse questionnaire YAML into a Questionnaire, or raise one error listing every problem."""

from __future__ import annotations

from datetime import date

from peiling.questionnaires.check import check_source
from peiling.questionnaires.definition import (
    Change,
    Dropped,
    Option,
    Page,
    Question,
    Questionnaire,
    Row,
    Scale,
    Text,
)
from peiling.questionnaires.problems import QuestionnaireError
from peiling.questionnaires.source import Source, checksum, read_source

DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 5000}


def parse_questionnaire(text: str, filename: str = "<text>") -> Questionnaire:
    """Return the questionnaire a YAML text describes; raise QuestionnaireError if unsound."""
    source = read_source(text, filename)
    problems = check_source(source)
    if problems:
        raise QuestionnaireError(filename, problems)
    return _build(source)


def _build(source: Source) -> Questionnaire:
    data = source.data
    scales = {name: _scale(name, raw) for name, raw in data.get("scales", {}).items()}
    pages = tuple(_page(source, i, raw, scales) for i, raw in enumerate(data["pages"]))
    return Questionnaire(
        survey=data["survey"],
        version=data["version"],
        title=_text(data["title"]),
        languages=tuple(data["languages"]),
        pages=pages,
        scales=scales,
        previous_version=data.get("previous_version"),
        source_text=source.text,
        checksum=checksum(source.text),
        dropped=tuple(
            Dropped(raw["key"], " ".join(raw.get("note", "").split()), source.line(("dropped", i)))
            for i, raw in enumerate(data.get("dropped", []))
        ),
    )


def _text(raw: dict | None) -> Text:
    return Text(dict(raw or {}))


def _option(raw: dict) -> Option:
    return Option(
        code=raw["code"],
        label=_text(raw["label"]),
        exclusive=raw.get("exclusive", False),
        missing_kind=raw.get("kind"),
    )


def _scale(name: str, raw: dict) -> Scale:
    options = tuple(_option(o) for o in raw["options"])
    return Scale(name, options, tuple(_option(o) for o in raw.get("missing", [])))


def _page(source: Source, index: int, raw: dict, scales: dict[str, Scale]) -> Page:
    path = ("pages", index)
    questions = tuple(
        _question(source, (*path, "questions", j), q, raw["key"], scales)
        for j, q in enumerate(raw["questions"])
    )
    return Page(
        key=raw["key"],
        title=_text(raw["title"]),
        intro=_text(raw.get("intro")),
        questions=questions,
        show_if=raw.get("show_if"),
        line=source.line(path),
    )


def _question(
    source: Source, path: tuple, raw: dict, page_key: str, scales: dict[str, Scale]
) -> Question:
    scale = scales.get(raw.get("scale", ""))
    options = tuple(_option(o) for o in raw["options"]) if "options" in raw else ()
    missing = tuple(_option(o) for o in raw.get("missing", []))
    if scale is not None:
        options = scale.options
        missing = missing if "missing" in raw else scale.missing
    kind = raw["type"]
    return Question(
        key=raw["key"],
        type=kind,
        text=_text(raw["text"]),
        help=_text(raw.get("help")),
        required=raw.get("required", False),
        options=options,
        missing=missing,
        rows=tuple(Row(r["key"], _text(r["text"])) for r in raw.get("rows", [])),
        scale=raw.get("scale"),
        top=raw.get("top", len(options) if kind == "ranking" else None),
        min=raw.get("min"),
        max=raw.get("max"),
        integer=raw.get("integer", False),
        min_date=_date(raw.get("min_date")),
        max_date=_date(raw.get("max_date")),
        not_in_future=raw.get("not_in_future", False),
        max_length=raw.get("max_length", DEFAULT_MAX_LENGTH.get(kind)),
        min_selected=raw.get("min_selected"),
        max_selected=raw.get("max_selected"),
        show_if=raw.get("show_if"),
        page_key=page_key,
        line=source.line(path),
        change=_change(raw.get("change")),
        personal=raw.get("personal", False),
        carried_forward=raw.get("carried_forward", False),
    )


def _change(raw: dict | None) -> Change | None:
    if raw is None:
        return None
    code_map = raw.get("code_map")
    row_map = raw.get("row_map")
    split = raw.get("split")
    return Change(
        status=raw["status"],
        previous_key=raw.get("previous_key"),
        code_map={int(k): v for k, v in code_map.items()} if code_map is not None else None,
        row_map=dict(row_map) if row_map else None,
        split={int(k): tuple(int(c) for c in v) for k, v in split.items()} if split else None,
        note=" ".join(raw.get("note", "").split()),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
