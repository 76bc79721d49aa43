"""Short and long text: stored trimmed, refused above the maximum length."""

from werkzeug.datastructures import MultiDict

from tests.webforms.questions.helpers import bind, check, question


def test_short_text_is_trimmed_and_limited():
    q = question("anders", "short_text", max_length=10)
    ok, _, handler, form = check(q, {"anders": "  Onderwijs "})
    assert ok and handler.answers(q, form) == {"anders": "Onderwijs"}
    assert check(q, {"anders": "x" * 11})[1] == {"anders": ["Gebruik ten hoogste 10 tekens"]}


def test_long_text_is_a_textarea_keeping_line_breaks():
    q = question("opmerking", "long_text")
    ok, _, handler, form = check(q, {"opmerking": "regel 1\r\nregel 2"})
    assert form["opmerking"].type == "TextAreaField"
    assert handler.answers(q, form) == {"opmerking": "regel 1\nregel 2"}


def test_clearing_a_text_removes_the_answer():
    q = question("opmerking", "long_text")
    ok, _, handler, form = check(q, {"opmerking": "   "})
    assert ok and handler.answers(q, form) == {"opmerking": None}


def test_a_shared_form_class_keeps_each_request_s_input_apart():
    q = question("opmerking", "long_text")
    from peiling.webforms.questions import build_form

    form_class = build_form([q], "nl", True)
    assert not hasattr(build_form([], "nl", True), "opmerking")
    one = form_class(formdata=MultiDict({"opmerking": "van de een"}))
    other = form_class(formdata=MultiDict({"opmerking": "van de ander"}))
    assert (one["opmerking"].data, other["opmerking"].data) == ("van de een", "van de ander")
    assert build_form([q], "nl", True)(data={})["opmerking"].data in (None, "")
    _, form = bind(q, saved={"opmerking": "<script>"})
    assert form["opmerking"].data == "<script>"
