"""The attempt counter in the database: windows, the sliding estimate, concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from peiling.errors import UserError
from peiling.models.db import make_engine
from peiling.models.throttle import ThrottleCount
from peiling.webforms.throttle import Limit, attempts, is_blocked, parse_limit, record


def test_parse_limit_reads_count_per_seconds():
    assert parse_limit("20/300") == Limit(20, 300)
    for bad in ("20", "x/300", "0/300", "5/-1"):
        with pytest.raises(UserError):
            parse_limit(bad)


def test_counts_per_key_and_blocks_at_the_limit(engine):
    limit = Limit(3, 100)
    for _ in range(2):
        record(engine, "link:a", limit, now=1000.0)
    assert not is_blocked(engine, "link:a", limit, now=1000.0)
    record(engine, "link:a", limit, now=1000.0)
    assert is_blocked(engine, "link:a", limit, now=1000.0)
    assert not is_blocked(engine, "link:b", limit, now=1000.0)


def test_the_previous_window_fades_out(engine):
    limit = Limit(4, 100)
    for _ in range(4):
        record(engine, "k", limit, now=1050.0)  # window 10
    assert attempts(engine, "k", limit, now=1125.0) == pytest.approx(3.0)  # 75% left
    assert not is_blocked(engine, "k", limit, now=1125.0)
    assert attempts(engine, "k", limit, now=1250.0) == 0


def test_old_windows_are_removed_when_a_new_one_starts(engine):
    limit = Limit(4, 100)
    record(engine, "k", limit, now=1000.0)
    record(engine, "other", limit, now=1300.0)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ThrottleCount)) == 1


def test_concurrent_writers_from_separate_engines_lose_no_count(database_url):
    # Separate engines stand for separate worker processes.
    engines = [make_engine(database_url) for _ in range(4)]
    limit = Limit(1000, 100)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda i: record(engines[i % 4], "race", limit, now=500.0), range(40)))
        assert attempts(engines[0], "race", limit, now=500.0) == 40
    finally:
        for e in engines:
            with e.begin() as conn:
                conn.execute(ThrottleCount.__table__.delete())
            e.dispose()


def test_limits_of_different_lengths_keep_their_own_counts(engine):
    logins, links = Limit(3, 900), Limit(4, 100)
    record(engine, "login:a", logins, now=10_000.0)
    record(engine, "link:b", links, now=10_050.0)  # a new 100-second window starts
    assert attempts(engine, "login:a", logins, now=10_060.0) > 0
