"""The municipalities a wave could reach, and how many of them responded (municipality level)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.cleaning.dataset import size_class

# Columns of a population frame: one row per municipality active on the wave's date.
POPULATION_COLUMNS = ["current_code", "province", "size_class", "safety_region"]


def municipalities_on(session: Session, on: date, division: str = "current") -> pd.DataFrame:
    """Return the municipalities active on a day (today's successors under the current division)."""
    from peiling.cleaning.division import current_ids
    from peiling.models.organisation import Organisation

    rows = session.execute(
        select(
            Organisation.id,
            Organisation.code,
            Organisation.province,
            Organisation.safety_region,
            Organisation.population,
            Organisation.successor_id,
            Organisation.valid_from,
            Organisation.valid_until,
        ).where(Organisation.kind == "municipality")
    ).all()
    columns = ["organisation_id", "code", "province", "safety_region", "population"]
    columns += ["successor_id", "valid_from", "valid_until"]
    orgs = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    if orgs.empty:
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    starts = pd.to_datetime(orgs["valid_from"], errors="coerce")
    ends = pd.to_datetime(orgs["valid_until"], errors="coerce")
    day = pd.Timestamp(on)
    active = (starts.isna() | (starts <= day)) & (ends.isna() | (ends > day))
    ids = orgs.loc[active, "organisation_id"]
    if division == "current":
        ids = ids.map(current_ids(orgs, date.today())).drop_duplicates()
    chosen = orgs.set_index("organisation_id").loc[ids.to_numpy()]
    return pd.DataFrame(
        {
            "current_code": chosen["code"].to_numpy(),
            "province": chosen["province"].to_numpy(),
            "size_class": [size_class(p) for p in chosen["population"]],
            "safety_region": chosen["safety_region"].to_numpy(),
        }
    )


@dataclass(frozen=True)
class MunicipalResponse:
    """Municipalities of a wave: active on its date, invited, and responding (kept responses)."""

    responding: int
    active: int
    invited: int

    @property
    def rate(self) -> float | None:
        """Return the share of active municipalities that responded."""
        return self.responding / self.active if self.active else None

    def words(self, lang: str) -> str:
        """Return the response as "265 van 342" (nl) or "265 of 342" (en)."""
        return f"{self.responding} {'van' if lang == 'nl' else 'of'} {self.active}"


def municipal_response(wave, population: pd.DataFrame | None) -> MunicipalResponse:
    """Return how many municipalities a wave reached and how many responded."""
    responding = set(wave.data["current_code"].dropna()) if "current_code" in wave.data else set()
    invited = wave.invitations
    invited_codes = set(invited.loc[invited["sent"].astype(bool), "current_code"].dropna())
    if population is None or population.empty:
        active = len(invited_codes | responding)
    else:
        active = int(population["current_code"].nunique())
    return MunicipalResponse(len(responding), active, len(invited_codes))
