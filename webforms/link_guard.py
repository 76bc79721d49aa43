"""Answer failed link attempts: count them per client, and past the limit ask to slow down.

Only failures count and only failures are refused: a valid token is always answered, so a guesser
(or anyone sharing a proxy's address with one) never locks a respondent out. Past the limit an
unknown token gets 429 with Retry-After at once instead of 404; sleeping instead would hold a
worker thread per guess and let a guesser starve the respondents.
"""

from __future__ import annotations

import ipaddress

from flask import Response, current_app, render_template, request

from peiling.models.db import engine_for
from peiling.webforms import throttle

PURPOSE = "link"


def client_key() -> str:
    """Return the throttle key of this request's client: its address, or its IPv6 /64 network."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"{PURPOSE}:{address[:100]}"
    if ip.version == 6:  # one subscriber holds a whole /64
        return f"{PURPOSE}:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"{PURPOSE}:{ip}"


def failed_attempt(page) -> Response | tuple:
    """Count a failed link attempt of this client; return its page, or 429 past the limit."""
    limit = throttle.parse_limit(current_app.config["TOKEN_RATE_LIMIT"])
    engine = engine_for(current_app.config["DATABASE_URL"])
    key = client_key()
    if throttle.is_blocked(engine, key, limit):
        response = current_app.make_response(
            (render_template("too_many.html", minutes=max(1, limit.seconds // 60)), 429)
        )
        response.headers["Retry-After"] = str(limit.seconds)
        return response
    throttle.record(engine, key, limit)
    return page
