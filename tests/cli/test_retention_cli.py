"""`peiling retention apply`: lists what goes per wave and table first, then deletes it once."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from peiling import settings as peiling_settings
from peiling.models import AuditEntry, Contact, Invitation
from peiling.models.db import session_scope
from tests.cli.test_export_cli import run


def _table(out: str) -> dict[str, list[int]]:
    rows = re.findall(r"^(ess-behoeftepeiling \d{4}|total)\s+([\d ]+)$", out, re.M)
    return {name: [int(n) for n in numbers.split()] for name, numbers in rows}


def _live_tokens(label: str) -> int:
    from peiling.models import Wave

    with session_scope() as session:
        return session.scalar(
            select(func.count())
            .select_from(Invitation)
            .join(Wave, Wave.id == Invitation.wave_id)
            .where(Wave.label == label, Invitation.token_digest.not_like("removed-%"))
        )


def test_dry_run_then_apply_then_nothing_more(capsys, settings, engine, monkeypatch):
    # Simulated waves close in April of their year: with 2 years, 2024 is old, 2025 is not.
    code, _, err = run(capsys, "simulate", "--waves", "2024,2025", "--organisations", "6")
    assert code == 0, err
    peiling_settings.override(retention_years="2")
    invited = _live_tokens("2024")
    assert invited > 0

    code, out, err = run(capsys, "retention", "apply", "--dry-run")
    assert code == 0, err
    assert "(PEILING_RETENTION_YEARS=2): 1" in out and "Dry run: nothing deleted." in out
    header = out.splitlines()[1].split()
    assert header == ["wave", "contact", "invitation", "mail_log", "response", "answer_change"]
    table = _table(out)
    assert set(table) == {"ess-behoeftepeiling 2024", "total"}
    # every contact of 2024 is invited in 2025 too: they keep their data; the links go
    assert table["ess-behoeftepeiling 2024"][:2] == [0, invited]
    assert _live_tokens("2024") == invited

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, err = run(capsys, "retention", "apply")
    assert code == 1 and "Aborted" in err
    assert _live_tokens("2024") == invited

    code, out, err = run(capsys, "retention", "apply", "--yes")
    assert code == 0, err
    assert "Deleted:" in out and "in one transaction" in out
    assert _live_tokens("2024") == 0 and _live_tokens("2025") > 0
    with session_scope() as session:
        assert session.scalar(select(func.count()).where(Contact.email.contains("@"))) > 0
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("retention.apply") == 2  # the wave, and the run

    code, out, err = run(capsys, "retention", "apply", "--yes")
    assert code == 0 and "Nothing to delete." in out and "Deleted" not in out
    assert _table(out)["total"] == [0, 0, 0, 0, 0]
