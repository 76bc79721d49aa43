"""The staff pages: the dashboard's figures, who has not responded, downloads and the audit log."""

from __future__ import annotations

import csv
import io
import re

import pytest

from peiling.mailing.wave_status import response_table, wave_status
from peiling.models import ExportRecord, audit
from peiling.settings import get_settings
from peiling.webforms.security import CSP
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import login


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def cells(html: str) -> list[str]:
    """Return the text of every table cell, tags removed."""
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in found]


def test_the_wave_list_shows_the_figures_of_wave_status(as_admin, built, db_session):
    html = as_admin.get("/beheer/golven").get_data(as_text=True)
    status = wave_status(db_session, built.wave)
    assert (status["invited"], status["sent"], status["failed"], status["submitted"]) == (
        3,
        1,
        1,
        1,
    )
    row = cells(html)
    start = row.index("ess-behoeftepeiling 2026")
    numbers = [int(n) for n in row[start + 3 : start + 9]]
    assert numbers == [
        status[k] for k in ("invited", "sent", "failed", "opened", "started", "submitted")
    ]


def test_the_wave_page_draws_each_table_as_a_chart_with_the_same_figures(
    as_admin, built, db_session
):
    response = as_admin.get(f"/beheer/golven/{built.wave.id}")
    html = response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == CSP
    assert "<script" not in html.split("</head>")[1]
    charts = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(charts) == 5  # progress and four breakdowns
    by_size = response_table(db_session, built.wave, "size_class")
    assert [row["size_class"] for row in by_size] == [
        "< 20.000",
        "20.000 - 50.000",
        "50.000 - 100.000",
        ">= 100.000",
    ]
    size_chart = charts[2]
    for row in by_size:
        assert f"{row['organisations submitted']} / {row['organisations']}" in size_chart
    # Groningen (>= 100.000) answered: one of one municipality in that class.
    assert "&gt;= 100.000" in size_chart and "1 / 1 (100.0%)" in size_chart
    assert "Respons van gemeenten naar veiligheidsregio" in html
    by_domain = response_table(db_session, built.wave, "domain")
    assert {row["domain"]: row["submitted"] for row in by_domain} == {
        "other": 0,
        "safety": 1,
        "social": 0,
    }


def test_the_municipalities_without_response_with_contacts_and_mail(as_admin, built):
    html = as_admin.get(f"/beheer/golven/{built.wave.id}/zonder-respons").get_data(as_text=True)
    assert "Groningen" not in html  # answered
    for name in ("Klein (GM0002)", "Midden (GM0003)", "Zonder contact (GM0004)"):
        assert name in html
    assert "Contact GM0002 &lt;info@gm0002.example.nl&gt;" in html
    assert "&lt;GM0002.failed@peiling.example&gt;" in html and "550 mailbox unknown" in html
    assert "afloop onbekend" in html  # the claimed message of GM0003
    assert "Geen contactpersonen" in html


def test_a_download_is_served_and_recorded(as_admin, built, db_session):
    listed = as_admin.get("/beheer/downloads").get_data(as_text=True)
    assert "trends-2026.xlsx" in listed and "waves: 2025, 2026" in listed
    response = as_admin.get(f"/beheer/downloads/{built.export.id}")
    assert response.status_code == 200
    assert response.data == built.export_file.read_bytes()
    assert "attachment" in response.headers["Content-Disposition"]
    entry = audit.entries(db_session)[0]
    assert entry["action"] == "export.download" and entry["actor"] == "beheer@example.nl"
    assert "trends-2026.xlsx" in entry["detail"]


def test_the_downloads_page_lists_weighting_dialect_and_contents(as_admin, built, db_session):
    answers = built.export_file.with_name("answers.csv")
    answers.write_text("wave;key\n", encoding="utf-8")
    db_session.add(
        ExportRecord(
            survey_key="ess-behoeftepeiling",
            waves=["2026"],
            format="csv",
            path=str(answers.relative_to(built.export_file.parents[2])),
            weights=False,
            dialect="nl",
            contents="tables",
            real_codes=True,
        )
    )
    db_session.commit()
    listed = as_admin.get("/beheer/downloads").get_data(as_text=True)
    row = next(line for line in listed.split("<tr>") if "answers.csv" in line)
    assert "dialect: nl" in row and "weights: unweighted (--no-weights)" in row
    assert "contents: tables" in row and "codes: real organisation codes" in row
    old = next(line for line in listed.split("<tr>") if "trends-2026.xlsx" in line)
    assert "weights:" not in old and "dialect:" not in old  # recorded before they were kept


def test_an_export_outside_the_data_folder_is_not_served(as_admin, built, db_session, tmp_path):
    secret = tmp_path / "elders.txt"
    secret.write_text("niet voor jou")
    built.export.path = str(secret)
    db_session.commit()
    assert as_admin.get(f"/beheer/downloads/{built.export.id}").status_code == 404


def test_a_researcher_sees_no_contact_and_no_personal_answer(app, built, researcher):
    client = app.test_client()
    login(client, researcher.email)
    seen = ""
    for path in ("/beheer/", "/beheer/downloads"):
        response = client.get(path)
        assert response.status_code == 200
        seen += response.get_data(as_text=True)
    for path in (
        "/beheer/golven",
        f"/beheer/golven/{built.wave.id}",
        f"/beheer/golven/{built.wave.id}/zonder-respons",
        "/beheer/logboek",
        "/beheer/logboek.csv",
    ):
        refused = client.get(path)
        assert refused.status_code == 403
        seen += refused.get_data(as_text=True)
    assert "@gm000" not in seen and "Contact GM" not in seen and "persoonlijk" not in seen
    assert client.get(f"/beheer/downloads/{built.export.id}").status_code == 200


def test_the_audit_log_shows_and_exports_every_action(as_admin, built, db_session):
    as_admin.get(f"/beheer/golven/{built.wave.id}/zonder-respons")
    as_admin.get(f"/beheer/downloads/{built.export.id}")
    html = as_admin.get("/beheer/logboek").get_data(as_text=True)
    assert "export.download" in html and "wave.nonresponse.view" in html
    assert "ess-behoeftepeiling 2026" in html
    response = as_admin.get("/beheer/logboek.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["action"] for r in rows] == [
        "audit.export",
        "export.download",
        "wave.nonresponse.view",
        "login",
    ]
    assert rows[2]["wave"] == "ess-behoeftepeiling 2026"


def test_english_pages(as_admin, built):
    as_admin.get("/taal/en?terug=/beheer/")
    html = as_admin.get(f"/beheer/golven/{built.wave.id}").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Response of municipalities by province" in html and "Log out" in html
