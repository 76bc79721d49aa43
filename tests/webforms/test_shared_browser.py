"""In Chromium: two officials of one municipality edit one shared response at once.

Two browser contexts (two people, two sessions): answers saved on the same page are merged; the
same answer changed by both brings the second to a choice between both values; the coordinator
reviews who answered what and submits. axe-core checks every new page (WCAG 2.0/2.1 A and AA).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import Response
from tests.webforms.browser import check_page, new_page, serve
from tests.webforms.test_browser import browser, press  # noqa: F401 (fixture)
from tests.webforms.test_shared_response import shared_municipality

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def answers_of(db_session) -> dict:
    db_session.expire_all()
    return db_session.scalars(select(Response)).one().answers


def choose(page, name: str, value: str) -> None:
    """Choose a radio option by clicking its label, as a person would."""
    ident = page.locator(
        f"form#paginaformulier input[name='{name}'][value='{value}']"
    ).get_attribute("id")
    page.click(f"label[for='{ident}']")


def test_two_officials_edit_one_shared_response_at_once(
    browser,  # noqa: F811
    app,
    db_session,
):
    town = shared_municipality(db_session)
    with serve(app) as base:
        vera_context, vera = new_page(browser)
        sam_context, sam = new_page(browser)
        vera.goto(base + town.link(town.vera))
        sam.goto(base + town.link(town.sam))
        assert "U bent de coördinator" in vera.content()
        assert "De coördinator, Vera Veilig" in sam.content()
        check_page(vera, "40-samen-start-coordinator")
        check_page(sam, "41-samen-start")

        # Merge: both open the first page; each answers other questions and saves.
        vera.goto(base + "/vragenlijst/start")
        sam.goto(base + "/vragenlijst/start")
        choose(vera, "domein", "1")
        press(vera, "Opslaan en later verder")
        choose(sam, "thema__inclusie", "1")
        choose(sam, "thema__polarisatie", "3")
        press(sam, "Opslaan en later verder")
        assert "/opgeslagen" in sam.url
        assert answers_of(db_session) == {
            "domein": 1,
            "thema.inclusie": 1,
            "thema.polarisatie": 3,
        }

        # Conflict: both open the page again and change the same row.
        vera.goto(base + "/vragenlijst/start")
        sam.goto(base + "/vragenlijst/start")
        assert "Laatst gewijzigd door Sam Sociaal (sociaal domein)" in vera.content()
        check_page(vera, "42-samen-pagina")
        choose(vera, "thema__inclusie", "2")
        press(vera, "Volgende")
        choose(sam, "thema__inclusie", "3")
        press(sam, "Volgende")
        assert sam.url.endswith("/vragenlijst/start")
        assert "Een collega heeft intussen dezelfde antwoorden gewijzigd" in sam.content()
        assert answers_of(db_session)["thema.inclusie"] == 2  # Vera's answer stands for now
        check_page(sam, "43-samen-conflict")
        press(sam, "Volgende")  # without choosing: asked again, with an error summary
        assert sam.title().startswith("Fout:")
        check_page(sam, "44-samen-conflict-fout")
        sam.click("label[for='keuze-thema-mine']")
        press(sam, "Volgende")
        assert not sam.url.endswith("/vragenlijst/start")
        assert answers_of(db_session)["thema.inclusie"] == 3

        # Who takes part, what is done; the review for a contributor and for the coordinator.
        sam.goto(base + "/samen")
        check_page(sam, "45-samen-overzicht")
        vera.goto(base + "/samen")
        check_page(vera, "46-samen-overzicht-coordinator")
        sam.goto(base + "/vragenlijst/slot")
        sam.fill("textarea[name='opmerking']", "Samen ingevuld")
        press(sam, "Volgende")
        assert "Alleen de coördinator, Vera Veilig" in sam.content()
        check_page(sam, "47-samen-controleren")
        vera.goto(base + "/controleren")
        assert "Door Sam Sociaal (sociaal domein)" in vera.content()
        check_page(vera, "48-samen-controleren-coordinator")
        vera.check("#bevestig")
        press(vera, "Antwoorden verzenden")
        assert vera.url.endswith("/verzonden")
        check_page(vera, "49-samen-verzonden")
        vera_context.close()
        sam_context.close()
