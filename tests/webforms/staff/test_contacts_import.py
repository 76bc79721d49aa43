"""Import a contact list on a page: the dry run first, the problems, then all or nothing."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from peiling.limits import IMPORT_MAX_FILE_BYTES
from peiling.models import Contact, audit
from peiling.settings import get_settings
from tests.webforms.conftest import location
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token

PAGE = "/beheer/contacten/importeren"
APPLY = "/beheer/contacten/importeren/toepassen"
HEADER = "organisation_code,name,email,role,language\n"
GOOD = (
    HEADER
    + "GM0004,Nieuwe Collega,nieuw@gm0004.example.nl,sociaal,en\n"
    + "GM0002,Andere Naam,info@gm0002.example.nl,social,nl\n"
    + "GM0001,Contact GM0001,info@gm0001.example.nl,safety,nl\n"
)


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def upload(client, data: bytes | str, name: str = "contacten.csv"):
    token = csrf_token(client.get(PAGE).text)
    body = data.encode() if isinstance(data, str) else data
    return client.post(
        PAGE,
        data={"csrf_token": token, "file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
    )


def apply(client, shown: str | None = None):
    """Press Import on a dry run page (the list it shows), or on the empty page."""
    page = shown or client.get(PAGE).text
    found = re.search(r'name="lijst" value="([^"]*)"', page)
    data = {"csrf_token": csrf_token(page), "lijst": found.group(1) if found else ""}
    return client.post(APPLY, data=data)


def contacts(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Contact))


def test_the_dry_run_shows_what_would_change_then_applying_does_it(as_admin, built, db_session):
    before = contacts(db_session)
    response = upload(as_admin, GOOD)
    assert response.status_code == 200
    html = response.text
    assert "Proefrun van contacten.csv" in html
    assert "zou 1 contactpersonen toevoegen, 1 wijzigen en 1 ongewijzigd laten" in html
    assert "GM0004 Zonder contact: nieuw@gm0004.example.nl" in html
    assert "name: Contact GM0002 → Andere Naam" in html
    assert contacts(db_session) == before  # a dry run writes nothing
    done = apply(as_admin, html)
    assert location(done) == PAGE
    assert "1 toegevoegd, 1 gewijzigd, 1 ongewijzigd" in as_admin.get(PAGE).text
    assert contacts(db_session) == before + 1
    changed = db_session.scalars(select(Contact).where(Contact.email.like("info@gm0002%"))).one()
    assert changed.name == "Andere Naam"
    entry = audit.entries(db_session)[0]
    assert entry["action"] == "contacts.import" and "1 added, 1 updated" in entry["detail"]
    # the file is gone once applied: applying again imports nothing
    again = apply(as_admin)
    assert "geen gecontroleerde lijst" in as_admin.get(location(again)).text
    assert not list((get_settings().data_path / "uploads" / "contacts").glob("*/*"))


@pytest.mark.parametrize(
    ("data", "name", "row", "column", "message"),
    [
        (
            HEADER + "GM9999,A,a@example.nl,social,nl\n",
            "lijst.csv",
            "2",
            "organisation_code",
            "unknown organisation code GM9999",
        ),
        (
            HEADER + "GM0004,A,geen adres,social,nl\n",
            "lijst.csv",
            "2",
            "email",
            "is not a valid e-mail address",
        ),
        (
            HEADER + "GM0004,Bel\x07,a@example.nl,social,nl\n",
            "lijst.csv",
            "2",
            "name",
            "control character",
        ),
        (
            (HEADER + "GM0004,Caf\xe9,a@example.nl,social,nl\n").encode("latin-1"),
            "lijst.csv",
            None,
            None,
            "not UTF-8 text (byte 0xE9 on line 2)",
        ),
        (
            b"x" * (IMPORT_MAX_FILE_BYTES + 1),
            "groot.csv",
            None,
            None,
            "at most 10.0 MB can be imported",
        ),
        (b"PK\x03\x04 kapot", "lijst.xlsx", None, None, "cannot be read as an Excel workbook"),
        (HEADER, "lijst.pdf", None, None, "unknown file type .pdf"),
    ],
)
def test_problems_are_listed_by_file_row_and_column_and_nothing_is_written(
    as_admin, built, db_session, data, name, row, column, message
):
    before = contacts(db_session)
    response = upload(as_admin, data, name)
    assert response.status_code == 400
    html = response.text
    assert "er is niets ingelezen" in html and "<title>Fout:" in html
    assert message in html.replace("&#39;", "'")
    cells = f'<td>{name}</td><td class="getal">{row or "–"}</td><td>{column or "–"}</td>'
    assert cells in html
    assert "Importeren</button>" not in html  # nothing to apply
    assert contacts(db_session) == before
    assert "geen gecontroleerde lijst" in as_admin.get(location(apply(as_admin))).text


def test_a_formula_is_kept_as_text_and_shown_escaped(as_admin, built, db_session):
    hostile = '=HYPERLINK("http://x";"<b>klik</b>")'
    data = (
        HEADER + f'GM0004,"{hostile.replace(chr(34), chr(34) * 2)}",f@gm0004.example.nl,other,nl\n'
    )
    html = upload(as_admin, data, "<script>x</script>.csv").text
    assert "<b>klik</b>" not in html and "&lt;b&gt;klik&lt;/b&gt;" in html
    body = html.split("</head>", 1)[1]
    assert "<script" not in body and "Proefrun van script.csv" in body
    apply(as_admin, html)
    stored = db_session.scalars(select(Contact).where(Contact.email == "f@gm0004.example.nl")).one()
    assert stored.name == hostile


def test_an_xlsx_formula_without_a_value_is_a_problem_at_its_cell(as_admin, built, db_session):
    book = Workbook()
    sheet = book.active
    sheet.append(["organisation_code", "name", "email", "role"])
    sheet.append(["GM0004", "=1+1", "x@gm0004.example.nl", "social"])
    out = io.BytesIO()
    book.save(out)
    response = upload(as_admin, out.getvalue(), "lijst.xlsx")
    assert response.status_code == 400
    assert '<td>lijst.xlsx</td><td class="getal">2</td><td>name</td>' in response.text


def test_import_applies_the_list_shown_not_one_uploaded_later(as_admin, built, db_session):
    first = upload(as_admin, GOOD).text
    upload(as_admin, HEADER + "GM0003,Later,later@gm0003.example.nl,other,nl\n")
    refused = apply(as_admin, first)
    assert "geen gecontroleerde lijst" in as_admin.get(location(refused)).text
    assert not db_session.scalars(select(Contact).where(Contact.name == "Andere Naam")).first()


def test_a_file_far_over_the_limit_is_refused_unread(as_admin, built):
    from peiling.webforms.staff.import_pages import UPLOAD_MAX_BYTES

    response = upload(as_admin, b"x" * (UPLOAD_MAX_BYTES + 1), "enorm.csv")
    assert response.status_code == 413
    assert "hoogstens 10 MB" in response.text and "<title>Fout:" in response.text
    assert not list((get_settings().data_path / "uploads" / "contacts").glob("*/*"))


def test_no_file_is_refused_at_the_field(as_admin, built):
    token = csrf_token(as_admin.get(PAGE).text)
    response = as_admin.post(PAGE, data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Kies een bestand" in response.text


def test_an_upload_without_csrf_token_is_refused(as_admin, built):
    response = as_admin.post(
        PAGE,
        data={"file": (io.BytesIO(GOOD.encode()), "c.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Proefrun" not in response.text


def test_a_researcher_may_not_import(as_researcher, built):
    assert as_researcher.get(PAGE).status_code == 403
