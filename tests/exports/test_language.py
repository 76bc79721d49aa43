"""Every label in the workbook's language: no English in a Dutch workbook, no Dutch in an English.

The workbooks are made from simulated waves (2024 and 2025 on the 2025 questionnaire, 2026 on the
2026 one) cleaned like the real ones, with a merged municipality, so the harmonisation and merger
notes, the cleaning rules, comparability and the Codeboek are all there. Every text cell is
scanned, except what respondents wrote (the open answers), identifiers (variable and rule names)
and, in the English workbook, the notes quoted from the questionnaire file (written in Dutch).
The same simulated waves show "niet vergelijkbaar", and no test, where the waves do not compare.
"""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

from peiling.cleaning.rules import note_text
from peiling.exports.options import ExportOptions
from peiling.exports.source import load_trend_input
from peiling.exports.xlsx.workbook import write_trend_workbook
from peiling.models.organisation import Organisation
from peiling.questionnaires import parse_questionnaire, shipped
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"
ENGLISH = [
    "response(s)",
    "responses",
    "merged",
    "municipality",
    "municipalities",
    "counted under",
    "successor",
    "earlier answers",
    "left out",
    "rescaled",
    "recoded",
    "dropped",
    "comparable",
    "not asked",
    "answer option",
    "questionnaire",
    "the",
    "of the",
    "and",
    "wave",
    "weighted",
    "unweighted",
    "mean",
    "share",
    "Breakdowns",
    "Notes",
    "Codebook",
]
DUTCH = [
    "niet",
    "vergelijkbaar",
    "gevraagd",
    "golf",
    "golven",
    "gemeente",
    "gemeenten",
    "antwoorden",
    "respons(en)",
    "heringedeelde",
    "opvolger",
    "omgezet",
    "gehercodeerd",
    "vervallen",
    "schaal",
    "aandeel",
    "gemiddelde",
    "gewogen",
    "Toelichting",
    "Codeboek",
    "Uitsplitsingen",
    "het",
    "een",
    "van",
]
IDENTIFIER = re.compile(r"^[a-z0-9_.@]+$")
OPEN_SHEETS = {"Open antwoorden", "Open answers"}


def questionnaire_notes() -> list[str]:
    """Return every note of the shipped questionnaire files (quoted as written, in Dutch)."""
    notes = []
    for path in sorted(shipped.FOLDER.glob("ess-*.yaml")):
        questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
        notes += [d.note for d in questionnaire.dropped if d.note]
        for question in questionnaire.questions():
            change = question.change
            if change is not None and change.note:
                notes.append(change.note)
    return sorted(set(notes), key=len, reverse=True)


def leftovers(path, words: list[str], quoted: list[str]) -> list[str]:
    """Return 'sheet!cell: word' for every text cell holding one of words (as a word)."""
    patterns = [(w, re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])")) for w in words]
    found = []
    for sheet in openpyxl.load_workbook(path, read_only=True):
        if sheet.title in OPEN_SHEETS:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or IDENTIFIER.match(value):
                    continue
                for note in quoted:
                    value = value.replace(note, "")
                where = f"{sheet.title}!{cell.coordinate}"
                found += [f"{where}: {word}" for word, p in patterns if p.search(value)]
    return found


@pytest.fixture
def simulated(db_session):
    """Return the trend input of three simulated waves with one merged municipality."""
    simulate_history(
        db_session,
        secret_key="k",
        labels=["2024", "2025", "2026"],
        organisations=14,
        seed=6,
        fast=True,
    )
    gone, successor = db_session.scalars(select(Organisation).order_by(Organisation.code)).all()[:2]
    gone.successor_id, gone.valid_until = successor.id, date(2025, 1, 1)
    db_session.commit()
    return load_trend_input(db_session, SURVEY, ["2024", "2025", "2026"])


def test_workbooks_hold_no_words_of_the_other_language(simulated, tmp_path):
    assert any("->" in note_text(note, "en") for note in simulated.waves[0].notes)  # a merger note
    assert any("rescaled" in note_text(note, "en") for note in simulated.waves[1].notes)
    dutch, english = tmp_path / "nl.xlsx", tmp_path / "en.xlsx"
    write_trend_workbook(simulated, dutch, ExportOptions(lang="nl"))
    write_trend_workbook(simulated, english, ExportOptions(lang="en"))
    assert leftovers(dutch, ENGLISH, []) == []
    assert leftovers(english, DUTCH, questionnaire_notes()) == []


def test_the_scan_finds_a_word_of_the_other_language(tmp_path):
    path = tmp_path / "mixed.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Toelichting"
    book.active["A1"] = "2 response(s) of 1 merged municipality counted under the successor"
    book.active["A2"] = "rol_functie@2025"
    book.save(path)
    words = ("response(s)", "merged", "municipality", "counted under", "successor", "the")
    assert leftovers(path, ENGLISH, []) == [f"Toelichting!A1: {word}" for word in words]


def test_the_simulated_workbook_flags_no_change_where_waves_do_not_compare(simulated, tmp_path):
    path = tmp_path / "trends.xlsx"
    write_trend_workbook(simulated, path, ExportOptions())
    trends = pd.read_excel(path, sheet_name="Trends", header=3)
    words = trends["2026 t.o.v. 2025: vergelijkbaarheid"].astype(str)
    apart = words.str.startswith("niet vergelijkbaar")
    assert trends.loc[apart, "2026 t.o.v. 2025: p-waarde"].isna().all()
    assert trends.loc[apart, "2026 t.o.v. 2025: significant"].isna().all()
    shares = (trends["Variabele"] == "thema_leeft.inclusie") & (trends["Soort regel"] == "aandeel")
    assert shares.sum() == 5 and apart[shares].all()  # rescaled: category shares apart
    split = (trends["Variabele"] == "rol_functie") & trends["Antwoord"].isin(
        ["Coördinator", "Projectleider"]
    )
    assert split.sum() == 2 and apart[split].all()
    merged = trends["Antwoord"] == "Coördinator + Projectleider"
    assert words[merged].str.startswith("vergelijkbaar na omzetting").all() and merged.sum() == 1
    assert not apart[trends["Variabele"] == "rol_ervaring"].any()
