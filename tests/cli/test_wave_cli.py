"""`peiling wave`: plan, open, invite, remind, status and preview from the command line."""

import logging

import pytest
from click.testing import CliRunner

from peiling.cli import cli, main
from peiling.errors import UserError
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
    reminded = run("wave", "remind", "2026", "--round", "1", "--batch-size", "2", "--connections=2")
    assert "sent             4" in reminded
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
    out = run("wave", "create", "2026", "--opens", "2026-11-29", "--closes", "2026-12-20")
    assert "2026-11-29 .. 2026-12-20" in out  # the last day as typed, not the day after
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


def _unknowns(db_session, count):
    """A wave with `count` messages of unknown outcome: data sent, no reply; return the rows."""
    from sqlalchemy import select

    from peiling.mailing import ledger
    from peiling.models import Invitation
    from peiling.models.wave_lifecycle import get_wave, open_wave

    run("wave", "create", "2026", "--opens", "2026-01-05", "--closes", "2099-02-13")
    wave = get_wave(db_session, "ess-behoeftepeiling", "2026")
    open_wave(db_session, wave, "test-secret-key")
    rows = []
    for n, invitation in enumerate(db_session.scalars(select(Invitation)).all()[:count]):
        email = invitation.contact.email
        row_id = ledger.claim(db_session, invitation.id, email, "invitation", 0, f"<m{n}@ex.org>")
        ledger.mark_unknown(db_session, row_id, "no reply after the message data went out")
        rows.append(row_id)
    db_session.commit()
    return rows


def _statuses(db_session):
    from sqlalchemy import select

    from peiling.models import MailLog

    db_session.expire_all()
    return {r.message_id: r.status for r in db_session.scalars(select(MailLog))}


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
    status = run("wave", "status", "2026")
    assert "unknown outcome  1" in status and "<m1@example.org>  invitation to" in status
    with pytest.raises(UserError, match="claimed by a send that may still be running"):
        CliRunner().invoke(
            cli,
            ["wave", "release-unknown", "2026", "--message-id", "<m1@example.org>"],
            catch_exceptions=False,
        )
    out = run(
        "wave", "release-unknown", "2026", "--message-id", "m1@example.org", "--older-than", "-1"
    )
    assert "Released 1" in out and "<m1@example.org>" in out
    db_session.expire_all()
    assert db_session.scalars(select(MailLog)).one().status == MailStatus.FAILED


def test_release_unknown_releases_exactly_the_named_message_ids(panel, db_session, tmp_path):
    _unknowns(db_session, 4)
    status = run("wave", "status", "2026")
    assert "unknown outcome  4" in status
    assert all(f"<m{n}@ex.org>" in status for n in range(4))
    out = run("wave", "release-unknown", "2026", "--message-id", "<m0@ex.org>")
    assert "Released 1" in out
    ids = tmp_path / "not-delivered.txt"
    ids.write_text("# from the mail log\n\nqueued as 1A2B: message-id=<m2@ex.org>\nm3@ex.org\n")
    assert "Released 2" in run("wave", "release-unknown", "2026", "--from-file", str(ids))
    assert _statuses(db_session) == {
        "<m0@ex.org>": "failed",
        "<m1@ex.org>": "unknown",
        "<m2@ex.org>": "failed",
        "<m3@ex.org>": "failed",
    }
    assert "unknown outcome  1" in run("wave", "status", "2026")


def test_release_unknown_refuses_an_id_that_is_not_unknown_and_releases_none(panel, db_session):
    _unknowns(db_session, 2)
    result = CliRunner().invoke(
        cli,
        [
            "wave",
            "release-unknown",
            "2026",
            "--message-id",
            "<m0@ex.org>",
            "--message-id",
            "<typo@ex.org>",
        ],
    )
    assert result.exit_code != 0 and "<typo@ex.org>" in str(result.exception)
    assert set(_statuses(db_session).values()) == {"unknown"}
    result = CliRunner().invoke(cli, ["wave", "release-unknown", "2026"])
    assert result.exit_code != 0 and "--all" in str(result.exception)


def test_release_all_asks_first(panel, db_session):
    _unknowns(db_session, 3)
    said_no = CliRunner().invoke(cli, ["wave", "release-unknown", "2026", "--all"], input="n\n")
    assert said_no.exit_code == 1 and "Release all 3" in said_no.output
    assert set(_statuses(db_session).values()) == {"unknown"}
    said_yes = CliRunner().invoke(cli, ["wave", "release-unknown", "2026", "--all"], input="y\n")
    assert said_yes.exit_code == 0 and "Released 3" in said_yes.output
    assert set(_statuses(db_session).values()) == {"failed"}
    assert "No message of unknown outcome" in run(
        "wave", "release-unknown", "2026", "--all", "--yes"
    )


def test_dates_moves_a_wave_and_reminders_may_be_dates(panel, capsys):
    run("wave", "create", "2026", "--opens", "2026-11-29", "--closes", "2026-12-20")
    out = run(
        "wave",
        "dates",
        "2026",
        "--opens",
        "2026-11-30",
        "--closes",
        "2027-01-10",
        "--reminders",
        "7,2026-12-21",
    )
    assert "2026-11-30 .. 2027-01-10" in out and "reminders after [7, 21] days" in out
    with pytest.raises(SystemExit):
        main(["wave", "dates", "2026", "--opens", "2026-11-30", "--closes", "2026-12-05"])
    assert "reminder day 7 is not before the wave closes" in capsys.readouterr().err


def test_a_reminder_on_the_last_day_counts_amsterdam_days_across_summer_time(panel):
    # 2026-03-29 moves the clocks forward: the wave is 40 days open, an hour short of 40 * 24 h.
    out = run(
        "wave",
        "create",
        "2026",
        "--opens",
        "2026-03-02",
        "--closes",
        "2026-04-10",
        "--reminders",
        "7,2026-04-10",
    )
    assert "reminders after [7, 39] days" in out
