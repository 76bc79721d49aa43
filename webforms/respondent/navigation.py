"""Where a respondent is: the visible pages, the next and previous page, and the progress."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_app_context

from peiling.models.shared_response import is_unanswered
from peiling.questionnaires.conditions import shown as conditions_shown


@dataclass(frozen=True)
class Progress:
    """Step ``position`` of ``total`` (the pages shown to this respondent, plus the review)."""

    position: int
    total: int


def _shown(questionnaire, answers: dict) -> tuple[list[str], set[str]]:
    """Return (visible page keys, visible question keys), worked out once per request."""
    memo = g.setdefault("shown_memo", []) if has_app_context() else []
    for q, a, result in memo:
        if q is questionnaire and a is answers:  # identity: the same answers object
            return result
    pages, questions = [], set()
    for page, visible in conditions_shown(questionnaire, answers):
        if visible:
            pages.append(page.key)
            questions.update(q.key for q in visible)
    result = (pages, questions)
    memo.append((questionnaire, answers, result))
    return result


def page_keys(questionnaire, answers: dict) -> list[str]:
    """Return the keys of the pages this respondent sees, in order."""
    return list(_shown(questionnaire, answers)[0])


def questions_on(questionnaire, page, answers: dict) -> list:
    """Return the questions of a page this respondent sees, in order."""
    shown = _shown(questionnaire, answers)[1]
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


REVIEW = "#review"  # the furthest page of a respondent who reached the review


def _position(questionnaire, key: str | None) -> int:
    """Return a page's place in the questionnaire (the review last, nothing first)."""
    order = [page.key for page in questionnaire.pages]
    if key == REVIEW:
        return len(order)
    return order.index(key) if key in order else -1


def further(questionnaire, one: str | None, other: str | None) -> str | None:
    """Return whichever of two pages (or the review) lies further on."""
    return one if _position(questionnaire, one) >= _position(questionnaire, other) else other


def resume_page(questionnaire, answers: dict, reached: str | None) -> str | None:
    """Return where to continue: the furthest page reached, or an earlier one with a required
    question unanswered; REVIEW for the review, None when nothing was reached yet."""
    if reached is None:
        return None
    limit = _position(questionnaire, reached)
    by_key = {page.key: page for page in questionnaire.pages}
    visible = page_keys(questionnaire, answers)
    for key in visible:
        if _position(questionnaire, key) >= limit:
            break
        open_required = [
            q
            for q in questions_on(questionnaire, by_key[key], answers)
            if q.required and is_unanswered(q, answers)
        ]
        if open_required:
            return key
    if reached == REVIEW or reached in visible:
        return reached
    return next_page(questionnaire, answers, reached) or REVIEW


def progress(questionnaire, answers: dict, key: str | None) -> Progress:
    """Return the progress on a page (None = the review), counting only the pages shown."""
    visible = page_keys(questionnaire, answers)
    total = len(visible) + 1
    if key in visible:
        return Progress(visible.index(key) + 1, total)
    return Progress(total, total)
