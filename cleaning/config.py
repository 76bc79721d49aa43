"""The cleaning rules' settings, each with its default and what it means."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from peiling.errors import UserError
from peiling.vocabulary import DIVISIONS

ROLE_PRIORITY = ("safety", "social", "other")


@dataclass(frozen=True)
class CleaningConfig:
    """How the cleaning rules behave; every rule can be switched off or tuned here."""

    # Which responses count: submitted ones always; a partial (never submitted) response is
    # kept, flagged, when it answered at least this share of the questions shown to it.
    keep_partial: bool = True
    min_share_answered: float = 0.5
    # One response per invitation, and per person: the same address (case-insensitive) at one
    # organisation listed twice counts once. Kept: submitted before partial, then the most
    # answered, then the latest saved.
    deduplicate: bool = True
    # Answers to questions that conditions hide (given the other answers) are removed.
    remove_hidden: bool = True
    # Codes a question does not have are removed (answers from a changed form, typing errors).
    remove_invalid_codes: bool = True
    # Open answers: control characters removed, whitespace collapsed, kept otherwise.
    normalise_text: bool = True
    # Straight-lining: a response whose answered matrices (at least straightline_min_rows rows
    # with a substantive answer each, and at least straightline_min_matrices of them) each got
    # one and the same value in every row.
    straightline_min_rows: int = 4
    straightline_min_matrices: int = 2
    # Speeders: submitted in less than this share of the median completion time of the wave.
    speeder_share_of_median: float = 0.3
    # Municipality-level results: one response per organisation is marked primary (role order
    # below, then the most answered, then the earliest submitted); org_weight = 1 / the number
    # of kept responses of the organisation, so each municipality weighs 1 in total.
    role_priority: tuple[str, ...] = ROLE_PRIORITY
    # Trends: earlier waves reported on today's division of municipalities ("current") or as
    # they were when the wave ran ("historical").
    division: str = "current"

    def __post_init__(self) -> None:
        if not 0 <= self.min_share_answered <= 1:
            raise UserError("min_share_answered must lie between 0 and 1")
        if not 0 <= self.speeder_share_of_median <= 1:
            raise UserError("speeder_share_of_median must lie between 0 and 1")
        if self.division not in DIVISIONS:
            raise UserError("division must be 'current' or 'historical'")

    def as_dict(self) -> dict:
        """Return the settings as plain data, for the cleaning report."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict | None) -> CleaningConfig:
        """Build a config from plain data; unknown names are a user error."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise UserError(f"unknown cleaning setting(s): {', '.join(unknown)}")
        if "role_priority" in values:
            values["role_priority"] = tuple(values["role_priority"])
        return cls(**values)
