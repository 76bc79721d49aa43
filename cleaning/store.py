"""Keep cleaned waves in shared storage, and hand them to the exports without re-cleaning.

Each wave is stored as ``cleaned/<survey>/<label>/cleaned-<division>.pkl`` (a pickled
CleanedWave; only peiling writes and reads it) beside ``report-<division>.json`` and ``.md``.
A stored dataset is used only while its fingerprint still matches the database (responses and
their last change, invitations sent and opened, the questionnaire versions, the organisations
and the mergers in effect today, the rules); otherwise the wave is cleaned again and stored anew.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling import storage
from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.dataset import META_COLUMNS, CleanedWave
from peiling.cleaning.rules import note_text
from peiling.cleaning.wave import clean_wave
from peiling.models.carry_forward import previous_wave
from peiling.models.invitation import Invitation
from peiling.models.organisation import Organisation
from peiling.models.questionnaire_store import latest_version
from peiling.models.response import Response
from peiling.models.wave import Wave
from peiling.models.wave_lifecycle import get_wave
from peiling.vocabulary import DIVISIONS


def wave_folder(data_path: Path, survey_key: str, label: str) -> str:
    """Return the storage location of a wave's cleaned data and reports."""
    return storage.join(storage.root(data_path), "cleaned", survey_key, label)


def fingerprint(session: Session, wave: Wave, config: CleaningConfig) -> str:
    """Return a digest of everything the cleaned dataset of a wave depends on."""
    count, last, ids = session.execute(
        select(func.count(Response.id), func.max(Response.updated_at), func.sum(Response.id)).where(
            Response.wave_id == wave.id
        )
    ).one()
    invitations = session.execute(
        select(
            Invitation.status,
            func.count(Invitation.id),
            func.sum(Invitation.id),
            func.max(Invitation.sent_at),
            func.max(Invitation.first_opened_at),
        )
        .where(Invitation.wave_id == wave.id)
        .group_by(Invitation.status)
        .order_by(Invitation.status)
    ).all()
    orgs = session.execute(
        select(func.count(Organisation.id), func.max(Organisation.updated_at))
    ).one()
    # Today's division changes on the day a merger takes effect, not every day.
    mergers = session.execute(
        select(func.count(Organisation.id), func.max(Organisation.valid_until)).where(
            Organisation.successor_id.is_not(None), Organisation.valid_until <= date.today()
        )
    ).one()
    target = latest_version(session, wave.survey_key)
    # Last year's answers decide whether a carried-forward answer was confirmed or changed.
    before = previous_wave(session, wave)
    last_year = (
        session.execute(
            select(func.count(Response.id), func.max(Response.updated_at)).where(
                Response.wave_id == before.id, Response.submitted_at.is_not(None)
            )
        ).one()
        if before is not None
        else (0, None)
    )
    parts = [
        wave.id,
        count,
        str(last),
        ids,
        [tuple(map(str, row)) for row in invitations],
        wave.questionnaire_version.checksum,
        target.checksum if target else "",
        orgs[0],
        str(orgs[1]),
        mergers[0],
        str(mergers[1]),
        json.dumps(config.as_dict(), sort_keys=True),
        _code_version(),
        ",".join(META_COLUMNS),  # a dataset stored with other columns is cleaned again
        before.id if before is not None else "",
        last_year[0],
        str(last_year[1]),
        "carried",  # datasets stored before the carried-forward outcome columns are redone
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _code_version() -> str:
    from peiling import __version__

    return __version__


def report_data(cleaned: CleanedWave, config: CleaningConfig) -> dict:
    """Return the cleaning report as plain data."""
    return {
        "survey": cleaned.survey_key,
        "wave": cleaned.label,
        "version": cleaned.version,
        "target_version": cleaned.target_version,
        "division": config.division,
        "responses_kept": int(len(cleaned.data)),
        "invitations": int(len(cleaned.invitations)),
        "rules": [
            {
                "rule": r.rule,
                "description": r.description,
                "responses": r.responses,
                "answers": r.answers,
            }
            for r in cleaned.rules
        ],
        "notes": [note_text(note, "en") for note in cleaned.notes],
        "settings": config.as_dict(),
    }


def report_markdown(report: dict) -> str:
    """Return the cleaning report as a Markdown table (the flow artifact)."""
    lines = [
        f"# Cleaning report: {report['survey']} wave {report['wave']}",
        "",
        f"Answered in version {report['version']}, reported in version "
        f"{report['target_version']}; division: {report['division']}; "
        f"{report['responses_kept']} responses kept of {report['invitations']} invitations.",
        "",
        "| rule | what it does | responses | answers |",
        "| --- | --- | ---: | ---: |",
    ]
    lines += [
        f"| {r['rule']} | {r['description']} | {r['responses']} | {r['answers']} |"
        for r in report["rules"]
    ]
    if report["notes"]:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def save_cleaned(
    folder: str, cleaned: CleanedWave, config: CleaningConfig, stamp: str
) -> dict[str, str]:
    """Write the cleaned dataset and its report into a wave's folder; return the locations."""
    division = config.division
    report = report_data(cleaned, config)
    paths = {
        "data": storage.join(folder, f"cleaned-{division}.pkl"),
        "report": storage.join(folder, f"report-{division}.json"),
        "markdown": storage.join(folder, f"report-{division}.md"),
    }
    content = {"fingerprint": stamp, "cleaned": cleaned}
    storage.write_bytes(paths["data"], pickle.dumps(content, protocol=5))
    storage.write_text(paths["report"], json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    storage.write_text(paths["markdown"], report_markdown(report))
    return paths


def stored(folder: str, division: str, stamp: str) -> CleanedWave | None:
    """Return the stored cleaned wave when its fingerprint matches, else None."""
    path = storage.join(folder, f"cleaned-{division}.pkl")
    if not storage.exists(path):
        return None
    content = pickle.loads(storage.read_bytes(path))
    return content["cleaned"] if content.get("fingerprint") == stamp else None


def forget_stored(data_path: Path, survey_key: str, label: str) -> int:
    """Delete a wave's stored cleaned datasets (its reports stay); return how many went.

    The next export cleans the wave again from the database.
    """
    folder = wave_folder(data_path, survey_key, label)
    return sum(storage.remove(storage.join(folder, f"cleaned-{d}.pkl")) for d in DIVISIONS)


def load_cleaned_waves(
    session: Session,
    survey_key: str,
    labels: list[str],
    division: str = "current",
    data_path: Path | None = None,
    config: CleaningConfig | None = None,
) -> list[CleanedWave]:
    """Return the cleaned waves in label order: stored ones when current, else cleaned now.

    Without a config, each wave keeps the settings it was last cleaned with (`peiling clean`
    options), or the defaults.
    """
    if data_path is None:
        from peiling.settings import get_settings

        data_path = get_settings().data_path
    result = []
    for label in labels:
        wave = get_wave(session, survey_key, label)
        folder = wave_folder(data_path, survey_key, label)
        if config is None:
            wave_settings = wave_config(data_path, wave, division)
        else:
            wave_settings = CleaningConfig.from_dict({**config.as_dict(), "division": division})
        stamp = fingerprint(session, wave, wave_settings)
        cleaned = stored(folder, division, stamp)
        if cleaned is None:
            cleaned = clean_wave(session, wave, config=wave_settings)
            save_cleaned(folder, cleaned, wave_settings, stamp)
        result.append(cleaned)
    return result


def wave_config(
    data_path: Path, wave: Wave, division: str, changes: dict | None = None
) -> CleaningConfig:
    """Return the settings a wave was last cleaned with (or the defaults), with changes applied."""
    base = last_settings(wave_folder(data_path, wave.survey_key, wave.label), division)
    return CleaningConfig.from_dict({**base.as_dict(), **(changes or {}), "division": division})


def is_up_to_date(session: Session, wave: Wave, data_path: Path, config: CleaningConfig) -> bool:
    """Tell whether the wave's stored dataset still matches its data and these settings."""
    folder = wave_folder(data_path, wave.survey_key, wave.label)
    return stored(folder, config.division, fingerprint(session, wave, config)) is not None


def last_settings(folder: str, division: str) -> CleaningConfig:
    """Return the settings a wave was last cleaned with (from its report), or the defaults."""
    path = storage.join(folder, f"report-{division}.json")
    if not storage.exists(path):
        return CleaningConfig()
    settings = json.loads(storage.read_text(path)).get("settings", {})
    return CleaningConfig.from_dict(settings)
