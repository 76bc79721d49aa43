"""The comparability report of two questionnaire versions, one line per answer item."""

from __future__ import annotations

from peiling.questionnaires.comparability import (
    STATUSES,
    comparability_problems,
    compare_versions,
    summarise,
)
from peiling.questionnaires.definition import Questionnaire

LABELS = {
    "same": "same",
    "comparable": "comparable",
    "recoded": "recoded",
    "rescaled": "rescaled",
    "not_comparable": "NOT comparable",
    "new": "new",
    "dropped": "dropped",
}


def diff_lines(older: Questionnaire, newer: Questionnaire) -> tuple[list[str], list]:
    """Return the report's lines and the problems that would break a trend."""
    comparison = compare_versions(older, newer)
    width = max((len(k) for k in comparison), default=10)
    lines = [
        f"{newer.survey}: {older.version} -> {newer.version}",
        "",
        f"{'item'.ljust(width)}  {'status'.ljust(22)}  {'from'.ljust(width)}  codes / note",
    ]
    for key, item in comparison.items():
        status = LABELS[item.status] + (" *" if item.inferred else "")
        source = item.previous_key if item.previous_key and item.previous_key != key else ""
        detail = []
        if item.code_map:
            detail.append(_codes(item.code_map))
        if item.note:
            detail.append(item.note)
        lines.append(
            f"{key.ljust(width)}  {status.ljust(22)}  {source.ljust(width)}  {'; '.join(detail)}"
        )
    counts = summarise(comparison)
    lines += [
        "",
        ", ".join(f"{counts[s]} {LABELS[s]}" for s in STATUSES if counts[s]),
        "* inferred (not declared in the file)",
    ]
    return lines, comparability_problems(older, newer)


def _codes(code_map) -> str:
    return " ".join(f"{k}->{'-' if v is None else v}" for k, v in sorted(code_map.items()))
