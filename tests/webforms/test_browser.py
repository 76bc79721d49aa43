"""In Chromium: fill in the whole ESS questionnaire by keyboard and mouse, save, resume, submit.

axe-core checks every page type against WCAG 2.0/2.1 A and AA; screenshots of each page type
are written to var/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from peiling.models.wave_lifecycle import close_wave
from tests import factories
from tests.conftest import require_tool
from tests.webforms.browser import CHROMIUM, CHROMIUM_ARGS, axe_script, check_page, new_page, serve
from tests.webforms.conftest import invite

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def browser():
    require_tool(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    require_tool(axe_script() is not None, "axe-core (the axe-playwright-python package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def fill_page(page) -> None:
    """Answer every question on the current page: mouse for choices, keyboard for text."""
    for name in sorted(
        set(
            page.eval_on_selector_all(
                "form#paginaformulier input[type=radio]", "els => els.map(e => e.name)"
            )
        )
    ):
        if not page.locator(f"input[name='{name}']:checked").count():
            page.click(f"label[for='f-{name}-0']")  # mouse
    for name in sorted(
        set(
            page.eval_on_selector_all(
                "form#paginaformulier input[type=checkbox]", "els => els.map(e => e.name)"
            )
        )
    ):
        if name.endswith("__missing") or page.locator(f"input[name='{name}']:checked").count():
            continue
        page.locator(f"#f-{name}-0").check()
    for place, select in enumerate(page.locator("form#paginaformulier select").all()):
        select.select_option(index=(place % 3) + 1)
    for box in page.locator("form#paginaformulier input[type=text]").all():
        if box.input_value():
            continue
        box.focus()
        numeric = box.get_attribute("inputmode") in ("numeric", "decimal")
        page.keyboard.type("3" if numeric else "Antwoord <b>van</b> de gemeente")  # keyboard
    for box in page.locator("form#paginaformulier input[type=date]").all():
        if not box.input_value():
            box.fill("2025-09-01")
    for area in page.locator("form#paginaformulier textarea").all():
        if not area.input_value():
            area.focus()
            page.keyboard.type("Een toelichting.\nOp twee regels.")


def press(page, label: str) -> None:
    """Activate a button by keyboard: focus it and press Enter."""
    page.get_by_role("button", name=label, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def page_key(page) -> str:
    return page.url.rsplit("/", 1)[1]


def test_whole_questionnaire_in_chromium_with_axe_on_every_page_type(
    browser, app, invited, db_session
):
    with serve(app) as base:
        context, page = new_page(browser)
        page.goto(base + invited.link)
        assert page.url == base + "/vragenlijst"  # the token is gone from the address
        check_page(page, "01-start")
        with page.expect_navigation():
            page.get_by_role("link", name="Begin met de vragenlijst").click()

        done, seen_errors = 0, set()
        while "/vragenlijst/" in page.url and done < 3:
            key = page_key(page)
            if key not in seen_errors:
                seen_errors.add(key)
                check_page(page, f"10-pagina-{key}")
                press(page, "Volgende")  # nothing filled in yet
                if page_key(page) == key:
                    assert page.title().startswith("Fout:")
                    assert page.evaluate("document.activeElement.id") == "foutoverzicht"
                    check_page(page, f"11-pagina-{key}-fouten")
                else:
                    page.goto(f"{base}/vragenlijst/{key}")
            fill_page(page)
            press(page, "Volgende")
            if page_key(page) != key:
                done += 1
        # Halfway: save and close, as a respondent who stops for the day.
        fill_page(page)
        press(page, "Opslaan en later verder")
        assert "/opgeslagen" in page.url
        check_page(page, "20-opgeslagen")
        stopped_at = None
        context.close()

        context, page = new_page(browser, viewport={"width": 320, "height": 640})
        page.goto(base + invited.link)
        assert "Verder waar u was" in page.content()
        # Usable at 320 px: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        with page.expect_navigation():
            page.get_by_role("link", name="Verder waar u was").click()
        stopped_at = page_key(page)
        check_page(page, f"21-hervat-320px-{stopped_at}")
        page.set_viewport_size({"width": 1024, "height": 800})
        for _ in range(20):
            if "/vragenlijst/" not in page.url:
                break
            key = page_key(page)
            if key not in seen_errors:
                seen_errors.add(key)
                check_page(page, f"10-pagina-{key}")
                press(page, "Volgende")
                if page_key(page) == key:
                    check_page(page, f"11-pagina-{key}-fouten")
                else:
                    page.goto(f"{base}/vragenlijst/{key}")
            fill_page(page)
            press(page, "Volgende")
        assert page.url == base + "/controleren"
        check_page(page, "30-controleren")
        assert "&lt;b&gt;van&lt;/b&gt;" in page.content()  # typed markup shown as text

        press(page, "Antwoorden verzenden")  # without ticking the confirmation
        assert page.title().startswith("Fout:")
        check_page(page, "31-controleren-fout")
        page.locator("#bevestig").focus()
        page.keyboard.press("Space")
        press(page, "Antwoorden verzenden")
        assert page.url == base + "/verzonden"
        check_page(page, "40-verzonden")
        assert page.locator("form").count() == 0
        page.goto(base + "/controleren")  # the questionnaire cannot be reopened
        assert re.search(r"/verzonden$", page.url)

        page.set_extra_http_headers({"Accept-Language": "en"})
        page.goto(base + "/taal/en?terug=/verzonden")
        assert page.locator("html").get_attribute("lang") == "en"
        check_page(page, "41-submitted-english")
        context.close()

        context, page = new_page(browser)
        page.goto(base + "/r/" + "x" * 43)
        assert "Deze link werkt niet" in page.content()
        check_page(page, "50-ongeldige-link")

        version = invited.invitation.wave.questionnaire_version
        future = factories.wave(db_session, version, label="2027", opened_days_ago=-2)
        early = invite(db_session, code="GM0344", name="Utrecht", wave=future)
        page.goto(base + early.link)
        check_page(page, "51-nog-niet-open")

        late = invite(db_session, code="GM0599", name="Rotterdam", wave=invited.invitation.wave)
        close_wave(db_session, invited.invitation.wave)
        db_session.commit()
        page.goto(base + late.link)
        assert "De vragenlijst is gesloten" in page.content()
        check_page(page, "52-gesloten")
        context.close()


def test_axe_reports_a_violation_when_there_is_one(browser):
    # Guards the test above against passing because axe did not run.
    from tests.webforms.browser import axe_violations

    unlabelled = '<html lang="nl"><title>x</title><main><input type="text"></main></html>'
    context, page = new_page(browser)  # axe-core given to the context
    page.set_content(unlabelled)
    assert any(v.startswith("label") for v in axe_violations(page))
    context.close()
    bare = browser.new_page()  # axe-core added to the page by the check
    bare.set_content(unlabelled)
    assert any(v.startswith("label") for v in axe_violations(bare))
    bare.close()


def test_last_years_answer_note_has_no_axe_violations(browser, app, db_session):
    from tests.questionnaires.carry_forward_versions import answered, two_waves

    first, second = two_waves(db_session)
    invited = invite(db_session, code="GM0344", name="Utrecht", wave=second)
    answered(db_session, first, invited.invitation.contact.organisation, {"plan": 3, "jaar": 2019})
    db_session.commit()
    with serve(app) as base:
        context, page = new_page(browser)
        page.goto(base + invited.link)
        page.goto(base + "/vragenlijst/beleid")
        note = page.locator("#v-plan-vorig")
        assert note.is_visible()
        assert "Vorig jaar antwoordde uw gemeente: In voorbereiding." in note.inner_text()
        assert page.locator("input[name='plan'][value='4']").is_checked()
        check_page(page, "12-pagina-vorig-jaar")
        context.close()
