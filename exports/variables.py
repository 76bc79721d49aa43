"""The export's variables: one per data column, derived from the target questionnaire.

Single choice, likert and matrix rows keep their codes; a multiple-choice question becomes one
0/1 column per option ("key.code": chosen or not); a ranking one column per option holding the
rank given to it ("key.code": 1 = first); numbers, dates and texts stay as they are. Missing
codes ("don't know", "not applicable") stay as their codes and are listed per variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from peiling.cleaning.dataset import META_COLUMNS
from peiling.questionnaires.carry_forward import STATUS_SUFFIX, status_column

# What each meta column holds (the data sheets, the codebook and the SPSS labels).
# The meta columns' labels (codebook, SPSS, Stata): (English, Dutch).
_META_TEXTS = {
    "response_id": ("Response id", "Respons-id"),
    "wave": ("Wave", "Golf"),
    "version": ("Questionnaire version answered in", "Vragenlijstversie waarin geantwoord"),
    "weight": (
        "Design weight (municipality weight x org_weight)",
        "Ontwerpgewicht (gewicht gemeente x org_weight)",
    ),
    "organisation_code": (
        "Organisation code (at the time of the wave)",
        "Organisatiecode (ten tijde van de golf)",
    ),
    "organisation_name": (
        "Organisation name (at the time of the wave)",
        "Naam organisatie (ten tijde van de golf)",
    ),
    "current_code": ("Organisation code (today's division)", "Organisatiecode (huidige indeling)"),
    "current_name": ("Organisation name (today's division)", "Naam organisatie (huidige indeling)"),
    "province": ("Province", "Provincie"),
    "safety_region": ("Safety region", "Veiligheidsregio"),
    "population": ("Population", "Inwoners"),
    "size_class": ("Size class (population)", "Grootteklasse (inwoners)"),
    "role": ("Respondent's domain", "Domein respondent"),
    "contributing_roles": (
        "Domains whose answers stand in the response (one shared response per municipality "
        "when the municipality answers as a whole)",
        "Domeinen waarvan antwoorden in de respons staan (één gedeelde respons per gemeente als "
        "de gemeente als geheel antwoordt)",
    ),
    "language": ("Language answered in", "Taal waarin geantwoord"),
    "submitted": (
        "Submitted (1) or kept partial response (0)",
        "Ingediend (1) of bewaarde gedeeltelijke respons (0)",
    ),
    "share_answered": (
        "Share of the shown questions answered",
        "Aandeel beantwoorde getoonde vragen",
    ),
    "duration_minutes": (
        "Minutes from start to submit (or last save)",
        "Minuten van start tot indienen (of laatste keer opslaan)",
    ),
    "flag_partial": ("Flag: partial response", "Markering: gedeeltelijke respons"),
    "flag_straightlining": ("Flag: straight-lining", "Markering: rechtlijnig antwoorden"),
    "flag_speeder": ("Flag: speeder", "Markering: te snel ingevuld"),
    "org_responses": ("Responses of this organisation", "Responsen van deze organisatie"),
    "org_weight": (
        "Weight: 1 / responses of this organisation",
        "Gewicht: 1 / responsen van deze organisatie",
    ),
    "org_primary": (
        "Primary response of this organisation",
        "Primaire respons van deze organisatie",
    ),
}


def meta_label(name: str, lang: str) -> str:
    """Return the label of a meta column in a language (its name when it has none)."""
    if name.endswith(STATUS_SUFFIX):
        key = name[: -len(STATUS_SUFFIX)]
        if lang == "nl":
            return f"{key}: antwoord van vorig jaar bevestigd, gewijzigd of nieuw"
        return f"{key}: last year's answer confirmed, changed or new"
    texts = _META_TEXTS.get(name)
    if texts is None:
        return name
    return texts[1] if lang == "nl" else texts[0]


SCALAR_CODE_TYPES = ("single_choice", "likert", "matrix")
TEXT_TYPES = ("short_text", "long_text")


@dataclass
class Variable:
    """One data column of the export."""

    name: str
    question: object
    storage_key: str
    kind: str  # code, chosen, rank, number, date, text
    row: object = None
    option: object = None
    value_labels: dict = field(default_factory=dict)  # code -> Text
    missing: tuple = ()  # missing codes
    version: str | None = None  # the version of the question (a dropped or original column)
    original_of: str | None = None  # for "key@version": the harmonised key beside it

    @property
    def numeric(self) -> bool:
        """Tell whether the column holds numbers."""
        return self.kind in ("code", "chosen", "rank", "number")

    def label(self, lang: str) -> str:
        """Return the variable's label: question text, row text or option label."""
        text = self.question.text.get(lang)
        if self.row is not None:
            text += " - " + self.row.text.get(lang)
        if self.option is not None:
            text += " - " + self.option.label.get(lang)
        if self.original_of is not None or (self.version and "@" in self.storage_key):
            from peiling.exports.labels import text as fixed

            text = fixed(lang, "original_of", text=text, version=self.version)
        return text


def variables(questionnaire) -> list[Variable]:
    """Return the variables of a questionnaire in its order."""
    return [
        item
        for question in questionnaire.questions()
        for key in question.storage_keys()
        for item in key_variables(question, key)
    ]


def key_variables(question, key: str, column: str | None = None, **extra) -> list[Variable]:
    """Return the variables of one storage key; column names the data column (default key)."""
    column = column or key
    kind = question.type
    if kind in SCALAR_CODE_TYPES:
        labels = {o.code: o.label for o in question.all_options()}
        missing = tuple(o.code for o in question.missing)
        row = question.row(key.split(".", 1)[1]) if kind == "matrix" else None
        return [Variable(column, question, column, "code", row, None, labels, missing, **extra)]
    if kind in ("multiple_choice", "ranking"):
        what = "chosen" if kind == "multiple_choice" else "rank"
        return [
            Variable(f"{column}.{o.code}", question, column, what, None, o, **extra)
            for o in question.options
        ]
    what = kind if kind in ("number", "date") else "text"
    return [Variable(column, question, column, what, **extra)]


def export_variables(comparison) -> list[Variable]:
    """Return every data column of a series of waves: the target's variables, then the
    questions dropped on the way (for the waves that asked them), then the answers as given
    where a code map changed them ("key@version", beside the mapped column)."""
    target = comparison.versions[comparison.target]
    result = variables(target)
    for key, home in comparison.homes().items():
        if home != comparison.target:
            question = comparison.versions[home].question_for_storage_key(key)
            result.extend(key_variables(question, key, version=home))
    seen = set()
    for _, version in comparison.waves:
        if version in seen or version not in comparison.versions:
            continue
        seen.add(version)
        questionnaire = comparison.versions[version]
        for own_key, name in comparison.kept_originals(version).items():
            if name == own_key:
                continue  # a dropped question: listed above under its own key
            question = questionnaire.question_for_storage_key(own_key)
            harmonised = _harmonised_key(comparison, version, own_key)
            result.extend(
                key_variables(question, own_key, name, version=version, original_of=harmonised)
            )
    return result


def _harmonised_key(comparison, version: str, own_key: str) -> str | None:
    for key, item in (comparison.chain(version, comparison.target) or {}).items():
        if item.previous_key == own_key and item.carries_over:
            return key
    return None


def carried_columns(data: pd.DataFrame, items: list[Variable]) -> list[str]:
    """Return the outcome columns (confirmed, changed, new) of the carried-forward variables."""
    names = [
        status_column(item.storage_key)
        for item in items
        if getattr(item.question, "carried_forward", False) and item.version is None
    ]
    return [name for name in dict.fromkeys(names) if name in data.columns]


def wide_frame(
    data: pd.DataFrame, items: list[Variable], meta: bool = True, offered: dict | None = None
) -> pd.DataFrame:
    """Return one column per variable (after the meta columns), list answers spread out.

    ``offered`` maps a storage key to the codes the wave offered: a multiple-choice option
    the wave did not offer is blank ("not asked"), never 0 ("not chosen").
    """
    columns: dict[str, pd.Series] = {}
    if meta:
        for name in META_COLUMNS:
            if name in data.columns:
                columns[name] = data[name]
    index = data.index
    spread: dict[str, dict[int, np.ndarray]] = {}
    for item in items:
        source = data[item.storage_key] if item.storage_key in data.columns else None
        if source is None:
            columns[item.name] = pd.Series(np.nan if item.numeric else None, index=index)
        elif item.kind in ("chosen", "rank"):
            if item.storage_key not in spread:
                spread[item.storage_key] = _spread(source, item.kind)
            answered, positions = spread[item.storage_key]
            values = positions.get(item.option.code)
            known = offered.get(item.storage_key) if offered else None
            if known is not None and item.option.code not in known:
                values = np.full(len(index), np.nan)
            if values is None:
                values = np.where(answered, 0.0, np.nan) if item.kind == "chosen" else None
            if values is None:
                values = np.full(len(index), np.nan)
            columns[item.name] = pd.Series(values, index=index, dtype="float64")
        elif item.kind in ("code", "number"):
            columns[item.name] = pd.to_numeric(source, errors="coerce").astype("float64")
        else:
            columns[item.name] = source.astype(object).where(source.notna(), None)
    if meta:
        for name in carried_columns(data, items):
            columns[name] = data[name].astype(object).where(data[name].notna(), None)
    return pd.DataFrame(columns, index=index)


def _spread(source: pd.Series, kind: str) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Return (answered mask, {code: column}) for a list column: 0/1 chosen, or the rank."""
    values = source.tolist()
    n = len(values)
    answered = np.zeros(n, dtype=bool)
    columns: dict[int, np.ndarray] = {}
    for i, value in enumerate(values):
        if not isinstance(value, list | tuple) or not value:
            continue
        answered[i] = True
        for position, code in enumerate(value, start=1):
            try:
                code = int(code)
            except (TypeError, ValueError):
                continue
            column = columns.get(code)
            if column is None:
                column = columns[code] = np.full(n, np.nan)
            column[i] = 1.0 if kind == "chosen" else float(position)
    if kind == "chosen":
        for column in columns.values():
            column[answered & np.isnan(column)] = 0.0
    return answered, columns


def as_date(value) -> date | None:
    """Return a stored date answer (ISO text or date) as a date, or None when it is not one."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
