"""Retention: the contact data of old waves go, the figures of the trend stay the same."""

from __future__ import annotations

from datetime import UTC, datetime

import openpyxl
from sqlalchemy import select

from peiling.cli.retention import forget_old_waves
from peiling.exports.make import make_export
from peiling.exports.options import ExportOptions
from peiling.models import AuditEntry, Base, Contact, Invitation, MailLog, Response
from peiling.models import retention as rules
from peiling.models.inviting import invitation_by_token, link_for
from peiling.models.wave_lifecycle import get_wave
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"
SECRET = "test-secret-key"
NOW = datetime(2029, 6, 1, tzinfo=UTC)  # with 2 years: 2025 and 2026 are old, 2028 is not
YEARS = 2
LEAKED = "oud.adres@voorbeeld-gemeente.nl"


def _panel(db_session) -> tuple[set[str], set[str]]:
    """Simulate 2025 and 2026; a third of the panel leaves before 2028. Return
    (addresses only in old waves, addresses still invited in 2028)."""
    simulate_history(
        db_session, secret_key=SECRET, labels=["2025", "2026"], organisations=9, seed=5, fast=True
    )
    contacts = db_session.scalars(select(Contact).order_by(Contact.id)).all()
    leaving = contacts[::3]
    for contact in leaving:
        contact.active = False
    db_session.flush()
    simulate_history(
        db_session, secret_key=SECRET, labels=["2028"], organisations=9, seed=5, fast=True
    )
    db_session.commit()
    gone = {c.email for c in leaving}
    return gone, {c.email for c in contacts} - gone


def _plant(db_session, contact: Contact) -> str:
    """Give an old wave's response an address in an open answer and a mail ledger row."""
    wave = get_wave(db_session, SURVEY, "2026")
    invitation = db_session.scalars(
        select(Invitation).where(Invitation.wave_id == wave.id, Invitation.contact_id == contact.id)
    ).one()
    response = db_session.scalars(
        select(Response).where(Response.wave_id == wave.id, Response.submitted_at.is_not(None))
    ).first()
    response.answers = {
        **response.answers,
        "opmerkingen": f"Mail {contact.name} op {contact.email} of {LEAKED}",
    }
    db_session.add(
        MailLog(
            invitation=invitation,
            kind="invitation",
            round=0,
            recipient=contact.email,
            message_id="<peiling.test@example.org>",
            status="failed",
            smtp_reply=f"550 5.1.1 <{contact.email}>: mailbox unavailable",
        )
    )
    db_session.commit()
    return link_for(invitation, "http://x", SECRET).rsplit("/", 1)[-1]


def _every_text(db_session) -> str:
    """Return every value of every column of every table, as one text."""
    parts = []
    for table in Base.metadata.sorted_tables:
        for row in db_session.execute(select(table)):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _figures(path) -> dict:
    """Return every cell of every sheet of a workbook, but the moment it was made."""
    book = openpyxl.load_workbook(path, read_only=True)
    return {
        sheet.title: [
            list(row) for row in sheet.iter_rows(values_only=True) if row[0] != "Gemaakt op (UTC)"
        ]
        for sheet in book
    }


def _export(db_session, settings, out):
    options = ExportOptions.from_settings(settings)
    make_export(db_session, SURVEY, ["2025", "2026"], "xlsx", options, settings.data_path, out=out)
    db_session.commit()
    return _figures(out)


def test_retention_forgets_old_contacts_and_keeps_the_figures(db_session, settings, tmp_path):
    gone, kept = _panel(db_session)
    leaver = db_session.scalars(select(Contact).where(Contact.email == sorted(gone)[0])).one()
    token, name = _plant(db_session, leaver), leaver.name
    before = _export(db_session, settings, tmp_path / "before.xlsx")

    # the dry run lists per old wave and table, and changes nothing
    plan = rules.plan(db_session, YEARS, now=NOW)
    assert [item.wave.label for item in plan.waves] == ["2025", "2026"]
    counts = {item.wave.label: item.counts for item in plan.waves}
    assert counts["2026"]["contact"] == len(gone)  # counted once, at their latest old wave
    assert counts["2026"]["mail_log"] == 1 and counts["2026"]["response"] > 1
    assert counts["2025"]["invitation"] > 0 and counts["2025"]["contact"] == 0
    db_session.rollback()
    text = _every_text(db_session)
    assert LEAKED in text and all(address in text for address in gone)

    done = forget_old_waves(db_session, settings.data_path, YEARS, now=NOW)
    db_session.commit()
    db_session.expire_all()  # read back what the database holds now
    assert {item.wave.label: item.counts for item in done.waves} == counts

    # no address of a contact of an old wave is left anywhere; newer contacts keep theirs
    text = _every_text(db_session)
    assert LEAKED not in text
    assert [address for address in gone if address in text] == []
    assert name not in text
    assert all(address in text for address in kept)
    assert invitation_by_token(db_session, token) is None
    # personal answers of old waves are replaced, the newer wave's stay
    for label, replaced in (("2026", True), ("2028", False)):
        wave = get_wave(db_session, SURVEY, label)
        answers = [
            r.answers.get("vervolg_contact")
            for r in db_session.scalars(select(Response).where(Response.wave_id == wave.id))
        ]
        given = [a for a in answers if a]
        assert given, label
        assert all(a == rules.REMOVED for a in given) is replaced, label

    # the trend over the old waves, cleaned again from what is left, shows the same figures
    stored = settings.data_path / "cleaned" / SURVEY / "2026" / "cleaned-current.pkl"
    assert not stored.exists()  # it held the personal answers
    assert _export(db_session, settings, tmp_path / "after.xlsx") == before

    # audited, and a second run finds nothing more
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert actions.count("retention.apply") == 3  # per wave, and the run
    again = forget_old_waves(db_session, settings.data_path, YEARS, now=NOW)
    db_session.commit()
    assert again.total == 0 and [w.wave.label for w in again.waves] == ["2025", "2026"]


def test_nothing_is_old_within_the_retention_period(db_session, settings):
    _panel(db_session)
    assert rules.plan(db_session, 5, now=NOW).waves == []
