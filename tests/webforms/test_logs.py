"""No working token ever reaches a log line: gunicorn's access log and the app's own logs."""

from __future__ import annotations

import logging
import urllib.error

import pytest

from peiling.models.inviting import opt_out_link_for
from peiling.webforms.redact import redact
from tests.webforms.conftest import SECRET
from tests.webforms.gunicorn import fetch, gunicorn


def test_gunicorn_logs_no_token(database_url, small, tmp_path):
    opt_out = opt_out_link_for(small.invitation, "", SECRET)
    with gunicorn(database_url, tmp_path) as (base, log):
        fetch(base + small.link).read()  # follows the redirect to /vragenlijst
        fetch(base + opt_out).read()
        with pytest.raises(urllib.error.HTTPError):
            fetch(base + "/r/" + "Z" * 43 + "?x=1")
    text = log.read_text()
    assert "GET /r/[token] HTTP/1.1" in text and "/afmelden/[token]" in text
    assert small.token not in text and opt_out.rsplit("/", 1)[1] not in text
    assert "Z" * 43 not in text


def test_the_app_logger_redacts_tokens(app, caplog):
    with caplog.at_level(logging.ERROR):
        app.logger.error("Exception on %s [GET]", "/r/" + "Q" * 43)
    assert "Exception on /r/[token] [GET]" in caplog.text and "Q" * 43 not in caplog.text


@pytest.mark.parametrize(
    "line",
    [
        '"GET /r/sEcReT%2Fdef HTTP/1.1"',
        "/afmelden/12/" + "x" * 43,
        "Referer: https://h/r/sEcReT?a=b",
    ],
)
def test_redact_covers_encoded_and_two_part_tokens(line):
    assert "[token]" in redact(line)
    assert "sEcReT" not in redact(line) and "x" * 43 not in redact(line)
