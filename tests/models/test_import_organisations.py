"""Importing the CBS municipality list and the mergers between municipalities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from peiling.errors import UserError
from peiling.importers import ImportErrors, current_successor, import_mergers, import_organisations
from peiling.models import Merger, Organisation

FIXTURES = Path(__file__).parent / "import_fixtures"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def snapshot(session) -> list[tuple]:
    """Return every organisation's columns, to compare a table before and after."""
    columns = Organisation.__table__.columns
    return [tuple(row) for row in session.execute(select(*columns).order_by(Organisation.code))]


def by_code(session, code: str) -> Organisation:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def messages(excinfo) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def test_the_real_cbs_list_imports_342_municipalities(db_session, shared_data):
    result = import_organisations(db_session, shared_data / "gemeenten_2024.csv")
    db_session.commit()
    assert (result.added, result.updated, result.unchanged) == (342, 0, 0)
    assert count(db_session, Organisation) == 342
    assert db_session.scalar(select(func.count(func.distinct(Organisation.province)))) == 12
    regions = select(func.count(func.distinct(Organisation.safety_region_code)))
    assert db_session.scalar(regions) == 25
    groningen = by_code(db_session, "GM0014")
    assert (groningen.name, groningen.population) == ("Groningen", 243768)
    assert (groningen.safety_region_code, groningen.safety_region) == ("VR01", "Groningen")
    assert groningen.kind == "municipality"


def test_importing_the_same_list_again_changes_nothing(db_session, shared_data):
    import_organisations(db_session, shared_data / "gemeenten_2024.csv")
    db_session.commit()
    before = snapshot(db_session)
    again = import_organisations(db_session, shared_data / "gemeenten_2024.csv")
    db_session.commit()
    assert again.summary() == "0 added, 0 updated, 342 unchanged"
    assert snapshot(db_session) == before


def test_a_changed_name_or_population_is_updated_in_place(db_session, tmp_path):
    import_organisations(db_session, FIXTURES / "municipalities.csv")
    db_session.commit()
    old_id = by_code(db_session, "GM0080").id
    changed = tmp_path / "changed.csv"
    text = (FIXTURES / "municipalities.csv").read_text(encoding="utf-8")
    text = text.replace("Leeuwarden,Fryslân,PV21,125778", "Ljouwert,Fryslân,PV21,126000")
    changed.write_text(text, encoding="utf-8")
    result = import_organisations(db_session, changed)
    db_session.commit()
    assert (result.added, result.updated, result.unchanged) == (0, 1, 3)
    leeuwarden = by_code(db_session, "GM0080")
    assert (leeuwarden.id, leeuwarden.name, leeuwarden.population) == (old_id, "Ljouwert", 126000)


def test_english_headers_semicolons_and_a_byte_order_mark_are_read(db_session):
    result = import_organisations(db_session, FIXTURES / "municipalities_english.csv")
    assert result.added == 2
    assert by_code(db_session, "GM0080").safety_region == "Fryslân"


def test_an_xlsx_list_is_read_like_csv(db_session, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "province", "population", "safety_region_code", "safety_region"])
    sheet.append(["GM0014", "Groningen", "Groningen", 243768, "VR01", "Groningen"])
    sheet.append(["GM0080", "Leeuwarden", "Fryslân", 125778.0, "VR02", "Fryslân"])
    sheet.append(["GM0363", "Amsterdam", "Noord-Holland", "veel", "VR13", "Amsterdam-Amstelland"])
    workbook.save(tmp_path / "gemeenten.xlsx")
    with pytest.raises(ImportErrors) as excinfo:
        import_organisations(db_session, tmp_path / "gemeenten.xlsx")
    assert messages(excinfo) == [
        "gemeenten.xlsx, row 4, column population: "
        "'veel' is not a whole number (write digits only, e.g. 243768)"
    ]
    sheet.delete_rows(4)
    workbook.save(tmp_path / "gemeenten.xlsx")
    assert import_organisations(db_session, tmp_path / "gemeenten.xlsx").added == 2
    assert by_code(db_session, "GM0080").population == 125778


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_imported(db_session):
    import_organisations(db_session, FIXTURES / "municipalities_english.csv")
    db_session.commit()
    before = snapshot(db_session)
    with pytest.raises(ImportErrors) as excinfo:
        import_organisations(db_session, FIXTURES / "municipalities_bad.csv")
    db_session.commit()
    file = "municipalities_bad.csv"
    assert messages(excinfo) == [
        f"{file}, row 3, column code: 'G0080' is not a municipality code: "
        "GM followed by 4 digits, e.g. GM0080",
        f"{file}, row 4, column name: a value is required here",
        f"{file}, row 5, column population: -5 is negative",
        f"{file}, row 6, column population: "
        "'226.500' is not a whole number (write digits only, e.g. 243768)",
        f"{file}, row 7, column code: GM0014 appears twice (rows 2 and 7)",
        f"{file}, row 8, column safety_region_code: "
        "'VR1' is not a safety region code: VR followed by 2 digits, e.g. VR01",
    ]
    assert str(excinfo.value).startswith(f"{file}: 6 problems, nothing imported")
    assert snapshot(db_session) == before


def test_missing_columns_are_named(db_session, tmp_path):
    (tmp_path / "short.csv").write_text("code,name\nGM0014,Groningen\n", encoding="utf-8")
    with pytest.raises(ImportErrors) as excinfo:
        import_organisations(db_session, tmp_path / "short.csv")
    assert messages(excinfo) == [
        "short.csv: missing column(s) province, population, safety_region_code, safety_region; "
        "expected columns: code, name, province, population, safety_region_code, safety_region"
    ]


def test_the_real_mergers_retire_old_codes_in_favour_of_their_successors(db_session, shared_data):
    import_organisations(db_session, shared_data / "gemeenten_2024.csv")
    result = import_mergers(db_session, shared_data / "herindelingen.csv")
    db_session.commit()
    assert (result.added, result.organisations_added) == (63, 63)
    assert count(db_session, Merger) == 63
    leeuwarderadeel = by_code(db_session, "GM0081")
    assert leeuwarderadeel.name == "Leeuwarderadeel"
    assert leeuwarderadeel.valid_until == date(2018, 1, 1)
    assert leeuwarderadeel.successor.code == "GM0080"
    weesp = by_code(db_session, "GM0457")
    assert (weesp.valid_until, weesp.successor.name) == (date(2022, 3, 24), "Amsterdam")
    assert current_successor(db_session, "GM0457", on=date(2022, 3, 23)) is weesp
    assert current_successor(db_session, "GM0457", on=date(2022, 3, 24)).code == "GM0363"
    assert current_successor(db_session, "GM0363").code == "GM0363"
    assert by_code(db_session, "GM0363").valid_from is None  # existed before the merger


def test_importing_the_mergers_again_changes_nothing(db_session, shared_data):
    import_mergers(db_session, shared_data / "herindelingen.csv")
    db_session.commit()
    before = snapshot(db_session)
    again = import_mergers(db_session, shared_data / "herindelingen.csv")
    db_session.commit()
    assert again.summary() == "0 added, 0 updated, 63 unchanged; 0 organisation(s) created"
    assert count(db_session, Merger) == 63
    assert snapshot(db_session) == before


def test_a_chain_of_mergers_resolves_to_the_last_successor(db_session):
    result = import_mergers(db_session, FIXTURES / "mergers_chain.csv")
    db_session.commit()
    assert result.organisations_added == 3
    middle = by_code(db_session, "GM9002")
    assert (middle.valid_from, middle.valid_until) == (date(2019, 1, 1), date(2022, 1, 1))
    assert by_code(db_session, "GM9003").valid_from == date(2022, 1, 1)
    assert current_successor(db_session, "GM9001").code == "GM9003"
    assert current_successor(db_session, "GM9001", on=date(2020, 6, 1)).code == "GM9002"
    assert current_successor(db_session, "GM9001", on=date(2018, 12, 31)).code == "GM9001"


def test_an_unknown_code_has_no_successor(db_session):
    with pytest.raises(UserError, match="unknown organisation code GM9999"):
        current_successor(db_session, "GM9999")


def test_merger_problems_are_all_listed_and_nothing_is_imported(db_session):
    with pytest.raises(ImportErrors) as excinfo:
        import_mergers(db_session, FIXTURES / "mergers_bad.csv")
    file = "mergers_bad.csv"
    assert messages(excinfo) == [
        f"{file}, row 3, column year: 2019 is not the year of the date 2018-01-01",
        f"{file}, row 5, column date: "
        "'2022-13-01' is not a date (write YYYY-MM-DD, e.g. 2018-01-01)",
        f"{file}, row 6, column new_code: GM0788 cannot be merged into itself",
        f"{file}, row 7, column old_code: GM0081 appears twice (rows 2 and 7)",
        f"{file}, row 8, column new_code: GM9001 is merged, through others, back into itself",
        f"{file}, row 9, column new_code: GM9002 is merged, through others, back into itself",
    ]
    assert count(db_session, Merger) == count(db_session, Organisation) == 0


def test_a_merger_recorded_on_another_date_is_refused(db_session, tmp_path):
    import_mergers(db_session, FIXTURES / "mergers.csv")
    moved = tmp_path / "moved.csv"
    text = (FIXTURES / "mergers.csv").read_text(encoding="utf-8")
    moved.write_text(text.replace("2022,2022-03-24", "2022,2022-01-01"), encoding="utf-8")
    expected = "row 4, column date: GM0457 is already recorded as merged on 2022-03-24"
    with pytest.raises(ImportErrors, match=expected):
        import_mergers(db_session, moved)
