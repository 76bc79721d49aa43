"""The blank questionnaire: every page and question, conditions in words, linked from the start."""

from __future__ import annotations

from peiling.questionnaires.explain import explain


def test_every_question_is_printed_with_its_condition_explained(app, small):
    client = app.test_client()
    client.get(small.link)
    assert 'href="/afdrukken"' in client.get("/vragenlijst").get_data(as_text=True)
    html = client.get("/afdrukken").get_data(as_text=True)
    for text in ("In welk domein werkt u?", "Hoeveel casussen had u?", "Licht dat toe"):
        assert text in html  # also the questions this respondent may never see
    assert "Deze pagina alleen als u bij ‘In welk domein werkt u?’ ‘Veiligheid’ antwoordde." in html
    assert "Alleen als u bij ‘Hoeveel casussen had u?’ ‘5’ of hoger antwoordde." in html
    assert '<th scope="row">Polarisatie</th>' in html and '<th scope="col"' in html
    assert "<form" not in html.split("<main", 1)[1]


def test_conditions_read_in_english_and_combine():
    from peiling.questionnaires.parse import parse_questionnaire
    from tests.webforms.conftest import SMALL

    q = parse_questionnaire(SMALL.read_text(encoding="utf-8"))
    both = {
        "all": [
            {"question": "domein", "in": [1, 2]},
            {"not": {"question": "aantal", "answered": True}},
        ]
    }
    assert explain(both, q, "en") == (
        "Only if you answered one of ‘Safety’, ‘Social’ to ‘In which domain do you work?’ "
        "and not: you answered ‘How many cases did you have?’."
    )
    assert explain({"question": "thema.inclusie", "lte": 2}, q, "nl") == (
        "Alleen als u bij ‘Hoe kijkt u naar deze thema's? – Inclusie’ ‘Neutraal’ of lager "
        "antwoordde."
    )
