"""In Chromium: statements, forwarding, the blank questionnaire, the receipt mail and summary, and
the print view rendered as a PDF; axe-core finds nothing on any of these page types."""

from __future__ import annotations

import re

import pytest

from peiling.models.inviting import opt_out_link_for
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.browser import check_page, keep, new_page, serve
from tests.webforms.test_browser import browser, press  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def print_view(page, name: str) -> bytes:
    """Render the page with the print stylesheet as a PDF; check what it leaves out."""
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.kop', '.voet', '.niet-printen'].every(s => [...document.querySelectorAll(s)]"
        ".every(e => getComputedStyle(e).display === 'none'))"
    )
    assert hidden, "header, footer and screen-only notes are left out of the print"
    pdf = page.pdf(format="A4")
    keep(f"{name}.pdf", pdf)
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    return pdf


def test_statements_forwarding_print_and_receipt_in_chromium(
    browser,  # noqa: F811
    app,
    small,
    smtp_server,  # noqa: F811
):
    with serve(app) as base:
        context, page = new_page(browser, viewport={"width": 1280, "height": 900})
        page.goto(base + small.link)
        assert "Deze vragenlijst is van" in page.content()
        # The button is the NL Design System component, in peiling's colours (its tokens).
        begin = page.get_by_role("link", name="Begin met de vragenlijst")
        assert "nl-button--primary" in begin.get_attribute("class")
        assert begin.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(21, 66, 115)"
        check_page(page, "70-start")
        with page.expect_navigation():
            page.get_by_role("link", name="Privacyverklaring").click()
        assert page.locator("h1").inner_text() == "Privacyverklaring"
        check_page(page, "71-privacy")
        with page.expect_navigation():
            page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
        check_page(page, "72-toegankelijkheid")

        page.goto(base + "/vragenlijst")
        with page.expect_navigation():
            page.get_by_role("link", name="Bekijk of print eerst de hele vragenlijst").click()
        check_page(page, "73-lege-vragenlijst")
        print_view(page, "73-lege-vragenlijst")

        page.goto(base + "/vragenlijst")
        with page.expect_navigation():
            page.get_by_role("link", name="Stuur de uitnodiging door naar een collega").click()
        check_page(page, "74-doorsturen")
        press(page, "Uitnodiging versturen")
        assert page.title().startswith("Fout:")
        check_page(page, "75-doorsturen-fout")
        page.get_by_label("Naam van uw collega").fill("Els de Wit")
        page.get_by_label("E-mailadres van uw collega").fill("els@gm0363.nl")
        press(page, "Uitnodiging versturen")
        assert "Er is een uitnodiging verstuurd naar els@gm0363.nl" in page.content()
        check_page(page, "76-doorgestuurd")

        page.goto(base + "/vragenlijst/start")
        page.click("label[for='f-domein-1']")
        page.click("label[for='f-thema__inclusie-0']")  # the whole cell
        page.click("label[for='f-thema__polarisatie-2']")
        press(page, "Volgende")
        page.get_by_label("Hebt u nog opmerkingen?").fill("Tot ziens")
        press(page, "Volgende")
        page.locator("#bevestig").check()
        press(page, "Antwoorden verzenden")
        assert page.url == base + "/verzonden"
        check_page(page, "77-verzonden")
        pdf = print_view(page, "77-verzonden")
        assert b"%%EOF" in pdf[-1024:]

        receipts = [m for m in smtp_server.messages() if m["Subject"].startswith("Ontvangen")]
        assert len(receipts) == 1
        html = receipts[0].get_body(("html",)).get_content()
        assert re.search(r"ontvangen op\s+<strong>\w+dag \d+ \w+ \d{4} om", html)
        mail = context.new_page()
        mail.set_content(html)
        keep("78-ontvangstbevestiging.png", mail.screenshot(full_page=True))
        mail.close()

        page.goto(base + opt_out_link_for(small.invitation, "", "test-secret-key"))
        check_page(page, "79-afmelden")
        context.close()
