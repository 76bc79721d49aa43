"""Hostile text in answers, labels, names and headers never becomes a formula (hypothesis)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from peiling.cleaning.dataset import META_COLUMNS, CleanedWave
from peiling.exports.long_csv import write_long_csv
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import FORMULA_STARTS, neutralise
from peiling.exports.xlsx.workbook import write_trend_workbook
from peiling.questionnaires.comparability import Comparability
from peiling.questionnaires.definition import Option, Page, Question, Questionnaire, Row, Text
from tests.exports.helpers import sheet_xml

hostile = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from([*FORMULA_STARTS, "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', ""]),
    st.text(max_size=12),
)


def _text(value: str) -> Text:
    return Text({"nl": value, "en": value})


def questionnaire(words: list[str]) -> Questionnaire:
    """Return a small questionnaire whose texts and labels are the given hostile words."""
    scale = (Option(1, _text(words[0])), Option(2, _text(words[1])), Option(3, _text("c")))
    questions = (
        Question(
            "keuze",
            "single_choice",
            _text(words[2]),
            options=scale,
            missing=(Option(98, _text(words[3]), missing_kind="dont_know"),),
            page_key="p",
        ),
        Question(
            "thema_leeft",
            "matrix",
            _text(words[4]),
            options=scale,
            rows=(Row("inclusie", _text(words[5])),),
            page_key="p",
        ),
        Question(
            "thema_aandacht",
            "matrix",
            _text(words[4]),
            options=scale,
            rows=(Row("inclusie", _text(words[5])),),
            page_key="p",
        ),
        Question(
            "meer",
            "multiple_choice",
            _text(words[6]),
            options=(Option(1, _text(words[7])), Option(2, _text("x"))),
            page_key="p",
        ),
        Question("open", "long_text", _text(words[8]), page_key="p"),
    )
    page = Page("p", _text(words[9]), questions)
    return Questionnaire("ess", "1", _text("t"), ("nl", "en"), (page,))


def wave(label: str, words: list[str], rows: int = 6) -> CleanedWave:
    """Return a cleaned wave whose names, roles and answers are hostile words."""
    meta = {name: [None] * rows for name in META_COLUMNS}
    meta.update(
        response_id=list(range(rows)),
        wave=[label] * rows,
        organisation_code=[words[10]] * rows,
        organisation_name=[words[11]] * rows,
        current_code=[words[10]] * rows,
        current_name=[words[11]] * rows,
        province=[words[12]] * rows,
        safety_region=[words[13]] * rows,
        population=[10_000] * rows,
        size_class=[words[14]] * rows,
        role=[words[15]] * rows,
        language=["nl"] * rows,
        submitted=[True] * rows,
        share_answered=[1.0] * rows,
        duration_minutes=[10.0] * rows,
        flag_partial=[False] * rows,
        flag_straightlining=[False] * rows,
        flag_speeder=[False] * rows,
        org_responses=[rows] * rows,
        org_weight=[1 / rows] * rows,
        org_primary=[True] * rows,
    )
    data = pd.DataFrame(meta)
    data["keuze"] = pd.array([1, 2, 98, 1, 2, 3][:rows], dtype="Int64")
    data["thema_leeft.inclusie"] = pd.array([1, 2, 3, 1, 2, 3][:rows], dtype="Int64")
    data["thema_aandacht.inclusie"] = pd.array([3, 2, 1, 1, 2, 3][:rows], dtype="Int64")
    data["meer"] = [[1], [2], [1, 2], None, [1], [2]][:rows]
    data["open"] = [words[16], words[17], None, words[16], None, None][:rows]
    invitations = pd.DataFrame(
        {
            "organisation_code": [words[10]] * 8,
            "current_code": [words[10]] * 8,
            "province": [words[12]] * 8,
            "safety_region": [words[13]] * 8,
            "size_class": [words[14]] * 8,
            "role": [words[15]] * 8,
            "sent": [True] * 8,
            "opened": [True] * 8,
            "started": [True] * 8,
            "submitted": [True] * 6 + [False] * 2,
        }
    )
    when = datetime(2025, 3, 1, tzinfo=UTC)
    return CleanedWave("ess", label, "1", "1", when, when, data, invitations, notes=[words[18]])


def source(words: list[str], labels: tuple[str, str]) -> TrendInput:
    target = questionnaire(words)
    waves = [wave(labels[0], words), wave(labels[1], words)]
    same = {key: Comparability("same", key) for key in target.storage_keys()}
    return TrendInput(waves, {"1": target}, {labels: same})


def _check_strings(values) -> None:
    for value in values:
        if isinstance(value, str):
            assert not value.startswith(FORMULA_STARTS), repr(value)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # explain: too slow
)
@given(words=st.lists(hostile, min_size=19, max_size=19), first=hostile, second=hostile)
@example(words=["="] * 17 + ["\x1b", "="], first="=", second="=")  # an answer of only ESC
def test_no_formula_cells_for_hostile_text(tmp_path, words, first, second):
    labels = (first or "a", (second or "b") + "~")
    path = tmp_path / "hostile.xlsx"
    write_trend_workbook(source(words, labels), path, ExportOptions(small_cell_k=1))
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                _check_strings([cell.value])
    assert not any("<f>" in xml for xml in sheet_xml(path).values())
    micro = tmp_path / "hostile-micro.xlsx"
    options = ExportOptions(small_cell_k=1, microdata=True, pseudonymise=False)
    write_trend_workbook(source(words, labels), micro, options)
    data = openpyxl.load_workbook(micro).worksheets[1]
    header = [c.value for c in data[1]]
    names = [row[header.index("organisation_name")].value for row in data.iter_rows(min_row=2)]
    assert names == [neutralise(words[11]) or None] * 6
    csv_path = tmp_path / "hostile.csv"
    write_long_csv(source(words, labels), csv_path, ExportOptions())
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        for line in csv.reader(handle):
            _check_strings(line)
