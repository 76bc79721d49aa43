"""Retention: forget the contact data of old waves, keep their pseudonymised answers and figures.

A wave is old when it closed more than PEILING_RETENTION_YEARS years ago. Of an old wave go:
the names and e-mail addresses of its contacts (unless a newer wave still invites them), the
link tokens of its invitations, the recipient addresses in its mail ledger (and any address in
the server's replies), its answers to questions marked ``personal`` (replaced by a marker, so
they still count as answered), and e-mail addresses, phone numbers and the forgotten contacts'
names inside its open answers and their change history. Invitations, responses, organisations
and every code stay, so cleaning and the exports give the same figures as before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, cast, literal, select, update
from sqlalchemy.orm import Session

from peiling.masking import EMAIL, Masker, name_parts
from peiling.models import audit
from peiling.models.base import utcnow
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.mail_log import MailLog
from peiling.models.questionnaire_store import get_questionnaire
from peiling.models.response import AnswerChange, Response
from peiling.models.wave import Wave, WaveStatus

REMOVED = "[verwijderd]"  # what a personal answer becomes: still an answer, no longer the text
FORGOTTEN = "removed-"  # a forgotten contact's address and an invitation's token digest start so
TEXT_TYPES = ("short_text", "long_text")
TABLES = ("contact", "invitation", "mail_log", "response", "answer_change")


@dataclass
class WavePlan:
    """What retention deletes of one old wave: the number of rows it changes per table."""

    wave: Wave
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Plan:
    """The old waves (closed before the cutoff) and what retention deletes of each."""

    years: int
    cutoff: datetime
    waves: list[WavePlan]

    @property
    def total(self) -> int:
        return sum(w.total for w in self.waves)


def years_before(moment: datetime, years: int) -> datetime:
    """Return the same moment a number of years earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def old_waves(session: Session, cutoff: datetime) -> list[Wave]:
    """Return the closed waves whose last moment lies before the cutoff, oldest first."""
    closed = session.scalars(
        select(Wave).where(Wave.status == WaveStatus.CLOSED.value).order_by(Wave.closes_at)
    )
    return [w for w in closed if min(w.closes_at, w.closed_at or w.closes_at) < cutoff]


def _forgotten_contacts(session: Session, old_ids: list[int]) -> dict[int, Contact]:
    """Return the contacts to forget: invited in an old wave, in no newer one, still known."""
    in_old = select(Invitation.contact_id).where(Invitation.wave_id.in_(old_ids))
    in_newer = select(Invitation.contact_id).where(Invitation.wave_id.not_in(old_ids))
    found = session.scalars(
        select(Contact).where(
            Contact.id.in_(in_old), Contact.id.not_in(in_newer), Contact.email.contains("@")
        )
    )
    return {c.id: c for c in found}


class _Scrubber:
    """Scrub one wave's answers: personal ones replaced, open text masked."""

    def __init__(self, session: Session, wave: Wave, masker: Masker):
        questionnaire = get_questionnaire(session, wave.questionnaire_version_id)
        self.personal, self.text = set(), set()
        for question in questionnaire.questions():
            keys = question.storage_keys()
            if question.personal:
                self.personal.update(keys)
            elif question.type in TEXT_TYPES:
                self.text.update(keys)
        self.masker = masker

    def value(self, key: str, value):
        """Return an answer as retention leaves it."""
        if value is None or value == "":
            return value
        if key in self.personal:
            return value if value == REMOVED else REMOVED
        if key in self.text and isinstance(value, str):
            return self.masker(value)
        return value

    def answers(self, answers: dict) -> dict:
        """Return a response's answers as retention leaves them."""
        return {key: self.value(key, value) for key, value in (answers or {}).items()}


def _responses(session: Session, wave: Wave, scrub: _Scrubber, apply: bool) -> int:
    changed = 0
    table = Response.__table__
    rows = session.execute(select(table.c.id, table.c.answers).where(table.c.wave_id == wave.id))
    for response_id, answers in rows.all():
        kept = scrub.answers(answers)
        if kept != (answers or {}):
            changed += 1
            if apply:
                # A plain UPDATE: the response's version and last change stay what they were.
                session.execute(update(table).where(table.c.id == response_id).values(answers=kept))
    return changed


def _answer_changes(session: Session, wave: Wave, scrub: _Scrubber, apply: bool) -> int:
    keys = scrub.personal | scrub.text
    if not keys:
        return 0
    rows = session.scalars(
        select(AnswerChange)
        .join(Response, Response.id == AnswerChange.response_id)
        .where(Response.wave_id == wave.id, AnswerChange.question_key.in_(sorted(keys)))
    )
    changed = 0
    for row in rows:
        old = scrub.value(row.question_key, row.old_value)
        new = scrub.value(row.question_key, row.new_value)
        if (old, new) != (row.old_value, row.new_value):
            changed += 1
            if apply:
                row.old_value, row.new_value = old, new
    return changed


def _mail_log(session: Session, wave: Wave, apply: bool) -> int:
    rows = session.scalars(
        select(MailLog)
        .join(Invitation, Invitation.id == MailLog.invitation_id)
        .where(Invitation.wave_id == wave.id)
    )
    changed = 0
    for row in rows:
        reply = EMAIL.sub("[e-mailadres]", row.smtp_reply) if row.smtp_reply else row.smtp_reply
        if row.recipient or reply != row.smtp_reply:
            changed += 1
            if apply:
                row.recipient, row.smtp_reply = "", reply
    return changed


def _tokens(session: Session, wave: Wave, apply: bool) -> int:
    live = (Invitation.wave_id == wave.id, Invitation.token_digest.not_like(f"{FORGOTTEN}%"))
    count = len(session.scalars(select(Invitation.id).where(*live)).all())
    if apply and count:
        session.execute(
            update(Invitation)
            .where(*live)
            .values(token_salt="", token_digest=literal(FORGOTTEN) + cast(Invitation.id, String))
            .execution_options(synchronize_session=False)
        )
    return count


def _contact_waves(session: Session, contacts: dict[int, Contact], old: list[Wave]) -> dict:
    """Return, per old wave, the forgotten contacts whose latest old wave it is."""
    order = {w.id: i for i, w in enumerate(old)}
    latest: dict[int, int] = {}
    rows = session.execute(
        select(Invitation.contact_id, Invitation.wave_id).where(Invitation.wave_id.in_(list(order)))
    )
    for contact_id, wave_id in rows:
        if contact_id in contacts:
            current = latest.get(contact_id)
            if current is None or order[wave_id] > order[current]:
                latest[contact_id] = wave_id
    per_wave = defaultdict(list)
    for contact_id, wave_id in latest.items():
        per_wave[wave_id].append(contacts[contact_id])
    return per_wave


def _run(session: Session, years: int, now: datetime | None, apply: bool) -> Plan:
    cutoff = years_before(now or utcnow(), years)
    old = old_waves(session, cutoff)
    plan = Plan(years, cutoff, [WavePlan(w) for w in old])
    if not old:
        return plan
    contacts = _forgotten_contacts(session, [w.id for w in old])
    masker = Masker(name_parts([c.name for c in contacts.values()]))
    per_wave = _contact_waves(session, contacts, old)
    for item in plan.waves:
        wave = item.wave
        scrub = _Scrubber(session, wave, masker)
        item.counts["response"] = _responses(session, wave, scrub, apply)
        item.counts["answer_change"] = _answer_changes(session, wave, scrub, apply)
        item.counts["mail_log"] = _mail_log(session, wave, apply)
        item.counts["invitation"] = _tokens(session, wave, apply)
        item.counts["contact"] = len(per_wave.get(wave.id, []))
    if apply:
        for contact in contacts.values():
            contact.name, contact.email, contact.active = "", f"{FORGOTTEN}{contact.id}", False
        session.flush()
    return plan


def plan(session: Session, years: int, now: datetime | None = None) -> Plan:
    """Return what retention would delete, per old wave and table; change nothing."""
    return _run(session, years, now, apply=False)


def apply(session: Session, years: int, *, actor: str = "cli", now: datetime | None = None) -> Plan:
    """Delete the contact data of the old waves (within the caller's transaction); audit it.

    Safe to repeat: what is gone is not counted again.
    """
    done = _run(session, years, now, apply=True)
    for item in done.waves:
        if item.total:
            audit.record(
                session, None, "retention.apply", actor=actor, wave=item.wave, detail=describe(item)
            )
    audit.record(
        session,
        None,
        "retention.apply",
        actor=actor,
        detail=f"waves closed before {done.cutoff:%Y-%m-%d} ({years} years): "
        f"{len(done.waves)} old waves, {done.total} rows changed",
    )
    return done


def describe(item: WavePlan) -> str:
    """Return one wave's counts per table as one line."""
    return ", ".join(f"{table} {item.counts[table]}" for table in TABLES)
