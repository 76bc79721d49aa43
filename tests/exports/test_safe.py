"""Neutralising text against formula injection, and valid sheet names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peiling.exports.safe import FORMULA_STARTS, neutralise, sheet_name


def test_formula_starts_get_a_quote():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+31 6 1234") == "'+31 6 1234"
    assert neutralise("-") == "'-"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("\r\nx\ry") == "'\nx\ny"
    assert neutralise("Gewoon antwoord") == "Gewoon antwoord"
    assert neutralise("\r\nx\ry") == "'\nx\ny"


def test_control_characters_xml_cannot_hold_are_removed():
    assert neutralise("\x00=1+1") == "'=1+1"
    assert neutralise("\x00abc") == "'abc"
    assert neutralise("a\x07b\x1fc") == "abc"


@given(st.text())
def test_no_neutralised_text_starts_like_a_formula(value):
    result = neutralise(value)
    assert not result.startswith(FORMULA_STARTS)
    assert "\x00" not in result


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    first = sheet_name("Data 2024/2025: [eerste]*?", taken)
    second = sheet_name("Data 2024/2025: [eerste]*?", taken)
    assert first != second
    for name in (first, second):
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


@given(st.text(min_size=1))
def test_any_text_gives_a_sheet_name_excel_accepts(value):
    name = sheet_name("Data " + value, set())
    assert 0 < len(name.encode("utf-16-le")) // 2 <= 31
    assert not set(name) & set("[]:*?/\\")
