"""In Chromium over https (gunicorn with a certificate): a respondent can save a page.

The app sends Referrer-Policy: no-referrer, so a browser posts without a Referer; over https the
CSRF check must not ask for one (defect: every save got "Uw sessie was verlopen").
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import Response
from tests.conftest import require_tool
from tests.webforms.browser import CHROMIUM, CHROMIUM_ARGS
from tests.webforms.gunicorn import gunicorn

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def chromium():
    require_tool(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_page_saves_over_https(chromium, database_url, small, db_session, tmp_path):
    with gunicorn(database_url, tmp_path, tls=True) as (base, log):
        assert base.startswith("https://")
        context = chromium.new_context(ignore_https_errors=True, locale="nl-NL")
        page = context.new_page()
        page.goto(base + small.link)
        assert page.url == base + "/vragenlijst"
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["__Host-peiling_sessie"]["secure"]
        page.goto(base + "/vragenlijst/start")
        page.click("label[for='f-domein-1']")
        page.click("label[for='f-thema__inclusie-2']")
        page.click("label[for='f-thema__polarisatie-0']")
        with page.expect_request(lambda r: r.method == "POST") as posted:
            page.get_by_role("button", name="Volgende", exact=True).click()
        assert posted.value.headers.get("referer") is None  # no-referrer, as the app asks
        page.wait_for_url(base + "/vragenlijst/slot")
        assert "Uw sessie was verlopen" not in page.content()
        page.locator("textarea").fill("Via https")
        page.get_by_role("button", name="Opslaan en later verder").click()
        page.wait_for_url(base + "/opgeslagen")
        context.close()
    db_session.expire_all()
    answers = db_session.scalar(select(Response)).answers
    assert answers["domein"] == 2 and answers["thema.inclusie"] == 3
    assert answers["opmerking"] == "Via https"
    assert 'POST /vragenlijst/start HTTP/1.1" 302' in log.read_text()
