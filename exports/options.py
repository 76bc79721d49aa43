"""What an export is made of: the cleaned waves, their questionnaires and the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from peiling.errors import UserError
from peiling.questionnaires.comparability import Comparability, WaveComparison
from peiling.vocabulary import CSV_DIALECTS, EXPORT_UNITS, LANGUAGES

if TYPE_CHECKING:  # pandas only where data is read, not in every process that names options
    from peiling.cleaning.dataset import CleanedWave


@dataclass
class TrendInput:
    """Cleaned waves in label order, the questionnaire versions, and comparability per pair.

    ``versions`` holds every questionnaire version the waves were answered in plus the target
    version (by version name); ``comparability`` maps (older label, newer label) of each pair
    of consecutive waves to the comparability of every storage key of the target version.
    """

    waves: list[CleanedWave]
    versions: dict
    comparability: dict[tuple[str, str], dict[str, Comparability]]
    division: str = "current"
    contact_names: list[str] = field(default_factory=list)  # names to mask in open answers
    # per wave label the municipalities active on its date (exports/population.py); empty:
    # no organisation list, so no municipality-level response and no weights
    populations: dict = field(default_factory=dict)
    _wide: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def comparison(self) -> WaveComparison:
        """Return the comparability of these waves per key and pair (built once)."""
        if "comparison" not in self._wide:
            waves = [(w.label, w.version) for w in self.waves]
            self._wide["comparison"] = WaveComparison(
                self.versions, waves, self.waves[-1].target_version
            )
        return self._wide["comparison"]

    def variables(self) -> list:
        """Return every data column of the waves (see exports.variables.export_variables)."""
        from peiling.exports.variables import export_variables

        if "variables" not in self._wide:
            self._wide["variables"] = export_variables(self.comparison)
        return self._wide["variables"]

    def offered(self, wave: CleanedWave) -> dict:
        """Return per key the codes a wave offered, in the codes of the data."""
        homes = self.comparison.homes()
        return {key: self.comparison.wave_item(wave.label, key).offered for key in homes}

    def wide(self, wave: CleanedWave, unit: str = "response"):
        """Return a wave's rows as one column per variable (kept once per wave and unit)."""
        from peiling.exports.variables import wide_frame

        key = (wave.label, unit)
        if key not in self._wide:
            data = wave.data
            if unit == "organisation" and "org_primary" in data.columns:
                data = data[data["org_primary"].astype(bool)]
            self._wide[key] = wide_frame(data, self.variables(), offered=self.offered(wave))
        return self._wide[key]

    def forget(self, wave: CleanedWave) -> None:
        """Drop the kept wide rows of a wave (after its data sheet is written)."""
        for key in [k for k in self._wide if isinstance(k, tuple) and k[0] == wave.label]:
            del self._wide[key]

    @property
    def target(self):
        """Return the questionnaire whose keys and codes the cleaned data use."""
        return self.versions[self.waves[-1].target_version]

    @property
    def labels(self) -> list[str]:
        """Return the wave labels in order."""
        return [w.label for w in self.waves]

    def pairs(self) -> list[tuple[str, str]]:
        """Return the consecutive pairs of wave labels."""
        labels = self.labels
        return list(zip(labels, labels[1:], strict=False))


@dataclass(frozen=True)
class ExportOptions:
    """How to write: language of headings, small-cell threshold, unit of analysis."""

    lang: str = "nl"
    small_cell_k: int = 5
    unit: str = "response"  # every kept response, or one (primary) response per organisation
    made_at: datetime | None = None
    made_by: str = ""
    extra_notes: list[str] = field(default_factory=list)
    # Disclosure control (exports/disclosure.py). The defaults protect the respondents:
    microdata: bool = False  # xlsx: the row-level data sheets instead of the tables
    restricted: bool = False  # the personal answers and open text, for the follow-up team
    pseudonymise: bool = True  # row-level data: organisation codes as keyed pseudonyms
    pseudonym_key: bytes = b""  # the key of the pseudonyms (the secret key)
    # Design-based estimates (exports/design.py): non-response weights raked to the
    # organisation list, finite-population correction, standard errors clustered by
    # municipality. False: unweighted, every answer an independent observation.
    weights: bool = True
    dialect: str = "standard"  # long CSV: standard (comma, point) or nl (semicolon, comma)

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        if self.unit not in EXPORT_UNITS:
            raise ValueError(f"unit must be one of {EXPORT_UNITS}")
        if self.dialect not in CSV_DIALECTS:
            raise ValueError(f"dialect must be one of {CSV_DIALECTS}")
        if self.microdata and self.restricted:
            raise ValueError("choose microdata or restricted, not both")

    @property
    def contents(self) -> str:
        """Return what the export holds: tables, microdata or restricted (answers as given)."""
        if self.restricted:
            return "restricted"
        return "microdata" if self.microdata else "tables"

    @classmethod
    def from_settings(cls, settings, *, real_codes: bool = False, **choices) -> ExportOptions:
        """Return the options of an export made now: threshold and pseudonym key from settings."""
        if choices.get("microdata") and choices.get("restricted"):
            raise UserError("choose --microdata or --restricted, not both")
        return cls(
            small_cell_k=settings.small_cell_k,
            pseudonymise=not real_codes,
            pseudonym_key=settings.effective_secret_key.encode("utf-8"),
            **choices,
        )
