"""The interface texts live in the gettext catalogs, complete in both languages and compiled."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from peiling.vocabulary import LANGUAGES
from peiling.webforms import texts, texts_staff
from peiling.webforms.catalogs import annotate, extracted_keys, po_path, read_catalog
from peiling.webforms.i18n import TRANSLATIONS, translate

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "babel.cfg"


@pytest.fixture(scope="module")
def named() -> dict[str, list[str]]:
    return extracted_keys(CONFIG)


def _texts(lang: str) -> dict[str, str]:
    catalog = read_catalog(po_path(lang), lang)
    return {m.id: m.string for m in catalog if m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogs_are_the_shipped_folder_and_name_every_language():
    assert TRANSLATIONS == ROOT / "webforms" / "translations"
    assert sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir()) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_code_names_has_a_text_in_the_catalog(named, lang):
    found = _texts(lang)
    missing = sorted(key for key in named if not found.get(key))
    assert not missing, f"{po_path(lang)} lacks a text for {missing} (used in {named[missing[0]]})"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_holds_no_key_the_code_does_not_name(named, lang):
    # `make translations` would drop such a key: name it in the code, or with N_() in
    # webforms/text_keys.py when the code composes it.
    unnamed = sorted(set(_texts(lang)) - set(named))
    assert not unnamed, f"{po_path(lang)}: nothing names {unnamed}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(lang):
    po = _texts(lang)
    with po_path(lang).with_suffix(".mo").open("rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == {key: text for key, text in po.items() if text}, "run `make translations`"
    fuzzy = [m.id for m in read_catalog(po_path(lang), lang) if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy texts in {po_path(lang)} are left out of the .mo file: {fuzzy}"


def test_each_text_has_the_same_placeholders_in_every_language():
    nl, en = _texts("nl"), _texts("en")
    differ = {
        key: (_placeholders(nl[key]), _placeholders(en[key]))
        for key in nl
        if key in en and _placeholders(nl[key]) != _placeholders(en[key])
    }
    assert not differ


def test_translate_reads_the_compiled_catalogs_and_fills_in_placeholders():
    assert translate("forwarded_sent", "nl", email="a@b.nl") == (
        "Er is een uitnodiging verstuurd naar a@b.nl."
    )
    assert translate("forwarded_sent", "en", email="a@b.nl") == "An invitation was sent to a@b.nl."
    # Without values the text is as written; with values, {{ is a literal brace (str.format).
    assert "such as {{ name }}," in translate("staff_mail_intro", "en")
    assert translate("staff_export_download", "en", name="{x}.xlsx") == "Download {x}.xlsx"
    assert translate("forward_title", "xx") == translate("forward_title", "nl")
    with pytest.raises(KeyError, match="no_such_key"):
        translate("no_such_key", "en")


def test_the_python_text_dicts_stay_empty():
    # Texts go into the .po files; a branch from before the move is converted when merged.
    assert texts.NL == texts.EN == texts_staff.STAFF_NL == texts_staff.STAFF_EN == {}
    for module in (texts, texts_staff):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        assigned = [n for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)]
        assert all(isinstance(n.value, ast.Dict) and not n.value.keys for n in assigned)


def test_annotate_notes_the_dutch_text_of_each_key_in_the_template(tmp_path):
    pot = tmp_path / "messages.pot"
    pot.write_text(
        '#. Translators: shown on the start page\nmsgid "forward_title"\nmsgstr ""\n\n'
        'msgid "brand_new_key"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert annotate(pot) == 1
    template = read_catalog(pot)
    assert template.get("forward_title").auto_comments == [
        "Translators: shown on the start page",
        "nl: Uitnodiging doorsturen naar een collega",
    ]
    assert template.get("brand_new_key").auto_comments == []
    assert annotate(pot) == 1  # again: the same note, not a second one
    assert len(read_catalog(pot).get("forward_title").auto_comments) == 2


def test_flask_babel_chooses_the_session_language_and_a_new_choice_counts_at_once(app):
    from flask import session
    from flask_babel import get_locale

    from peiling.webforms.i18n import choose_language, current_language

    with app.test_request_context("/"):
        assert str(get_locale()) == current_language() == "nl"
        assert translate("welcome_title") == "Welkom"
        choose_language("en")
        assert session["lang"] == "en"
        assert str(get_locale()) == current_language() == "en"
        assert translate("welcome_title") == "Welcome"
        choose_language("fr")  # not a language of the vocabulary: the default
        assert current_language() == "nl"


def test_each_request_chooses_its_language_even_in_a_shared_app_context(app):
    client = app.test_client()
    with app.app_context():
        assert "Welkom" in client.get("/").get_data(as_text=True)
        with client.session_transaction() as session:
            session["lang"] = "en"
        assert "Welcome" in client.get("/").get_data(as_text=True)


def test_every_key_composed_from_a_vocabulary_has_a_text_in_every_language():
    from peiling.mailing.wave_status import BREAKDOWNS
    from peiling.models.contact import ContactRole
    from peiling.models.mail_log import MailStatus
    from peiling.models.staff import StaffRole
    from peiling.models.wave import WaveStatus
    from peiling.webforms.staff.flow_runs import ACTIONS

    composed = (
        [f"staff_by_{by}" for by in BREAKDOWNS]
        + [f"staff_domain_{role}" for role in ContactRole]
        + [f"staff_mail_status_{status}" for status in MailStatus]
        + [f"staff_role_{role}" for role in StaffRole]
        + [f"staff_wave_status_{status}" for status in WaveStatus]
        + [f"staff_flow_{action}" for action in ACTIONS]
    )
    texts = {lang: _texts(lang) for lang in LANGUAGES}
    missing = [(key, lang) for key in composed for lang in LANGUAGES if not texts[lang].get(key)]
    assert not missing, "add them to the .po files and with N_() to webforms/text_keys.py"
