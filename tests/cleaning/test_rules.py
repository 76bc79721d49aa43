"""The cleaning rules on hand-made raw rows: what each rule keeps, removes, flags and reports."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.dataset import META_COLUMNS
from peiling.cleaning.rules import note_text
from peiling.errors import UserError
from tests.cleaning.conftest import (
    THEMES,
    clean,
    complete_2026,
    organisations_frame,
    raw_frame,
    response,
    rule,
)


def by_id(cleaned):
    return cleaned.data.set_index("response_id")


def test_submitted_count_and_partials_above_the_share_are_kept_and_flagged(v2026):
    almost = {k: v for k, v in complete_2026().items() if not k.startswith("steun_behoefte")}
    raw = raw_frame(
        [
            response(1, complete_2026()),
            response(2, almost, submitted=False),  # most questions answered
            response(3, {"rol_domein": 1}, submitted=False),  # barely started
        ]
    )
    cleaned = clean(raw, v2026, config=CleaningConfig(min_share_answered=0.2))
    data = by_id(cleaned)
    assert list(data.index) == [1, 2]
    assert not data.loc[1, "flag_partial"] and data.loc[2, "flag_partial"]
    assert not data.loc[2, "submitted"]
    assert rule(cleaned, "responses_counted").responses == 1
    assert rule(cleaned, "responses_counted").answers == 1
    only_submitted = clean(raw, v2026, config=CleaningConfig(keep_partial=False))
    assert list(by_id(only_submitted).index) == [1]


def test_one_response_per_invitation_and_per_person(v2026):
    raw = raw_frame(
        [
            response(1, complete_2026(), invitation_id=10, submitted=False),
            response(2, complete_2026(), invitation_id=10),
            response(3, complete_2026(), email="A.Jansen@gemeente.example.nl"),
            response(4, complete_2026(rol_functie=3), email="a.jansen@gemeente.example.nl"),
            response(5, complete_2026(), organisation_id=2, email="a.jansen@gemeente.example.nl"),
        ]
    )
    cleaned = clean(raw, v2026, config=CleaningConfig(min_share_answered=0))
    assert sorted(by_id(cleaned).index) == [2, 4, 5]  # the submitted one; the latest saved
    assert rule(cleaned, "one_per_invitation").responses == 2


def test_answers_to_hidden_questions_are_removed_and_counted(v2026):
    stale = complete_2026(rol_domein=2, rol_domein_anders="Handhaving", veiligheid_signalen=4)
    raw = raw_frame(
        [response(1, stale), response(2, complete_2026(rol_domein=1, veiligheid_signalen=4))]
    )
    cleaned = clean(raw, v2026)
    data = by_id(cleaned)
    assert data.loc[1, "rol_domein_anders"] is None
    assert pd.isna(data.loc[1, "veiligheid_signalen"])
    assert data.loc[2, "veiligheid_signalen"] == 4  # shown to the safety domain
    report = rule(cleaned, "hidden_answers")
    assert (report.responses, report.answers) == (1, 2)


def test_codes_a_question_does_not_have_are_removed(v2026):
    raw = raw_frame([response(1, complete_2026(rol_functie=42, leren_doelgroepen=[1, 77]))])
    cleaned = clean(raw, v2026)
    data = by_id(cleaned)
    assert pd.isna(data.loc[1, "rol_functie"])
    assert data.loc[1, "leren_doelgroepen"] == [1]
    assert rule(cleaned, "invalid_codes").answers == 2


def test_dont_know_and_not_applicable_stay_as_their_codes_and_are_counted(v2026):
    raw = raw_frame([response(1, complete_2026(**{"thema_leeft.polarisatie": 98}))])
    cleaned = clean(raw, v2026)
    assert by_id(cleaned).loc[1, "thema_leeft.polarisatie"] == 98
    assert by_id(cleaned).loc[1, "steun_tevredenheid.extremisme"] == 98
    assert rule(cleaned, "missing_codes").answers == 2


def test_open_text_is_normalised_but_kept(v2026):
    messy = " Meer\t\ttraining\x07 over  polarisatie.\r\n\r\n\r\n\r\nEn netwerk. \u200b"
    raw = raw_frame(
        [
            response(1, complete_2026(opmerkingen=messy, rol_domein=4, rol_domein_anders=" a\nb ")),
            response(2, complete_2026(opmerkingen=" \t\n ")),
        ]
    )
    cleaned = clean(raw, v2026)
    data = by_id(cleaned)
    assert data.loc[1, "opmerkingen"] == "Meer training over polarisatie.\n\nEn netwerk."
    assert data.loc[1, "rol_domein_anders"] == "a b"
    assert data.loc[2, "opmerkingen"] is None
    assert rule(cleaned, "open_text").answers == 3


def test_open_text_with_a_private_use_character_is_tidied_like_any_other(v2026):
    typed = "Zie \ue000 bijlage\t\x07 hiernaast "  # U+E000: what some fonts' icons paste as
    raw = raw_frame(
        [
            response(1, complete_2026(opmerkingen=typed)),
            response(2, complete_2026(opmerkingen="  Meer  training ")),
        ]
    )
    data = by_id(clean(raw, v2026))
    assert data.loc[1, "opmerkingen"] == "Zie \ue000 bijlage hiernaast"
    assert data.loc[2, "opmerkingen"] == "Meer training"


def test_straightliners_are_flagged_not_removed(v2026):
    same = {
        f"{m}.{row}": 3
        for m in ("thema_leeft", "thema_aandacht", "steun_behoefte")
        for row in THEMES
    }
    same |= {f"steun_tevredenheid.{row}": 3 for row in THEMES}
    same |= {k: 5 for k in complete_2026() if k.startswith("samenwerking_kwaliteit.")}
    raw = raw_frame([response(1, complete_2026(**same)), response(2, complete_2026())])
    cleaned = clean(raw, v2026)
    data = by_id(cleaned)
    assert data.loc[1, "flag_straightlining"] and not data.loc[2, "flag_straightlining"]
    assert rule(cleaned, "straightlining").responses == 1


def test_speeders_are_flagged_against_the_median(v2026):
    rows = [response(i, complete_2026(), minutes=20 + i) for i in range(1, 6)]
    rows.append(response(6, complete_2026(), minutes=3))
    cleaned = clean(raw_frame(rows), v2026)
    flags = by_id(cleaned)["flag_speeder"]
    assert flags[flags].index.tolist() == [6]
    lenient = clean(raw_frame(rows), v2026, config=CleaningConfig(speeder_share_of_median=0.1))
    assert not by_id(lenient)["flag_speeder"].any()


def test_earlier_answers_are_mapped_to_the_newest_codes(v2025, v2026):
    answers = {
        "rol_domein": 2,
        "rol_functie": 2,  # split in 2026: no equivalent
        "thema_leeft.polarisatie": 3,  # 4-point "behoorlijk" -> 5-point 4
        "thema_leeft.extremisme": 98,
        "steun_kanalen": [1, 2],  # dropped in 2026
        "samenwerking_gemist": [8],
    }
    cleaned = clean(raw_frame([response(1, answers)]), v2025, v2026)
    data = by_id(cleaned)
    assert cleaned.version == "2025" and cleaned.target_version == "2026"
    assert data.loc[1, "steun_kanalen"] == [1, 2]  # dropped later: kept as given
    assert data.loc[1, "thema_leeft.polarisatie"] == 4
    assert data.loc[1, "thema_leeft.extremisme"] == 98
    assert pd.isna(data.loc[1, "rol_functie"])
    assert data.loc[1, "rol_functie@2025"] == 2  # the answer as given, beside the mapped one
    assert data.loc[1, "rol_domein"] == 2
    assert data.loc[1, "samenwerking_gemist"] == [8]
    assert pd.isna(data.loc[1, "rechtsextremisme_kennis"])  # new in 2026
    assert any(note_text(note, "en").startswith("thema_leeft: rescaled") for note in cleaned.notes)
    assert any(note_text(note, "en").startswith("steun_kanalen: dropped") for note in cleaned.notes)
    assert rule(cleaned, "harmonised").answers >= 3


def test_several_contacts_of_a_municipality_weigh_one_together(v2026):
    raw = raw_frame(
        [
            response(1, complete_2026(), role="social"),
            response(2, complete_2026(), role="safety"),
            response(3, complete_2026(), organisation_id=2, role="other"),
        ]
    )
    data = by_id(clean(raw, v2026))
    assert data.loc[1, "org_weight"] == data.loc[2, "org_weight"] == 0.5
    assert data.loc[2, "org_primary"] and not data.loc[1, "org_primary"]
    assert data.loc[3, "org_weight"] == 1 and data.loc[3, "org_primary"]
    assert list(data["role"]) == ["social", "safety", "other"] or set(data["role"]) == {
        "social",
        "safety",
        "other",
    }


def test_the_output_has_the_contract_columns_and_types(v2026):
    cleaned = clean(raw_frame([response(1, complete_2026())]), v2026)
    columns = list(cleaned.data.columns)
    assert columns[: len(META_COLUMNS) + len(v2026.storage_keys())] == (
        META_COLUMNS + v2026.storage_keys()
    )
    assert cleaned.answer_columns == v2026.storage_keys()
    assert str(cleaned.data["thema_leeft.polarisatie"].dtype) == "Int64"
    assert cleaned.invitations["submitted"].tolist() == [True]


def test_cleaning_leaves_the_raw_rows_alone_and_repeats_exactly(v2025, v2026):
    rows = [
        response(1, complete_2026(opmerkingen="  x  ", rol_functie=42)),
        response(2, complete_2026(rol_domein=2, rol_domein_anders="weg"), submitted=False),
        response(3, complete_2026(), email="CONTACT1@gemeente.example.nl", invitation_id=30),
    ]
    raw = raw_frame(rows)
    before = copy.deepcopy(raw)
    first = clean(raw, v2026, config=CleaningConfig(min_share_answered=0))
    second = clean(raw, v2026, config=CleaningConfig(min_share_answered=0))
    pd.testing.assert_frame_equal(raw, before)
    assert raw.loc[0, "answers"]["opmerkingen"] == "  x  "
    pd.testing.assert_frame_equal(first.data, second.data)
    assert first.rules == second.rules


def test_historical_division_keeps_merged_municipalities_apart(v2026):
    organisations = organisations_frame(
        [
            {
                "organisation_id": 1,
                "code": "GM0001",
                "name": "Oud",
                "successor_id": 2,
                "valid_until": pd.Timestamp("2026-01-01").date(),
                "population": 10_000,
            },
            {"organisation_id": 2, "code": "GM0002", "name": "Nieuw", "population": 60_000},
        ]
    )
    raw = raw_frame([response(1, complete_2026(), organisation_id=1)])
    current = clean(raw, v2026, organisations=organisations)
    row = current.data.iloc[0]
    assert (row["organisation_code"], row["current_code"]) == ("GM0001", "GM0002")
    assert row["size_class"] == "50.000 - 100.000"
    assert "Oud -> Nieuw" in note_text(current.notes[0], "en")
    historical = clean(
        raw, v2026, organisations=organisations, config=CleaningConfig(division="historical")
    )
    assert historical.data.iloc[0]["current_code"] == "GM0001"
    assert rule(historical, "mergers").responses == 0


def test_unknown_or_impossible_settings_are_refused():
    with pytest.raises(UserError, match="unknown cleaning setting"):
        CleaningConfig.from_dict({"min_share": 0.3})
    with pytest.raises(UserError, match="between 0 and 1"):
        CleaningConfig(min_share_answered=2)
    with pytest.raises(UserError, match="division"):
        CleaningConfig(division="2019")


def test_a_wave_without_responses_cleans_to_an_empty_dataset(v2025, v2026):
    cleaned = clean(raw_frame([]), v2025, v2026)
    assert cleaned.data.empty
    columns = list(cleaned.data.columns)
    assert columns[: len(META_COLUMNS) + len(v2026.storage_keys())] == (
        META_COLUMNS + v2026.storage_keys()
    )
    assert all(r.responses == 0 for r in cleaned.rules)
