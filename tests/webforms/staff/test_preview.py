"""The questionnaire preview: the respondent's pages, conditions and checks, nothing recorded."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from peiling.models.base import Base
from tests import factories
from tests.webforms.conftest import SMALL
from tests.webforms.staff.conftest import csrf_token


@pytest.fixture
def version(db_session, settings):
    made = factories.version(db_session, survey="web-test", text=SMALL.read_text(encoding="utf-8"))
    db_session.commit()
    return made


def counts(db_session) -> dict[str, int]:
    """Count the rows of every table (responses, invitations, mail, audit, ...)."""
    db_session.expire_all()
    return {
        name: db_session.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
    }


def state(html: str) -> str:
    found = re.search(r'name="voorbeeld_antwoorden" value="([^"]*)"', html)
    assert found, "the preview carries no answers"
    return found.group(1).replace("&#34;", '"').replace("&quot;", '"')


def post(client, version_id, page_key, html, data, action="next"):
    return client.post(
        f"/beheer/vragenlijsten/{version_id}/voorbeeld/{page_key}",
        data={
            "csrf_token": csrf_token(html),
            "voorbeeld_antwoorden": state(html),
            "action": action,
            **data,
        },
    )


def test_walk_the_preview_like_a_respondent_and_nothing_is_recorded(as_admin, version, db_session):
    before = counts(db_session)
    start = as_admin.get(f"/beheer/vragenlijsten/{version.id}/voorbeeld")
    assert start.status_code == 200
    html = start.text
    banner = f"Voorbeeld van web-test versie {version.version}: uw antwoorden worden nergens"
    assert banner in html
    assert "In welk domein werkt u?" in html and "Stap 1 van 3" in html

    refused = post(as_admin, version.id, "start", html, {})
    assert refused.status_code == 400 and "<title>Fout:" in refused.text

    answered = {"domein": "1", "thema__inclusie": "2", "thema__polarisatie": "3"}
    safety = post(as_admin, version.id, "start", html, answered)
    assert safety.status_code == 200
    assert "Hoeveel casussen had u?" in safety.text  # the page shown only for domain 1
    assert "Licht dat toe" not in safety.text

    wrong = post(as_admin, version.id, "veiligheid", safety.text, {"aantal": "11"})
    assert wrong.status_code == 400 and "Fout:" in wrong.text
    last = post(as_admin, version.id, "veiligheid", safety.text, {"aantal": "3"})
    assert "Hebt u nog opmerkingen?" in last.text

    back = post(as_admin, version.id, "slot", last.text, {}, action="previous")
    assert 'value="3"' in back.text  # the answer given earlier in the preview is shown again
    end = post(as_admin, version.id, "slot", last.text, {"opmerking": "<b>niet bewaren</b>"})
    assert "Einde van het voorbeeld" in end.text
    assert counts(db_session) == before


def test_another_domain_skips_the_conditional_page(as_admin, version):
    html = as_admin.get(f"/beheer/vragenlijsten/{version.id}/voorbeeld").text
    answered = {"domein": "2", "thema__inclusie": "2", "thema__polarisatie": "3"}
    nxt = post(as_admin, version.id, "start", html, answered)
    assert "Hebt u nog opmerkingen?" in nxt.text and "Hoeveel casussen" not in nxt.text


def test_carried_answers_are_escaped_and_garbage_is_ignored(as_admin, version):
    html = as_admin.get(f"/beheer/vragenlijsten/{version.id}/voorbeeld").text
    answered = {"domein": "1", "thema__inclusie": "2", "thema__polarisatie": "3"}
    safety = post(as_admin, version.id, "start", html, answered)
    hostile = '"><script>alert(1)</script>'
    last = post(as_admin, version.id, "veiligheid", safety.text, {"aantal": "3"})
    page = post(as_admin, version.id, "slot", last.text, {"opmerking": hostile}, action="save")
    assert (
        "<script>alert(1)" not in page.text
        and "In het voorbeeld wordt niets opgeslagen" in page.text
    )
    garbage = as_admin.post(
        f"/beheer/vragenlijsten/{version.id}/voorbeeld/start",
        data={"csrf_token": csrf_token(html), "voorbeeld_antwoorden": "[1, {", **answered},
    )
    assert garbage.status_code == 200


def test_a_researcher_may_not_preview(as_researcher, version):
    assert as_researcher.get(f"/beheer/vragenlijsten/{version.id}/voorbeeld").status_code == 403
