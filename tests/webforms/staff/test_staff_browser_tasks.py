"""In Chromium, axe-core on the task pages: plan a wave, its dates, resend, import, preview."""

from __future__ import annotations

import pytest

from peiling.settings import get_settings
from tests import factories
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.browser import check_page, new_page, serve
from tests.webforms.conftest import SMALL
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import PASSWORD
from tests.webforms.staff.test_staff_browser import submit, type_into
from tests.webforms.test_browser import browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_task_pages_by_keyboard_with_axe(
    browser,  # noqa: F811
    app,
    db_session,
    admin,
    smtp_server,  # noqa: F811
    tmp_path,
):
    built = scene.build(db_session, get_settings().data_path, text=" <b>&</b>")
    small = factories.version(db_session, survey="web-test", text=SMALL.read_text("utf-8"))
    db_session.commit()
    with serve(app) as base:
        context, page = new_page(browser)
        page.goto(base + "/beheer/login")
        type_into(page, "#email", admin.email)
        type_into(page, "#password", PASSWORD)
        submit(page)

        page.goto(base + "/beheer/golven/nieuw")
        check_page(page, "80-beheer-golf-plannen")
        type_into(page, "#label", "2027")
        page.locator("#opens").fill("2027-01-04")
        page.locator("#closes").fill("2027-01-03")
        page.locator("#reminders").fill("7,veertien")
        page.get_by_role("button", name="Golf plannen").focus()
        submit(page)
        assert "niet veertien" in page.content()
        check_page(page, "81-beheer-golf-plannen-fout")
        page.locator("#closes").fill("2027-02-12")
        page.locator("#reminders").fill("7,14")
        page.get_by_role("button", name="Golf plannen").focus()
        submit(page)
        assert "is gepland" in page.content()

        page.goto(base + f"/beheer/golven/{built.wave.id}/data")
        check_page(page, "82-beheer-golf-data")

        page.goto(base + f"/beheer/golven/{built.wave.id}/zonder-respons")
        page.locator(f"form[action$='/{built.contact_id}/link'] button").focus()
        submit(page)
        assert "opnieuw gestuurd naar" in page.content()
        check_page(page, "83-beheer-link-opnieuw")

        page.goto(base + "/beheer/contacten/importeren")
        check_page(page, "84-beheer-import")
        good = tmp_path / "contacten.csv"
        good.write_text(
            "organisation_code,name,email,role\nGM0004,Nieuw <b>,n@gm0004.example.nl,overig\n",
            encoding="utf-8",
        )
        page.locator("#file").set_input_files(str(good))
        page.get_by_role("button", name="Controleren").focus()
        submit(page)
        assert "Proefrun van contacten.csv" in page.content()
        check_page(page, "85-beheer-import-proefrun")
        bad = tmp_path / "fout.csv"
        bad.write_text("organisation_code,name,email,role\nGM9999,A,geen,x\n", encoding="utf-8")
        page.locator("#file").set_input_files(str(bad))
        page.get_by_role("button", name="Controleren").focus()
        submit(page)
        assert "er is niets ingelezen" in page.content()
        check_page(page, "86-beheer-import-problemen")

        page.goto(base + f"/beheer/vragenlijsten/{small.id}/voorbeeld")
        check_page(page, "87-beheer-voorbeeld")
        page.get_by_role("button", name="Volgende").focus()
        submit(page)
        check_page(page, "88-beheer-voorbeeld-fout")
        context.close()
