"""Where a respondent is: the visible pages, the next and previous page, and the progress."""

from __future__ import annotations

from dataclasses import dataclass

from models.questionnaire.conditions import visible_pages, visible_questions


@dataclass(frozen=True)
class Progress:
    """Step ``position`` of ``total`` (the pages shown to this respondent, plus the review)."""

    position: int
    total: int


def page_keys(questionnaire, answers: dict) -> list[str]:
    """Return the keys of the pages this respondent sees, in order."""
    return [page.key for page in visible_pages(questionnaire, answers)]


def questions_on(questionnaire, page, answers: dict) -> list:
    """Return the questions of a page this respondent sees, in order."""
    shown = {q.key for q in visible_questions(questionnaire, answers)}
    return [q for q in page.questions if q.key in shown]


def next_page(questionnaire, answers: dict, key: str) -> str | None:
    """Return the page after a page, or None when the review comes next."""
    order = [page.key for page in questionnaire.pages]
    visible = set(page_keys(questionnaire, answers))
    after = order[order.index(key) + 1 :] if key in order else order
    return next((k for k in after if k in visible), None)


def previous_page(questionnaire, answers: dict, key: str | None) -> str | None:
    """Return the page before a page (None = before the first); None key = from the review."""
    order = [page.key for page in questionnaire.pages]
    visible = set(page_keys(questionnaire, answers))
    before = order[: order.index(key)] if key in order else order
    return next((k for k in reversed(before) if k in visible), None)


def resume_page(questionnaire, answers: dict, current: str | None) -> str | None:
    """Return the page to continue on: the saved one if still shown, else the next shown one."""
    visible = page_keys(questionnaire, answers)
    if current in visible:
        return current
    if current is None:
        return visible[0] if visible else None
    return next_page(questionnaire, answers, current)


def progress(questionnaire, answers: dict, key: str | None) -> Progress:
    """Return the progress on a page (None = the review), counting only the pages shown."""
    visible = page_keys(questionnaire, answers)
    total = len(visible) + 1
    if key in visible:
        return Progress(visible.index(key) + 1, total)
    return Progress(total, total)
