"""In Chromium: log in to the staff area by keyboard (with TOTP), axe-core on every page type."""

from __future__ import annotations

import pyotp
import pytest

from peiling.settings import get_settings
from tests.webforms.browser import check_page, new_page, serve
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import PASSWORD
from tests.webforms.test_browser import browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def type_into(page, selector: str, text: str) -> None:
    """Move focus with Tab until a field has it, then type, as a keyboard user does."""
    for _ in range(30):
        if page.locator(selector).evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"{selector} never got the focus by Tab")
    page.keyboard.type(text)


def submit(page) -> None:
    """Send the focused form with Enter."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_staff_pages_by_keyboard_with_axe(browser, app, db_session, admin, researcher):  # noqa: F811
    app.config["STAFF_REQUIRE_TOTP"] = True
    built = scene.build(db_session, get_settings().data_path, text=" <b>&</b>")
    version = built.wave.questionnaire_version_id
    with serve(app) as base:
        context, page = new_page(browser)
        page.goto(base + "/beheer/golven")
        assert "/beheer/login" in page.url
        check_page(page, "60-beheer-inloggen")
        type_into(page, "#email", admin.email)
        type_into(page, "#password", "niet goed")
        submit(page)
        assert "klopt niet" in page.content()
        check_page(page, "61-beheer-inloggen-fout")
        page.locator("#password").fill("")
        type_into(page, "#password", PASSWORD)
        submit(page)
        assert page.url.endswith("/beheer/login/koppelen")
        check_page(page, "62-beheer-totp-instellen")
        secret = page.locator("code.sleutel").first.inner_text()
        type_into(page, "#code", pyotp.TOTP(secret).now())
        submit(page)
        assert page.url.endswith("/beheer/golven")
        check_page(page, "63-beheer-golven")
        for path, name in (
            ("/beheer/", "64-beheer-start"),
            (f"/beheer/golven/{built.wave.id}", "65-beheer-golf"),
            (f"/beheer/golven/{built.wave.id}/zonder-respons", "66-beheer-zonder-respons"),
            (f"/beheer/golven/{built.wave.id}/flows", "66b-beheer-flows"),
            ("/beheer/downloads", "67-beheer-downloads"),
            ("/beheer/logboek", "68-beheer-logboek"),
            (f"/beheer/contacten/{built.contact_id}", "68b-beheer-contact"),
            (f"/beheer/golven/{built.wave.id}/mail", "68e-beheer-mailteksten"),
            (f"/beheer/golven/{built.wave.id}/mail/invitation.nl.html", "68f-beheer-mailtekst"),
            ("/beheer/vragenlijsten", "68g-beheer-vragenlijsten"),
            (f"/beheer/vragenlijsten/{version}/{version}", "68h-beheer-vragenlijst-verschil"),
            (f"/beheer/organisaties/{built.organisation_id}", "68c-beheer-organisatie"),
            ("/beheer/accounts", "68i-beheer-accounts"),
        ):
            page.goto(base + path)
            check_page(page, name)
        page.goto(base + "/beheer/downloads")
        page.get_by_role("button", name="Aanmelden").first.focus()
        submit(page)
        assert "U krijgt voortaan een mail bij elke nieuwe export" in page.content()
        check_page(page, "67b-beheer-downloads-aangemeld")
        page.goto(base + f"/beheer/organisaties/{built.organisation_id}")
        type_into(page, "#email", "geen adres")
        page.get_by_role("button", name="Toevoegen", exact=True).focus()
        submit(page)
        assert "Vul een geldig e-mailadres in" in page.content()
        check_page(page, "68d-beheer-organisatie-fout")
        page.goto(base + "/beheer/accounts")
        type_into(page, "#email", "nieuw@example.nl")
        type_into(page, "#password", "te kort")
        type_into(page, "#password_again", "te kort")
        submit(page)
        assert "Kies een wachtwoord van minstens 12 tekens" in page.content()
        check_page(page, "68j-beheer-accounts-fout")
        page.locator("tr", has_text="onderzoek@example.nl").get_by_role(
            "button", name="Uitschakelen"
        ).focus()
        submit(page)
        assert "onderzoek@example.nl kan niet meer inloggen" in page.content()
        check_page(page, "68k-beheer-accounts-uitgeschakeld")
        page.locator("tr", has_text="onderzoek@example.nl").get_by_role(
            "button", name="Weer toelaten"
        ).focus()
        submit(page)
        page.goto(base + "/taal/en?terug=/beheer/golven/" + str(built.wave.id))
        assert page.locator("html").get_attribute("lang") == "en"
        check_page(page, "69-staff-wave-english")
        page.get_by_role("button", name="Log out").focus()
        submit(page)
        assert page.url.endswith("/beheer/login")
        context.close()

        context, page = new_page(browser)
        page.goto(base + "/beheer/login")
        type_into(page, "#email", admin.email)
        type_into(page, "#password", PASSWORD)
        submit(page)
        assert page.url.endswith("/beheer/login/code")
        check_page(page, "70-beheer-code")
        context.close()

        context, page = new_page(browser)
        page.goto(base + "/beheer/login")
        type_into(page, "#email", researcher.email)
        type_into(page, "#password", PASSWORD)
        submit(page)
        page.goto(base + "/beheer/logboek")
        assert "Geen toegang" in page.content()
        check_page(page, "71-beheer-geen-toegang")
        context.close()
