"""The registry covers every question type, and builds working forms for the shipped files."""

import pytest
from werkzeug.datastructures import MultiDict

from peiling.questionnaires import QUESTION_TYPES, parse_questionnaire, shipped
from peiling.webforms.questions import REGISTRY, build_form, changes, form_data, validate
from tests.webforms.answers import posted_page

QUESTIONNAIRES = shipped.FOLDER


def test_every_question_type_has_a_handler():
    assert set(REGISTRY) == set(QUESTION_TYPES)


@pytest.mark.parametrize("path", sorted(QUESTIONNAIRES.glob("ess-*.yaml")), ids=lambda p: p.name)
def test_every_page_of_the_shipped_questionnaires_builds_validates_and_round_trips(path):
    q = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
    for page in q.pages:
        for lang in q.languages:
            form_class = build_form(page.questions, lang, strict=True)
            items = [
                (k, one)
                for k, v in posted_page(page).items()
                for one in (v if isinstance(v, list) else [v])
            ]
            form = form_class(formdata=MultiDict(items))
            assert validate(form, page.questions), (page.key, lang, form.errors)
            stored = changes(page.questions, form)
            assert set(stored) == {k for qq in page.questions for k in qq.storage_keys()}
            assert all(value is not None for value in stored.values())
            again = form_class(data=form_data(page.questions, stored))
            assert changes(page.questions, again) == stored


def test_a_required_question_of_the_shipped_file_is_refused_when_empty():
    path = QUESTIONNAIRES / "ess-2026.yaml"
    q = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
    page = q.pages[0]
    form = build_form(page.questions, "nl", strict=True)(formdata=MultiDict())
    assert not validate(form, page.questions)
