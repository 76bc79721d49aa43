"""Import files that are too big, too long or hold control characters: one clear error each."""

from __future__ import annotations

import pytest

from peiling.importers import ImportErrors, import_organisations, import_respondents
from peiling.limits import (
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_FILE_BYTES,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_UNCOMPRESSED_BYTES,
)
from peiling.models import Contact, Organisation
from tests.importers.helpers import GOOD, ORGANISATIONS, count, csv_file, xlsx_file, zip_bomb


def problems(excinfo) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def refused(db_session, path, importer=import_organisations) -> list[str]:
    """Import a file that must be refused; return its problems and check nothing was stored."""
    before = count(db_session, Organisation), count(db_session, Contact)
    with pytest.raises(ImportErrors) as excinfo:
        importer(db_session, path)
    db_session.rollback()
    assert (count(db_session, Organisation), count(db_session, Contact)) == before
    return problems(excinfo)


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1b", "\u2028", "\x85"])
def test_a_control_character_is_named_with_file_row_and_column(db_session, tmp_path, char):
    text = ORGANISATIONS + GOOD + f"GM0034,Al{char}mere,Flevoland,226500,VR25,Flevoland\n"
    found = refused(db_session, csv_file(tmp_path / "gemeenten.csv", text))
    assert len(found) == 1
    assert found[0].startswith("gemeenten.csv, row 3, column name: the value holds the control")
    assert f"U+{ord(char):04X}" in found[0]


def test_a_control_character_in_a_contact_list_xlsx_is_refused(db_session, tmp_path):
    import_organisations(db_session, csv_file(tmp_path / "g.csv", ORGANISATIONS + GOOD))
    db_session.commit()
    rows = [
        ["organisation_code", "name", "email", "role"],
        ["GM0014", "A. de Vries", "a@groningen.nl", "safety"],
        ["GM0014", "B.\u2028Jansen", "b@groningen.nl", "social"],  # XML forbids \x0b itself
    ]
    found = refused(db_session, xlsx_file(tmp_path / "c.xlsx", rows), import_respondents)
    assert found == [
        "c.xlsx, row 3, column name: the value holds the control character "
        "U+2028 (LINE SEPARATOR); remove it"
    ]


def test_a_name_longer_than_the_database_holds_is_refused(db_session, tmp_path):
    text = ORGANISATIONS + GOOD + "GM0034," + "A" * 300 + ",Flevoland,226500,VR25,Flevoland\n"
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert found == ["g.csv, row 3, column name: the value is 300 characters long; at most 200"]


@pytest.mark.parametrize("population", ["9" * 30, "2147483648", "1" + "0" * 900])
def test_a_number_too_large_for_the_database_is_refused(db_session, tmp_path, population):
    text = ORGANISATIONS + f"GM0014,Groningen,Groningen,{population},VR01,Groningen\n"
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert len(found) == 1 and "column population" in found[0] and "too large" in found[0]


def test_a_cell_over_the_limit_is_refused(db_session, tmp_path):
    text = ORGANISATIONS + GOOD + "GM0034,Almere,Flevoland,226500,VR25," + "x" * 5000 + "\n"
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert found == [
        "g.csv, row 3, column safety_region: the value is 5000 characters long; at most 1000"
    ]


def test_a_first_line_over_128_kb_is_one_clear_error(db_session, tmp_path):
    text = "code," + "x" * 140_000 + "\n" + GOOD
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert len(found) == 1 and "first line" in found[0]


def test_a_quoted_value_over_the_csv_limit_is_one_clear_error(db_session, tmp_path):
    text = ORGANISATIONS + GOOD + 'GM0034,"' + "x" * 140_000 + '",F,1,VR25,F\n'
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert len(found) == 1 and "longer than 1000 characters" in found[0]


def test_a_file_over_the_size_limit_is_refused_before_reading(db_session, tmp_path):
    path = tmp_path / "g.csv"
    with path.open("wb") as fh:
        fh.truncate(IMPORT_MAX_FILE_BYTES + 1)  # sparse: costs no disk
    found = refused(db_session, path)
    assert len(found) == 1 and "can be imported" in found[0]


def test_an_xlsx_that_unpacks_too_large_is_refused_before_unpacking(db_session, tmp_path):
    path = zip_bomb(tmp_path / "bom.xlsx", IMPORT_MAX_UNCOMPRESSED_BYTES // 1024 // 1024 + 5)
    assert path.stat().st_size < 1024 * 1024
    found = refused(db_session, path)
    assert len(found) == 1 and "unpacks to" in found[0]


def test_too_many_rows_are_refused(db_session, tmp_path):
    text = ORGANISATIONS + "".join(
        f"GM{i % 10000:04d},G,P,1,VR01,R\n" for i in range(IMPORT_MAX_ROWS + 1)
    )
    found = refused(db_session, csv_file(tmp_path / "g.csv", text))
    assert found == [
        f"g.csv: more than {IMPORT_MAX_ROWS} rows; split the file or remove empty rows"
    ]


def test_too_many_columns_are_refused(db_session, tmp_path):
    wide = ",".join(f"c{i}" for i in range(IMPORT_MAX_COLUMNS + 5))
    found = refused(db_session, csv_file(tmp_path / "g.csv", wide + "\n" + wide + "\n"))
    assert any(f"more than {IMPORT_MAX_COLUMNS} columns" in p for p in found)


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04" + b"\x00" * 100, b"not a zip at all", b"PK\x05\x06" + b"\x00" * 18]
)
def test_a_broken_xlsx_is_one_clear_error(db_session, tmp_path, content):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(content)
    found = refused(db_session, path)
    assert len(found) == 1 and "cannot be read as an Excel workbook" in found[0]
