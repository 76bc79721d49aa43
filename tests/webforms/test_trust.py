"""Statements, sender and duration: shipped for the ESS, a survey's own from the data folder."""

from __future__ import annotations

import pytest

from peiling.questionnaires.duration import SECONDS, estimate_minutes, seconds_for
from tests.webforms.conftest import SMALL, invite, questionnaire


@pytest.mark.parametrize(
    ("path", "nl", "en"),
    [
        ("/privacy", "Privacyverklaring", "Privacy statement"),
        ("/toegankelijkheid", "Toegankelijkheidsverklaring", "Accessibility statement"),
    ],
)
def test_statements_are_linked_from_every_page_in_both_languages(app, invited, path, nl, en):
    client = app.test_client()
    for page in ("/", "/r/" + "x" * 43):  # also pages without a session
        assert f'href="{path}"' in client.get(page).get_data(as_text=True)
    client.get(invited.link)
    for page in ("/vragenlijst", "/doorsturen", "/afdrukken"):
        assert f'href="{path}"' in client.get(page).get_data(as_text=True), page
    html = client.get(path).get_data(as_text=True)
    assert f"<h1>{nl}</h1>" in html and "<h2>" in html
    client.get("/taal/en")
    assert f"<h1>{en}</h1>" in client.get(path).get_data(as_text=True)


def test_the_privacy_statement_names_what_the_avg_asks(app, invited):
    html = app.test_client().get("/privacy").get_data(as_text=True)
    for part in ("Wie verwerkt", "Waarvoor", "Grondslag", "Hoe lang", "Verwerker", "rechten"):
        assert part in html


def test_start_page_says_who_asks_how_long_and_how_many_steps(app, invited):
    client = app.test_client()
    client.get(invited.link)
    html = client.get("/vragenlijst").get_data(as_text=True)
    assert "Deze vragenlijst is van Expertise-unit Sociale Stabiliteit" in html
    assert 'src="/logo"' in html
    minutes = estimate_minutes(questionnaire(invited))
    assert f"Het invullen duurt ongeveer {minutes} minuten." in html
    logo = client.get("/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/svg+xml"


def test_the_number_of_steps_equals_the_progress_bar(app, small):
    client = app.test_client()
    client.get(small.link)
    start = client.get("/vragenlijst").get_data(as_text=True)
    page = client.get("/vragenlijst/start").get_data(as_text=True)
    # The page about safety is hidden until answered: 2 pages and the review.
    assert "De vragenlijst heeft 3 stappen" in start
    assert "Stap 1 van 3" in page


def test_a_survey_folder_in_the_data_folder_overrides_the_shipped_texts(app, db_session, settings):
    invited = invite(db_session, text=SMALL.read_text(encoding="utf-8"))
    folder = settings.data_path / "surveys" / "web-test"
    folder.mkdir(parents=True)
    (folder / "about.toml").write_text(
        'minutes = 7\n[organisation]\nnl = "Gemeentelijk Onderzoek"\nen = "Municipal Research"\n'
    )
    (folder / "privacy.nl.md").write_text("## Eigen tekst\n\nAlleen <script>x</script> tekst.\n")
    client = app.test_client()
    client.get(invited.link)
    start = client.get("/vragenlijst").get_data(as_text=True)
    assert "Deze vragenlijst is van Gemeentelijk Onderzoek" in start
    assert "ongeveer 7 minuten" in start
    assert 'src="/logo"' not in start  # this survey has no logo of its own
    privacy = client.get("/privacy").get_data(as_text=True)
    assert "<h2>Eigen tekst</h2>" in privacy
    assert "<script>x" not in privacy and "&lt;script&gt;" in privacy  # no markup from files
    # What the folder lacks comes from the shipped ESS texts.
    assert "EN 301 549" in client.get("/toegankelijkheid").get_data(as_text=True)


def test_duration_counts_matrix_rows_and_rounds_up_to_five_minutes(small, db_session):
    q = questionnaire(small)
    assert seconds_for(q.question("thema")) == 2 * SECONDS["matrix"]  # per row
    assert estimate_minutes(q) == 5  # a few seconds still say five minutes
    ess = questionnaire(invite(db_session, code="GM0344", name="Utrecht"))
    total = sum(seconds_for(x) for x in ess.questions())
    assert estimate_minutes(ess) % 5 == 0 and total <= estimate_minutes(ess) * 60 < total + 300


def test_the_vendored_nl_design_system_css_is_served_with_its_licence(app):
    from pathlib import Path

    import peiling.webforms

    client = app.test_client()
    assert 'href="/static/vendor/nl-design-system.css"' in client.get("/").text
    css = client.get("/static/vendor/nl-design-system.css")
    assert css.status_code == 200 and ".nl-button--primary" in css.text and "EUPL-1.2" in css.text
    vendor = Path(peiling.webforms.__file__).parent / "static" / "vendor"
    licence = (vendor / "LICENSE-EUPL-1.2.md").read_text(encoding="utf-8")
    assert licence.startswith("# EUROPEAN UNION PUBLIC LICENCE v. 1.2")
