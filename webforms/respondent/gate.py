"""Pages shown instead of the questionnaire: not open yet, closed, no session.

Once a wave closes its links show only the closed page (the last day and the ESS contact), never
the answers, submitted or not: a link in an old mailbox opens nothing of that year's response.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from peiling.dates import last_day
from peiling.models.base import utcnow
from peiling.models.wave import WaveStatus
from peiling.webforms.respondent.context import Journey


def is_closed(journey: Journey) -> bool:
    """Tell whether the journey's wave no longer takes answers."""
    wave = journey.wave
    return wave.status == WaveStatus.CLOSED or utcnow() >= wave.closes_at


def wave_page(journey: Journey):
    """Return the before-open or closed page when the wave does not take answers, else None."""
    if journey.wave.status != WaveStatus.CLOSED and utcnow() < journey.wave.opens_at:
        return render_template(
            "respondent/before_open.html", opens_at=journey.wave.opens_at, journey=journey
        )
    if is_closed(journey):
        return render_template(
            "respondent/closed.html",
            contact_email=current_app.config["CONTACT_EMAIL"],
            last_day=last_day(journey.wave.closes_at, journey.wave.closed_at),
        )
    return None


def stop_for(journey: Journey | None, allow_submitted: bool = False):
    """Return the response that replaces a questionnaire page, or None to go on."""
    if journey is None:
        return no_session()
    closed = wave_page(journey)
    if closed is not None:
        return closed
    if journey.submitted and not allow_submitted:
        return redirect(url_for("respondent.submitted"))
    return None


def no_session(lost: bool = False):
    """Return the page that asks to open the personal link again (saying when input was lost)."""
    return render_template("respondent/no_session.html", lost=lost), 403
