"""In Chromium: a matrix is a grid at 1280 px (scale in one line, "weet ik niet" apart) and a stack
at 320 px; axe-core finds nothing on either.
"""

from __future__ import annotations

import pytest

from tests.webforms.browser import check_page, new_page, serve
from tests.webforms.test_browser import browser  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def option_boxes(page, name: str) -> list[dict]:
    return page.eval_on_selector_all(
        f"input[name='{name}']",
        "els => els.map(e => e.closest('.optie').getBoundingClientRect().toJSON())",
    )


def test_matrix_is_a_grid_on_a_wide_screen_and_a_stack_on_a_narrow_one(browser, app, small):  # noqa: F811
    with serve(app) as base:
        context, page = new_page(browser, viewport={"width": 1280, "height": 900})
        page.goto(base + small.link)
        page.goto(base + "/vragenlijst/start")
        row = "thema__polarisatie"
        boxes = option_boxes(page, row)
        assert len(boxes) == 4
        assert len({round(b["top"]) for b in boxes}) == 1  # one line: the scale never wraps
        lefts = [b["left"] for b in boxes]
        assert lefts == sorted(lefts)  # columns in scale order
        gaps = [b - a for a, b in zip(lefts, lefts[1:], strict=False)]
        headings = page.locator(".raster-kop .kolom").all_inner_texts()
        assert headings == ["Oneens", "Neutraal", "Eens", "Weet ik niet"]
        first_row = option_boxes(page, "thema__inclusie")
        assert [b["left"] for b in first_row] == lefts  # the rows line up as columns
        assert page.locator(".optie-apart").count() == 2 and gaps
        check_page(page, "60-matrix-1280px")
        page.set_viewport_size({"width": 320, "height": 800})
        boxes = option_boxes(page, row)
        tops = [b["top"] for b in boxes]
        assert tops == sorted(tops) and len(set(tops)) == 4  # stacked, one under the other
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert page.locator(".raster-kop").is_hidden()
        check_page(page, "61-matrix-320px")
        context.close()
