"""The blank questionnaire to print: every page and question, conditions explained in words."""

from __future__ import annotations

from flask import render_template

from peiling.questionnaires.explain import explain
from peiling.webforms.i18n import current_language
from peiling.webforms.questions.base import text
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import load_journey
from peiling.webforms.respondent.gate import stop_for


@bp.get("/afdrukken")
def blank():
    """Show the whole questionnaire without answers, ready to print."""
    journey = load_journey()
    stop = stop_for(journey, allow_submitted=True)
    if stop is not None:
        return stop
    q = journey.questionnaire
    lang = current_language()
    pages = [
        {
            "title": text(page.title, lang),
            "intro": text(page.intro, lang),
            "condition": explain(page.show_if, q, lang, page=True),
            "questions": [
                {
                    "question": question,
                    "condition": explain(question.show_if, q, lang),
                    "options": [
                        (o.code, text(o.label, lang), o.is_missing) for o in question.all_options()
                    ],
                }
                for question in page.questions
            ],
        }
        for page in q.pages
    ]
    return render_template("respondent/blank.html", questionnaire=q, pages=pages)
