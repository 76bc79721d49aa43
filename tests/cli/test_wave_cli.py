"""`peiling wave`: plan, open, invite, remind, status and preview from the command line."""

import logging

import pytest
from click.testing import CliRunner

from peiling.cli import cli, main
from peiling.models.questionnaire_store import load_version
from tests.factories import QUESTIONNAIRES
from tests.mailing.servers import make_panel


@pytest.fixture
def panel(db_session):
    load_version(db_session, QUESTIONNAIRES / "ess-2026.yaml")
    make_panel(db_session, organisations=2, per_organisation=2, english_every=4)
    db_session.commit()


@pytest.fixture
def restore_prefect_logging():
    level = logging.getLogger("prefect").level
    yield
    logging.getLogger("prefect").setLevel(level)


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_whole_round_from_the_command_line(
    panel, smtp_server, prefect_harness, restore_prefect_logging
):
    out = run("wave", "create", "2026", "--opens", "2026-01-05", "--closes", "2099-02-13")
    assert "Planned wave ess-behoeftepeiling 2026 on version 2026" in out
    assert "created          4" in run("wave", "open", "2026")
    assert "sent             4" in run("wave", "invite", "2026")
    assert "planned          0" in run("wave", "invite", "2026")
    assert "sent             4" in run("wave", "remind", "2026", "--round", "1")
    status = run("wave", "status", "2026")
    for line in (
        "invited          4",
        "sent             4",
        "failed           0",
        "submitted        0",
    ):
        assert line in status
    assert "response rate    0.0%" in status and "reminder round 1: 4 sent" in status
    assert len(smtp_server.messages()) == 8
    assert "is closed" in run("wave", "close", "2026")


def test_list_and_status_show_the_days_as_typed(panel):
    # Amsterdam midnight is 23:00 UTC the day before: the days must not shift.
    run("wave", "create", "2026", "--opens", "2026-11-29", "--closes", "2026-12-20")
    assert "ess-behoeftepeiling 2026: planned, 2026-11-29 .. 2026-12-20" in run("wave", "list")
    assert "2026-11-29 .. 2026-12-20" in run("wave", "status", "2026")


def test_preview_mail_renders_the_contacts_message_without_sending(panel, smtp_server):
    run("wave", "create", "2026", "--opens", "2026-01-05", "--closes", "2026-02-13")
    out = run("wave", "preview-mail", "2026", "--contact", "p1-1@gemeente1.example.nl")
    assert "not invited yet" in out
    assert "Subject: Invitation:" in out and "Dear Persoon 1-1" in out
    assert "Friday 13 February 2026" in out
    html = run("wave", "preview-mail", "2026", "--contact", "p0-0@gemeente0.example.nl", "--html")
    assert '<html lang="nl">' in html and "vrijdag 13 februari 2026" in html
    assert smtp_server.messages() == []


def test_mistakes_end_in_one_message(panel, capsys):
    for args, message in (
        (["wave", "invite", "2030"], "no wave '2030'"),
        (
            ["wave", "create", "x", "--opens", "2026-02-01", "--closes", "2026-01-01"],
            "must close after it opens",
        ),
        (["wave", "preview-mail", "2030", "--contact", "nobody@example.nl"], "no wave"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 1
        err = capsys.readouterr().err
        assert err.startswith("Error: ") and message in err and "Traceback" not in err


def test_invite_before_open_says_what_to_do(panel, capsys):
    run("wave", "create", "2026", "--opens", "2026-01-05", "--closes", "2099-02-13")
    with pytest.raises(SystemExit):
        main(["wave", "invite", "2026"])
    assert "run `peiling wave open 2026`" in capsys.readouterr().err


def test_release_unknown_hands_back_a_message_left_claimed_by_a_crash(panel, db_session):
    from sqlalchemy import select

    from peiling.mailing import ledger
    from peiling.models import Invitation, MailLog, MailStatus
    from peiling.models.wave_lifecycle import get_wave, open_wave

    run("wave", "create", "2026", "--opens", "2026-01-05", "--closes", "2099-02-13")
    wave = get_wave(db_session, "ess-behoeftepeiling", "2026")
    open_wave(db_session, wave, "test-secret-key")
    first = db_session.scalars(select(Invitation)).first()
    ledger.claim(db_session, first.id, first.contact.email, "invitation", 0, "<m1@example.org>")
    db_session.commit()
    assert "0 unknown" not in run("wave", "status", "2026")
    assert "unknown outcome  1" in run("wave", "status", "2026")
    assert "Released 0" in run("wave", "release-unknown", "2026")  # claimed just now
    out = run("wave", "release-unknown", "2026", "--older-than", "-1")
    assert "Released 1" in out and "<m1@example.org>" in out
    db_session.expire_all()
    assert db_session.scalars(select(MailLog)).one().status == MailStatus.FAILED
