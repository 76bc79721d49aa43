"""Importing contact lists: checks with row and column, all or nothing, upsert by e-mail."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from peiling.importers import ImportErrors, import_mergers, import_organisations, import_respondents
from peiling.models import Contact, Organisation
from tests import factories

FIXTURES = Path(__file__).parent / "import_fixtures"
HEADER = "organisation_code,name,email,role,language\n"


@pytest.fixture
def municipalities(db_session):
    """Import four municipalities and three mergers (Leeuwarderadeel, het Bildt, Weesp)."""
    import_organisations(db_session, FIXTURES / "municipalities.csv")
    import_mergers(db_session, FIXTURES / "mergers.csv")
    db_session.commit()


def snapshot(session) -> list[tuple]:
    """Return every contact's columns, to compare the table before and after."""
    columns = Contact.__table__.columns
    return [tuple(row) for row in session.execute(select(*columns).order_by(Contact.id))]


def contact(session, email: str) -> Contact:
    return session.scalar(select(Contact).where(Contact.email == email))


def messages(excinfo) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_contact_list_is_imported_with_dutch_roles_and_lowercased_addresses(
    db_session, municipalities
):
    result = import_respondents(db_session, FIXTURES / "respondents.csv")
    db_session.commit()
    assert result.summary() == "3 added, 0 updated, 0 unchanged"
    anna = contact(db_session, "a.deboer@groningen.example")
    assert (anna.organisation.code, anna.name, anna.role, anna.language) == (
        "GM0014",
        "Anna de Boer",
        "safety",
        "nl",
    )
    assert contact(db_session, "j.visser@leeuwarden.example").organisation.code == "GM0080"
    assert contact(db_session, "s.bakker@amsterdam.example").role == "other"


def test_importing_the_same_list_again_changes_nothing(db_session, municipalities):
    import_respondents(db_session, FIXTURES / "respondents.csv")
    db_session.commit()
    before = snapshot(db_session)
    again = import_respondents(db_session, FIXTURES / "respondents.csv")
    db_session.commit()
    assert again.summary() == "0 added, 0 updated, 3 unchanged"
    assert snapshot(db_session) == before


def test_changes_update_in_place_and_contacts_not_in_the_file_stay(
    db_session, municipalities, tmp_path
):
    amsterdam = db_session.scalar(select(Organisation).where(Organisation.code == "GM0363"))
    other = factories.contact(db_session, amsterdam, email="x.de.wit@amsterdam.example")
    import_respondents(db_session, FIXTURES / "respondents.csv")
    db_session.commit()
    anna_id = contact(db_session, "a.deboer@groningen.example").id
    changed = write(
        tmp_path / "changed.csv",
        HEADER + "GM0014,Anna de Boer-Smit,A.DEBOER@groningen.example,social,en\n",
    )
    result = import_respondents(db_session, changed)
    db_session.commit()
    assert result.summary() == "0 added, 1 updated, 0 unchanged"
    anna = contact(db_session, "a.deboer@groningen.example")
    assert (anna.id, anna.name, anna.role, anna.language) == (
        anna_id,
        "Anna de Boer-Smit",
        "social",
        "en",
    )
    assert db_session.get(Contact, other.id).name == "A. de Vries"
    assert db_session.scalar(select(func.count()).select_from(Contact)) == 4


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_imported(
    db_session, municipalities
):
    before = snapshot(db_session)
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, FIXTURES / "respondents_bad.csv")
    db_session.commit()
    file = "respondents_bad.csv"
    assert messages(excinfo) == [
        f"{file}, row 3, column name: a value is required here",
        f"{file}, row 4, column email: 's.bakker@@amsterdam.example' is not a valid e-mail "
        "address: The part after the @-sign contains invalid characters: '@'.",
        f"{file}, row 5, column organisation_code: unknown organisation code GM9999",
        f"{file}, row 6, column organisation_code: "
        "GM0081 (Leeuwarderadeel) was merged into GM0080 Leeuwarden on 2018-01-01",
        f"{file}, row 7, column email: "
        "a.deboer@groningen.example of GM0014 appears twice (rows 2 and 7)",
        f"{file}, row 8, column role: "
        "unknown role 'baas'; use safety, social or other (or veiligheid, sociaal, overig)",
        f"{file}, row 9, column language: unknown language 'de'; use nl or en",
    ]
    assert str(excinfo.value).startswith(f"{file}: 7 problems, nothing imported\n  {file}, row 3")
    assert snapshot(db_session) == before == []


def test_missing_and_unknown_columns_are_named_with_the_expected_ones(db_session, tmp_path):
    path = write(tmp_path / "columns.csv", "organisation,name,e-mail,role\nGM0014,A,a@b.nl,x\n")
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, path)
    expected = "organisation_code, name, email, role (optional: language)"
    assert messages(excinfo) == [
        f"columns.csv: missing column(s) organisation_code, email; expected columns: {expected}",
        f"columns.csv: unknown column(s) organisation, e_mail; expected columns: {expected}",
    ]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db_session, municipalities):
    result = import_respondents(db_session, FIXTURES / "respondents.csv", dry_run=True)
    db_session.commit()
    assert (result.summary(), result.dry_run) == ("3 added, 0 updated, 0 unchanged", True)
    assert snapshot(db_session) == []


def test_an_xlsx_list_is_read_with_spreadsheet_row_numbers(db_session, municipalities, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Organisation code", "Name", "Email", "Role", "Language"])
    sheet.append(["GM0014", "Anna de Boer", "a.deboer@groningen.example", "Veiligheid", "NL"])
    sheet.append([])
    sheet.append(["GM0080", "Jan Visser", "j.visser@leeuwarden", "social", None])
    workbook.save(tmp_path / "contacts.xlsx")
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, tmp_path / "contacts.xlsx")
    assert messages(excinfo) == [
        "contacts.xlsx, row 4, column email: 'j.visser@leeuwarden' is not a valid e-mail "
        "address: The part after the @-sign is not valid. It should have a period."
    ]
    sheet["C4"] = "j.visser@leeuwarden.example"
    workbook.save(tmp_path / "contacts.xlsx")
    assert import_respondents(db_session, tmp_path / "contacts.xlsx").added == 2
    assert contact(db_session, "j.visser@leeuwarden.example").language == "nl"


def test_a_retired_code_of_the_real_data_names_its_successor(db_session, shared_data, tmp_path):
    import_organisations(db_session, shared_data / "gemeenten_2024.csv")
    import_mergers(db_session, shared_data / "herindelingen.csv")
    path = write(tmp_path / "weesp.csv", HEADER + "GM0457,Els Kok,e.kok@weesp.example,safety,nl\n")
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, path)
    assert messages(excinfo) == [
        "weesp.csv, row 2, column organisation_code: "
        "GM0457 (Weesp) was merged into GM0363 Amsterdam on 2022-03-24"
    ]


def test_a_code_retired_twice_names_the_current_successor(db_session, tmp_path):
    import_mergers(db_session, FIXTURES / "mergers_chain.csv")
    path = write(tmp_path / "chain.csv", HEADER + "GM9001,Els Kok,e.kok@oud.example,safety,nl\n")
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, path)
    assert messages(excinfo) == [
        "chain.csv, row 2, column organisation_code: GM9001 (Oudedorp) was merged into "
        "GM9002 Middeldorp on 2019-01-01, which is now part of GM9003 Nieuwstad"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("blank.csv", b" \r\n\r\n", "blank.csv: the file is empty"),
        ("header.csv", HEADER.encode(), "header.csv, row 1: no rows below the header"),
        (
            "latin1.csv",
            (HEADER + "GM0080,Jan Fryslân,j@x.nl,safety,nl\n").encode("latin-1"),
            "latin1.csv: not UTF-8 text (byte 0xE2 on line 2); "
            "in Excel choose 'Save as' > 'CSV UTF-8 (comma delimited)'",
        ),
        (
            "broken.xlsx",
            b"this is no workbook",
            "broken.xlsx: cannot be read as an Excel workbook (.xlsx): File is not a zip file",
        ),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0",
            "old.xls: old Excel (.xls) files cannot be read; save it as .xlsx or as CSV UTF-8",
        ),
        (
            "extra.csv",
            (HEADER + "GM0080,Jan,j@x.nl,safety,nl,oops\n").encode(),
            "extra.csv, row 2: value 'oops' in column 6, which has no header",
        ),
        (
            "quote.csv",
            (HEADER + 'GM0080,"Jan,j@x.nl,safety,nl\nGM0014,Anna,a@x.nl,safety,nl\n').encode(),
            "quote.csv, row 2, column name: "
            'the value runs over several lines; is a quote (") left open?',
        ),
        (
            "twice.csv",
            b"organisation_code,name,email,role,Email\n",
            "twice.csv, row 1: column email appears twice (columns 3 and 5)",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message(db_session, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportErrors) as excinfo:
        import_respondents(db_session, tmp_path / name)
    assert messages(excinfo)[0] == message


def test_a_workbook_saved_as_csv_is_recognised(db_session, tmp_path):
    Workbook().save(tmp_path / "contacts.xlsx")
    (tmp_path / "contacts.xlsx").rename(tmp_path / "contacts.csv")
    with pytest.raises(ImportErrors, match="this is an Excel workbook, not CSV text"):
        import_respondents(db_session, tmp_path / "contacts.csv")
