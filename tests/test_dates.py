"""One clock: every day a person sees is an Amsterdam day, written one way in mail, web and CLI."""

from datetime import UTC, date, datetime

from peiling.dates import day_in_words, last_day, moment_in_words


def test_a_day_in_words_in_both_languages():
    assert day_in_words(date(2027, 1, 10), "nl") == "zondag 10 januari 2027"
    assert day_in_words(date(2027, 1, 10), "en") == "Sunday 10 January 2027"
    assert day_in_words(date(2027, 1, 10), "nl", weekday=False) == "10 januari 2027"


def test_a_moment_is_its_amsterdam_day():
    late = datetime(2027, 1, 9, 23, 30, tzinfo=UTC)  # already Sunday in Amsterdam
    assert day_in_words(late, "nl") == "zondag 10 januari 2027"
    assert moment_in_words(late, "en") == "Sunday 10 January 2027 at 00:30"


def test_a_wave_closing_at_midnight_was_open_up_to_the_day_before():
    midnight = datetime(2027, 1, 10, 23, 0, tzinfo=UTC)  # 00:00 on Monday 11 January
    assert day_in_words(last_day(midnight), "nl") == "zondag 10 januari 2027"
