"""Questionnaire versions as a page, with `questionnaire diff` between consecutive versions."""

from __future__ import annotations

import re

from peiling.models.questionnaire_store import get_questionnaire, load_version
from peiling.questionnaires.diff_report import diff_lines
from peiling.questionnaires.shipped import shipped_files


def test_versions_are_listed_and_their_diff_is_the_cli_report(as_admin, db_session):
    older, newer = (load_version(db_session, path) for path in sorted(shipped_files())[:2])
    db_session.commit()
    listing = as_admin.get("/beheer/vragenlijsten").get_data(as_text=True)
    assert older.version in listing and newer.version in listing
    link = re.search(r'href="(/beheer/vragenlijsten/\d+/\d+)"', listing).group(1)
    assert link == f"/beheer/vragenlijsten/{older.id}/{newer.id}"
    page = as_admin.get(link).get_data(as_text=True)
    lines, _ = diff_lines(
        get_questionnaire(db_session, older.id), get_questionnaire(db_session, newer.id)
    )
    assert lines and all(line.split()[0] in page for line in lines if line.strip())


def test_a_researcher_sees_no_questionnaire_versions(as_researcher):
    assert as_researcher.get("/beheer/vragenlijsten").status_code == 403
