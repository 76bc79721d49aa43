"""What a wave's dates say is due: nothing before the opening, open, reminder rounds, close."""

from datetime import UTC, datetime, timedelta

from peiling.models.wave import Wave, WaveStatus
from peiling.models.wave_calendar import Due, due

OPENS = datetime(2026, 3, 2, 8, tzinfo=UTC)


def _wave(status=WaveStatus.PLANNED, reminder_days=(7, 14)):
    return Wave(
        label="2026",
        survey_key="s",
        status=status.value,
        opens_at=OPENS,
        closes_at=OPENS + timedelta(days=40),
        reminder_days=list(reminder_days),
    )


def test_nothing_is_due_before_the_opening_day():
    assert due(_wave(), OPENS - timedelta(minutes=1)).nothing


def test_on_the_opening_day_the_wave_opens_and_invites_without_a_reminder():
    assert due(_wave(), OPENS) == Due(open=True, invite=True)


def test_the_latest_reminder_round_whose_day_has_come_is_due():
    wave = _wave(status=WaveStatus.OPEN)
    assert due(wave, OPENS + timedelta(days=6, hours=23)).reminder_round == 0
    assert due(wave, OPENS + timedelta(days=7)).reminder_round == 1
    assert due(wave, OPENS + timedelta(days=20)).reminder_round == 2


def test_after_the_last_day_only_closing_is_due_and_a_closed_wave_needs_nothing():
    assert due(_wave(status=WaveStatus.OPEN), OPENS + timedelta(days=40)) == Due(close=True)
    assert due(_wave(status=WaveStatus.CLOSED), OPENS + timedelta(days=41)).nothing
