"""Comparison of two questionnaire versions: one Comparability per answer item.

A newer version declares per question how it relates to the previous version (``change:``, see
questionnaires/FORMAT.md); what it leaves unsaid is inferred only when that is safe (same key,
same type, same text, same options) and reported otherwise. ``compare_versions`` turns this into
one ``Comparability`` per storage key; ``comparability_problems`` lists what would silently
break a trend. Everything else that asks whether two waves compare asks this module too:
``comparison_chain`` relates two versions over several years, ``pair_comparability`` and
``wave_comparability`` relate waves, ``harmonise_answers`` and ``map_value`` carry answers over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peiling.errors import UserError
from peiling.questionnaires.definition import Change, Dropped

SAME = "same"
COMPARABLE = "comparable"
RECODED = "recoded"
RESCALED = "rescaled"
NOT_COMPARABLE = "not_comparable"
NEW = "new"
DROPPED = "dropped"

STATUSES = (SAME, COMPARABLE, RECODED, RESCALED, NOT_COMPARABLE, NEW, DROPPED)
# Statuses a question may declare under ``change:`` (``dropped`` is declared at the top level).
DECLARABLE = (SAME, COMPARABLE, RECODED, RESCALED, NOT_COMPARABLE, NEW)
# Statuses whose answers carry over to the newer version (after the code map, if any).
CARRIED = (SAME, COMPARABLE, RECODED, RESCALED)


@dataclass
class Comparability:
    """How one storage key of the newer version relates to the older version.

    ``previous_key`` is the older storage key the answers come from (None for new keys);
    ``code_map`` maps older codes to newer ones (None: codes are kept as they are; a code
    mapped to None has no equivalent and becomes unanswered). Dropped keys are keyed by
    their older storage key.
    """

    status: str
    previous_key: str | None = None
    code_map: dict[int, int | None] | None = None
    note: str = ""
    inferred: bool = False
    problems: list[str] = field(default_factory=list)
    split: dict[int, tuple[int, ...]] | None = None  # older code -> newer codes it spread over

    @property
    def carries_over(self) -> bool:
        """Tell whether older answers count as answers to this key."""
        return self.status in CARRIED


def _text(value: Any) -> str:
    """Return the Dutch (default) text of a Text, str or None, whitespace-normalised."""
    if value is None:
        return ""
    if hasattr(value, "get"):
        try:
            value = value.get("nl")
        except TypeError:
            value = value.get("nl", "")
    return " ".join(str(value or "").split())


def _options(question) -> dict[int, str]:
    return {option.code: _text(option.label) for option in question.all_options()}


def _rows(question) -> dict[str, str]:
    return {row.key: _text(row.text) for row in (question.rows or [])}


def _storage_key(question, row: str | None) -> str:
    return f"{question.key}.{row}" if row is not None else question.key


def _declared(question) -> Change | None:
    return getattr(question, "change", None)


def _dropped(questionnaire) -> dict[str, Dropped]:
    return {d.key: d for d in (getattr(questionnaire, "dropped", None) or [])}


def compare_versions(older, newer) -> dict[str, Comparability]:
    """Return the comparability of every storage key of newer (and of dropped older keys)."""
    return _Comparison(older, newer).run()


def comparability_problems(older, newer) -> list[tuple[str, str]]:
    """List (key, message) for every change between two versions that would break a trend."""
    comparison = _Comparison(older, newer)
    result = comparison.run()
    problems = list(comparison.problems)
    for key, item in result.items():
        problems.extend((key, p) for p in item.problems)
    return problems


class _Comparison:
    """One comparison of two versions; collects results and problems."""

    def __init__(self, older, newer):
        self.older = older
        self.newer = newer
        self.old_questions = {q.key: q for q in older.questions()}
        self.problems: list[tuple[str, str]] = []
        self.claimed: dict[str, str] = {}  # older question key -> newer question key

    def run(self) -> dict[str, Comparability]:
        result: dict[str, Comparability] = {}
        for question in self.newer.questions():
            result.update(self._question(question))
        self._check_dropped(result)
        return result

    def _question(self, new) -> dict[str, Comparability]:
        change = _declared(new)
        previous_key = (change.previous_key if change else None) or new.key
        old = self.old_questions.get(previous_key)
        if change is not None and change.status == NEW:
            if new.key in self.old_questions and not self._key_released(new.key):
                return self._all(new, NEW, problem=self._reused_key(new.key))
            return self._all(new, NEW, note=change.note)
        if old is None:
            if change is not None and change.previous_key:
                problem = f"previous_key {change.previous_key!r} is not a question of the "
                problem += f"previous version {self.older.version}"
                return self._all(new, NOT_COMPARABLE, problem=problem)
            if change is not None and change.status != NEW:
                problem = f"declared {change.status!r}, but {self.older.version} has no "
                problem += f"question {new.key!r} (give previous_key, or declare new)"
                return self._all(new, NOT_COMPARABLE, problem=problem)
            note = "new question (not in the previous version)"
            return self._all(new, NEW, note=note, inferred=True)
        if previous_key in self.claimed:
            problem = f"{previous_key!r} of {self.older.version} is already continued by "
            problem += f"{self.claimed[previous_key]!r}"
            return self._all(new, NOT_COMPARABLE, problem=problem)
        self.claimed[previous_key] = new.key
        renamed = change is not None and change.previous_key
        if renamed and new.key in self.old_questions and not self._key_released(new.key):
            return self._all(new, NOT_COMPARABLE, problem=self._reused_key(new.key))
        if change is None:
            return self._infer(old, new)
        return self._declared_change(old, new, change)

    def _key_released(self, key: str) -> bool:
        """Tell whether an older key is free for reuse: declared dropped or renamed elsewhere."""
        if key in _dropped(self.newer):
            return True
        return any(
            (c := _declared(q)) is not None and c.previous_key == key
            for q in self.newer.questions()
            if q.key != key
        )

    def _reused_key(self, key: str) -> str:
        return (
            f"key {key!r} was a different question in {self.older.version}; a reused key "
            "would mix two questions in one trend (use a new key, or declare the old one dropped)"
        )

    def _all(self, new, status, *, note="", problem=None, inferred=False) -> dict:
        problems = [problem] if problem else []
        rows = [row.key for row in (new.rows or [])] or [None]
        return {
            _storage_key(new, row): Comparability(
                status, note=note or (problem or ""), inferred=inferred, problems=list(problems)
            )
            for row in rows
        }

    def _differences(self, old, new) -> list[str]:
        found = []
        if old.type != new.type:
            found.append(f"type {old.type} -> {new.type}")
        if _text(old.text) != _text(new.text):
            found.append("wording")
        old_opts, new_opts = _options(old), _options(new)
        if old_opts != new_opts:
            found.append("options")
        return found

    def _infer(self, old, new) -> dict[str, Comparability]:
        differences = self._differences(old, new)
        if not differences:
            return self._rows(old, new, SAME, None, "", inferred=True)
        if old.type != new.type:
            problem = self._reused_key(new.key)
            return self._all(new, NOT_COMPARABLE, problem=problem)
        old_opts, new_opts = _options(old), _options(new)
        problems = []
        changed_codes = sorted(c for c in old_opts if c in new_opts and old_opts[c] != new_opts[c])
        if changed_codes:
            problems.append(
                f"option code(s) {', '.join(map(str, changed_codes))} changed meaning "
                "without a declaration (declare a code_map, or not_comparable)"
            )
        elif "options" in differences:
            problems.append(
                "options changed without a declaration (declare recoded with a code_map, "
                "comparable, or not_comparable)"
            )
        if "wording" in differences:
            problems.append("reworded without a declaration (declare comparable or not_comparable)")
        note = "changed without a declaration: " + ", ".join(differences)
        return {
            key: Comparability(NOT_COMPARABLE, item.previous_key, None, note, True, problems)
            for key, item in self._rows(old, new, NOT_COMPARABLE, None, note).items()
        }

    def _declared_change(self, old, new, change: Change) -> dict[str, Comparability]:
        problems: list[str] = []
        status = change.status
        old_opts, new_opts = _options(old), _options(new)
        code_map = dict(change.code_map) if change.code_map is not None else None
        if status == NOT_COMPARABLE:
            return self._rows(old, new, status, None, change.note or "not comparable")
        if old.type != new.type and not (
            {old.type, new.type} <= {"likert", "single_choice"} and code_map is not None
        ):
            problems.append(
                f"type changed ({old.type} -> {new.type}); only not_comparable is possible"
            )
        if status == SAME and _text(old.text) != _text(new.text):
            problems.append("declared same, but the wording changed (declare comparable)")
        if status in (SAME, COMPARABLE) and old_opts != new_opts:
            problems.extend(self._option_changes(old_opts, new_opts))
        if status in (RECODED, RESCALED):
            if code_map is None:
                what = "scale" if status == RESCALED else "options"
                problems.append(f"declared {status}, but the {what} change has no code_map")
            else:
                problems.extend(self._check_map(code_map, old_opts, new_opts))
        if code_map is not None and status in (SAME, COMPARABLE):
            problems.append(f"a code_map needs status recoded or rescaled, not {status}")
        split = dict(change.split) if change.split else None
        if split:
            problems.extend(self._check_split(split, old_opts, new_opts))
        if code_map is not None and all(k == v for k, v in code_map.items()):
            code_map = None if status != RESCALED else code_map
        result = self._rows(
            old, new, status, code_map, change.note, problems=problems, row_map=change.row_map
        )
        if split:
            for item in result.values():
                if item.status not in (NEW, DROPPED):
                    item.split = split
        return result

    @staticmethod
    def _check_split(split, old_opts, new_opts) -> list[str]:
        problems = []
        unknown_old = sorted(k for k in split if k not in old_opts)
        if unknown_old:
            problems.append(f"split names unknown older code(s) {unknown_old}")
        unknown_new = sorted({c for v in split.values() for c in v if c not in new_opts})
        if unknown_new:
            problems.append(f"split names unknown newer code(s) {unknown_new}")
        return problems

    @staticmethod
    def _option_changes(old_opts: dict[int, str], new_opts: dict[int, str]) -> list[str]:
        problems = []
        for code in sorted(set(old_opts) & set(new_opts)):
            if old_opts[code] != new_opts[code]:
                problems.append(
                    f"option {code} changed meaning ({old_opts[code]!r} -> {new_opts[code]!r}) "
                    "without a code_map"
                )
        removed = sorted(set(old_opts) - set(new_opts))
        if removed:
            problems.append(f"option(s) {', '.join(map(str, removed))} removed without a code_map")
        return problems

    @staticmethod
    def _check_map(code_map, old_opts, new_opts) -> list[str]:
        problems = []
        unknown_old = sorted(k for k in code_map if k not in old_opts)
        if unknown_old:
            problems.append(f"code_map names unknown older code(s) {unknown_old}")
        unknown_new = sorted(v for v in code_map.values() if v is not None and v not in new_opts)
        if unknown_new:
            problems.append(f"code_map maps to unknown newer code(s) {unknown_new}")
        missing = sorted(set(old_opts) - set(code_map))
        if missing:
            problems.append(
                f"code_map leaves older code(s) {missing} unmapped (map them, or to null)"
            )
        return problems

    def _rows(
        self, old, new, status, code_map, note, *, inferred=False, problems=(), row_map=None
    ) -> dict[str, Comparability]:
        """Spread a question's relation over its storage keys (matrix rows one by one)."""
        old_rows, new_rows = _rows(old), _rows(new)
        if not new_rows:
            return {
                new.key: Comparability(
                    status, old.key, code_map, note, inferred=inferred, problems=list(problems)
                )
            }
        result = {}
        row_map = dict(row_map or {})
        claimed_rows = set()
        for row, text in new_rows.items():
            old_row = row_map.get(row, row)
            key = _storage_key(new, row)
            if old_row not in old_rows:
                if row in row_map:
                    result[key] = Comparability(
                        NOT_COMPARABLE,
                        note=f"row_map names unknown older row {old_row!r}",
                        problems=[f"row_map names unknown older row {old_row!r}"],
                    )
                else:
                    result[key] = Comparability(
                        NEW, note="new row (not in the previous version)", inferred=True
                    )
                continue
            claimed_rows.add(old_row)
            row_problems = list(problems)
            row_status = status
            if old_rows[old_row] != text and status == SAME:
                if inferred:
                    row_status = NOT_COMPARABLE
                row_problems.append(
                    f"row {row!r} reworded without a declaration "
                    "(declare comparable or not_comparable)"
                )
            result[key] = Comparability(
                row_status,
                _storage_key(old, old_row),
                code_map,
                note,
                inferred=inferred,
                problems=row_problems,
            )
        for old_row in old_rows:
            if old_row not in claimed_rows:
                result[_storage_key(old, old_row)] = Comparability(
                    DROPPED,
                    _storage_key(old, old_row),
                    note=f"row {old_row!r} is no longer asked",
                    inferred=True,
                )
        return result

    def _check_dropped(self, result: dict[str, Comparability]) -> None:
        declared = _dropped(self.newer)
        for key in declared:
            if key not in self.old_questions:
                message = f"declared dropped, but {self.older.version} has no question {key!r}"
                self.problems.append((key, message))
            elif key in self.claimed:
                message = f"declared dropped, but {self.claimed[key]!r} continues it"
                self.problems.append((key, message))
        for key, old in self.old_questions.items():
            if key in self.claimed:
                continue
            item = declared.get(key)
            note = item.note if item and item.note else "no longer asked"
            for storage_key in old.storage_keys():
                if storage_key in result and result[storage_key].status != DROPPED:
                    # the key lives on for another question (declared new, released)
                    continue
                result[storage_key] = Comparability(
                    DROPPED, storage_key, note=note, inferred=item is None
                )


# -- carrying answers over ------------------------------------------------------------


def harmonise_answers(answers: dict, older, newer, comparison=None) -> dict:
    """Map a response's answers in older's keys and codes to newer's keys and codes.

    Answers to dropped or not comparable questions are left out; a code mapped to None
    becomes unanswered. The input is never changed.
    """
    comparison = comparison if comparison is not None else compare_versions(older, newer)
    result = {}
    for key, item in comparison.items():
        if not item.carries_over or item.previous_key not in answers:
            continue
        value = map_value(answers[item.previous_key], item.code_map)
        if value is not None and value != []:
            result[key] = value
    return result


def map_value(value: Any, code_map: dict[int, int | None] | None) -> Any:
    """Map one answer (a code, a list of codes, or anything else) through a code map."""
    if code_map is None or value is None:
        return value
    if isinstance(value, list):
        mapped = [code_map.get(v, v) if isinstance(v, int) else v for v in value]
        seen: list = []
        for v in mapped:
            if v is not None and v not in seen:
                seen.append(v)
        return seen
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return code_map.get(value, value)


def compose(first: dict[str, Comparability], second: dict[str, Comparability]) -> dict:
    """Chain the comparisons A->B and B->C into A->C (keys of C, plus everything dropped)."""
    result: dict[str, Comparability] = {}
    for key, item in second.items():
        if item.status == DROPPED:
            result[key] = item
            continue
        if not item.carries_over:
            result[key] = item
            continue
        earlier = first.get(item.previous_key)
        if earlier is None or not earlier.carries_over:
            status = NEW if earlier is None or earlier.status == NEW else NOT_COMPARABLE
            result[key] = Comparability(status, note=(earlier.note if earlier else item.note))
            continue
        result[key] = Comparability(
            _worse(earlier.status, item.status),
            earlier.previous_key,
            _chain_maps(earlier.code_map, item.code_map),
            "; ".join(n for n in (earlier.note, item.note) if n),
            split=_chain_splits(earlier, item),
        )
    for key, item in first.items():
        if item.status == DROPPED and key not in result:
            result[key] = item
    return result


def _worse(a: str, b: str) -> str:
    order = [SAME, COMPARABLE, RECODED, RESCALED]
    return order[max(order.index(a), order.index(b))]


def _chain_maps(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return {k: (b.get(v, v) if v is not None else None) for k, v in a.items()}


def _chain_splits(earlier: Comparability, later: Comparability):
    """Return the splits of two chained steps in the first step's codes (the later mapped on)."""
    result = {}
    for code, codes in (earlier.split or {}).items():
        mapped = {map_value(c, later.code_map) for c in codes}
        result[code] = tuple(sorted(c for c in mapped if c is not None))
    for code, codes in (later.split or {}).items():
        for older, newer in (earlier.code_map or {code: code}).items():
            if newer == code and older not in result:
                result[older] = tuple(codes)
    return result or None


def summarise(comparison: dict[str, Comparability]) -> dict[str, int]:
    """Count storage keys per status."""
    counts = dict.fromkeys(STATUSES, 0)
    for item in comparison.values():
        counts[item.status] += 1
    return counts


# -- waves over several versions -------------------------------------------------------


def comparison_chain(versions: dict[str, object], source: str, target: str):
    """Return the comparison source -> target, chained over previous_version; None if equal."""
    if source == target:
        return None
    steps = []
    current = versions[target]
    while current.version != source:
        previous = current.previous_version
        if previous is None or previous not in versions:
            raise UserError(
                f"version {target} cannot be related to {source}: the chain of "
                f"previous_version stops at {current.version}"
            )
        steps.append(compare_versions(versions[previous], current))
        current = versions[previous]
    result = steps.pop()
    while steps:
        result = compose(result, steps.pop())
    return result


def wave_comparability(
    waves: list, versions: dict
) -> dict[tuple[str, str], dict[str, Comparability]]:
    """Return, per pair of consecutive waves, the comparability of every target storage key.

    Each wave has ``label``, ``version`` and ``target_version`` (a cleaned wave does).
    """
    result = {}
    for older, newer in zip(waves, waves[1:], strict=False):
        result[(older.label, newer.label)] = pair_comparability(
            versions, older.version, newer.version, newer.target_version
        )
    return result


def pair_comparability(versions: dict, older: str, newer: str, target: str) -> dict:
    """Return the comparability of every target key between waves in versions older, newer."""
    keys = versions[target].storage_keys()
    if older == newer:
        to_target = comparison_chain(versions, newer, target)
        result = {}
        for key in keys:
            item = to_target.get(key) if to_target else None
            if to_target is None or (item is not None and item.carries_over):
                result[key] = Comparability(SAME)
            else:
                result[key] = Comparability(
                    item.status if item else NEW, note=item.note if item else ""
                )
        return result
    direct = comparison_chain(versions, older, newer)
    to_target = comparison_chain(versions, newer, target)
    result = {}
    for key in keys:
        newer_key = key
        if to_target is not None:
            item = to_target.get(key)
            if item is None or not item.carries_over:
                status = item.status if item else NEW
                result[key] = Comparability(status, note=item.note if item else "")
                continue
            newer_key = item.previous_key
        found = direct.get(newer_key)
        result[key] = found if found is not None else Comparability(NEW)
    return result


def reachable_codes(versions: dict, source: str, target: str) -> dict[str, set[int] | None]:
    """Return per target key the target codes an answer in version source can end up as.

    None means the key's answers do not carry over from source (new, dropped, not comparable).
    """
    target_q = versions[target]
    source_q = versions[source]
    chain = comparison_chain(versions, source, target)
    result: dict[str, set[int] | None] = {}
    for question in target_q.questions():
        for key in question.storage_keys():
            if chain is None:
                result[key] = {o.code for o in question.all_options()}
                continue
            item = chain.get(key)
            if item is None or not item.carries_over or item.status == NOT_COMPARABLE:
                result[key] = None
                continue
            try:
                older = source_q.question_for_storage_key(item.previous_key)
            except KeyError:
                result[key] = None
                continue
            codes = set()
            for option in older.all_options():
                mapped = map_value(option.code, item.code_map)
                if mapped is not None:
                    codes.add(int(mapped))
            result[key] = codes
    return result


def carried(item: Comparability | None) -> bool:
    """Tell whether a change between two waves can be shown for this comparability."""
    return item is not None and item.carries_over and item.status != NOT_COMPARABLE


# -- per pair of waves and per row: what compares, and why --------------------------------
#
# A trend compares two waves at a time. Each wave answered in its own questionnaire version;
# the cleaned data holds its answers in the codes of a "home" version (the newest version for
# the questions asked today, the last version that asked it for a dropped question) and, where
# a code map changed them, the wave's own answers beside them (``original_name``). For every
# pair of waves and every row (a question, a matrix row, an option) ``WaveComparison`` says
# whether the two waves compare as they are, after mapping, not at all, or whether a wave did
# not ask it; split options are compared taken together (``Collapsed``) on the same base.

PAIR_COMPARABLE = "comparable"
PAIR_MAPPED = "comparable_after_mapping"
PAIR_NOT_COMPARABLE = "not_comparable"
PAIR_NOT_ASKED = "not_asked"
PAIR_LEVELS = (PAIR_COMPARABLE, PAIR_MAPPED, PAIR_NOT_COMPARABLE, PAIR_NOT_ASKED)

# Why a pair compares or not; the exports put these into words per language.
REASONS = (
    "same_version",  # both waves answered the same questionnaire version
    "unchanged",  # same question in both versions
    "reworded",  # declared comparable (new wording, options added); the note says what
    "recoded",  # codes mapped through the declared code_map
    "rescaled_means",  # means compared on the newer scale, older answers mapped onto it
    "rescaled_shares",  # the scale changed: a category's share has no counterpart
    "split",  # an option was split or merged: compared only taken together
    "collapsed",  # the options of a split taken together, on the same base
    "declared_not_comparable",  # the questionnaire declares the change of meaning
    "not_asked_older",  # the older wave did not ask the question
    "not_asked_newer",  # the newer wave did not ask it (dropped)
    "not_asked_both",  # neither wave asked it
    "not_offered_older",  # the older wave did not offer this option
    "not_offered_newer",  # the newer wave did not offer this option
    "not_offered_both",  # neither wave offered this option
    "answers_without_counterpart",  # some older answers have no code on the newer scale
)


@dataclass(frozen=True)
class Verdict:
    """Whether one row compares between two waves (a PAIR_* level), why, and the declared note."""

    level: str
    reason: str
    note: str = ""

    @property
    def compares(self) -> bool:
        """Tell whether a change between the two waves may be shown and tested."""
        return self.level in (PAIR_COMPARABLE, PAIR_MAPPED)


@dataclass(frozen=True)
class Collapsed:
    """Split or merged options taken together: home codes, and each wave's own codes."""

    codes: tuple[int, ...]  # the home codes the group stands for
    older_codes: tuple[int, ...]  # the older wave's own codes in the group
    newer_codes: tuple[int, ...]  # the newer wave's own codes in the group


@dataclass(frozen=True)
class WaveItem:
    """How one wave asked a home key: its own key, its own codes and their home codes."""

    asked: bool
    status: str  # the chain status from the wave's version to the home version
    source_key: str | None = None
    code_map: dict[int, int | None] | None = None  # own code -> home code (None: identity)
    offered: frozenset[int] = frozenset()  # home codes the wave's answers can end up as
    note: str = ""


@dataclass
class ItemPair:
    """One home key between two waves: the question, each option, the mean, split groups."""

    key: str
    question: Verdict
    options: dict[int, Verdict] = field(default_factory=dict)
    means: Verdict | None = None
    collapsed: list[Collapsed] = field(default_factory=list)


def original_name(storage_key: str, version: str) -> str:
    """Return the column name of a wave's own answers kept beside the harmonised column."""
    return f"{storage_key}@{version}"


class WaveComparison:
    """Comparability of a series of waves, per home key and per pair of consecutive waves.

    ``waves`` is a list of (label, version) in order; ``target`` the version the cleaned data
    use. Results are cached, so the exports can ask per row without cost.
    """

    def __init__(self, versions: dict, waves: list[tuple[str, str]], target: str):
        self.versions = versions
        self.waves = list(waves)
        self.target = target
        self.version_of = dict(waves)
        self._chains: dict[tuple[str, str], dict | None] = {}
        self._pairs: dict[tuple[str, str, str], ItemPair] = {}
        self._items: dict[tuple[str, str], WaveItem] = {}
        self._homes: dict[str, str] | None = None

    def chain(self, source: str, target: str) -> dict[str, Comparability] | None:
        """Return the (cached) comparison source -> target; None when they are the same."""
        if (source, target) not in self._chains:
            self._chains[(source, target)] = comparison_chain(self.versions, source, target)
        return self._chains[(source, target)]

    def homes(self) -> dict[str, str]:
        """Return every key a trend row can have, with its home version, in display order.

        The target's keys first, then keys an earlier wave asked that were dropped later
        (they stay in the trend for the waves that asked them).
        """
        if self._homes is None:
            homes = dict.fromkeys(self.versions[self.target].storage_keys(), self.target)
            dropped: dict[str, str] = {}
            for _, version in self.waves:
                if version == self.target or version not in self.versions:
                    continue
                for key, item in (self.chain(version, self.target) or {}).items():
                    if item.status == DROPPED and key not in homes:
                        dropped[key] = version
            self._homes = {**homes, **dropped}
        return self._homes

    def home_question(self, key: str):
        """Return the question of a home key, in its home version."""
        return self.versions[self.homes()[key]].question_for_storage_key(key)

    def kept_originals(self, version: str) -> dict[str, str]:
        """Return the own keys of a wave in version whose answers are kept beside the
        harmonised ones, with their column names: dropped keys under their own key, mapped
        or not comparable ones as ``key@version`` (never blanked, never lost)."""
        if version == self.target:
            return {}
        return kept_originals(self.chain(version, self.target), version, self.versions[self.target])

    def own_column(self, label: str, key: str) -> str | None:
        """Return the data column holding a wave's own answers to a home key (None: not asked)."""
        item = self.wave_item(label, key)
        if not item.asked:
            return None
        version = self.version_of[label]
        kept = self.kept_originals(version)
        if item.source_key in kept:
            return kept[item.source_key]
        return key

    def wave_item(self, label: str, key: str) -> WaveItem:
        """Return how the wave with this label asked a home key."""
        if (label, key) not in self._items:
            self._items[(label, key)] = self._wave_item(self.version_of[label], key)
        return self._items[(label, key)]

    def _wave_item(self, version: str, key: str) -> WaveItem:
        home = self.homes()[key]
        question = self.versions[home].question_for_storage_key(key)
        all_codes = frozenset(o.code for o in question.all_options())
        if version == home:
            return WaveItem(True, SAME, key, None, all_codes)
        if not _precedes(self.versions, version, home):  # the wave came after it was dropped
            later = (self.chain(home, version) or {}).get(key)
            return WaveItem(False, DROPPED, note=later.note if later is not None else "")
        item = (self.chain(version, home) or {}).get(key)
        if item is None or not item.carries_over:
            status = item.status if item is not None else NEW
            return WaveItem(False, status, note=item.note if item is not None else "")
        try:
            older = self.versions[version].question_for_storage_key(item.previous_key)
        except KeyError:
            return WaveItem(False, NEW)
        offered = frozenset(
            mapped
            for o in older.all_options()
            if (mapped := map_value(o.code, item.code_map)) is not None
        )
        return WaveItem(True, item.status, item.previous_key, item.code_map, offered, item.note)

    def pair(self, older: str, newer: str, key: str) -> ItemPair:
        """Return how a home key compares between two waves (labels), row by row."""
        cache = (older, newer, key)
        if cache not in self._pairs:
            self._pairs[cache] = self._pair(older, newer, key)
        return self._pairs[cache]

    def _pair(self, older: str, newer: str, key: str) -> ItemPair:
        question = self.home_question(key)
        codes = [o.code for o in question.options]
        a, b = self.wave_item(older, key), self.wave_item(newer, key)
        ordered = question.type in ("likert", "matrix", "number")
        if not (a.asked and b.asked):
            return _whole(key, _not_asked(a, b), codes, ordered)
        old_version, new_version = self.version_of[older], self.version_of[newer]
        if old_version == new_version:
            verdict = Verdict(PAIR_COMPARABLE, "same_version")
            options = {c: verdict if c in a.offered else _not_offered(c, a, b) for c in codes}
            return ItemPair(key, verdict, options, verdict if ordered else None)
        direct = (self.chain(old_version, new_version) or {}).get(b.source_key)
        if direct is None or not carried(direct):
            note = direct.note if direct is not None else ""
            verdict = Verdict(PAIR_NOT_COMPARABLE, "declared_not_comparable", note)
            return _whole(key, verdict, codes, ordered)
        reason = {SAME: "unchanged", COMPARABLE: "reworded", RECODED: "recoded"}.get(
            direct.status, "rescaled_means"
        )
        level = PAIR_COMPARABLE if direct.status in (SAME, COMPARABLE) else PAIR_MAPPED
        verdict = Verdict(level, reason, direct.note)
        older_q = self.versions[old_version].question_for_storage_key(a.source_key)
        newer_q = self.versions[new_version].question_for_storage_key(b.source_key)
        groups = _collapsed(direct, older_q, newer_q, b.code_map)
        grouped = {c for g in groups for c in g.codes}
        options = {}
        for code in codes:
            if direct.status == RESCALED:
                options[code] = Verdict(PAIR_NOT_COMPARABLE, "rescaled_shares", direct.note)
            elif code in grouped:
                options[code] = Verdict(PAIR_NOT_COMPARABLE, "split", direct.note)
            elif code not in a.offered or code not in b.offered:
                options[code] = _not_offered(code, a, b)
            else:
                options[code] = verdict
        means = None
        if ordered:
            lost = any(map_value(o.code, direct.code_map) is None for o in older_q.options) or bool(
                groups
            )
            means = (
                Verdict(PAIR_NOT_COMPARABLE, "answers_without_counterpart", direct.note)
                if lost
                else verdict
            )
        return ItemPair(key, verdict, options, means, groups)


def kept_originals(comparison: dict | None, version: str, target) -> dict[str, str]:
    """Return the own keys of a version whose answers the cleaned data keep beside the
    harmonised ones (target's keys and codes), with their column names."""
    if comparison is None:
        return {}
    target_keys = set(target.storage_keys())
    result = {}
    for key, item in comparison.items():
        if item.status == DROPPED:
            result[key] = key if key not in target_keys else original_name(key, version)
        elif item.previous_key and (
            item.status == NOT_COMPARABLE or (item.carries_over and _changes_codes(item))
        ):
            result[item.previous_key] = original_name(item.previous_key, version)
    return result


def _changes_codes(item: Comparability) -> bool:
    """Tell whether a carried item's code map changes any code."""
    return bool(item.code_map) and any(k != v for k, v in item.code_map.items())


def _precedes(versions: dict, older: str, newer: str) -> bool:
    """Tell whether version older lies on newer's chain of previous versions."""
    current = versions.get(newer)
    while current is not None and current.previous_version is not None:
        if current.previous_version == older:
            return True
        current = versions.get(current.previous_version)
    return False


def _whole(key: str, verdict: Verdict, codes, ordered: bool) -> ItemPair:
    """Return one verdict for a key, each of its options and its mean."""
    return ItemPair(key, verdict, dict.fromkeys(codes, verdict), verdict if ordered else None)


def _not_asked(a: WaveItem, b: WaveItem) -> Verdict:
    for item in (a, b):
        if not item.asked and item.status == NOT_COMPARABLE:
            return Verdict(PAIR_NOT_COMPARABLE, "declared_not_comparable", item.note)
    if not a.asked and not b.asked:
        return Verdict(PAIR_NOT_ASKED, "not_asked_both")
    if not a.asked:
        return Verdict(PAIR_NOT_ASKED, "not_asked_older", a.note)
    return Verdict(PAIR_NOT_ASKED, "not_asked_newer", b.note)


def _not_offered(code: int, a: WaveItem, b: WaveItem) -> Verdict:
    if code not in a.offered and code not in b.offered:
        return Verdict(PAIR_NOT_ASKED, "not_offered_both")
    if code not in a.offered:
        return Verdict(PAIR_NOT_ASKED, "not_offered_older")
    return Verdict(PAIR_NOT_ASKED, "not_offered_newer")


def _collapsed(direct: Comparability, older_q, newer_q, to_home) -> list[Collapsed]:
    """Return the split or merged options between two versions, taken together.

    Declared splits (``split:``) first; then, for a recoded question, the older codes that
    lost their counterpart together with the newer codes nothing maps to.
    """
    if direct.status == RESCALED:
        return []
    older = [o.code for o in older_q.options]
    newer = [o.code for o in newer_q.options]
    groups: list[tuple[set[int], set[int]]] = []
    for code, codes in (direct.split or {}).items():
        groups.append(({code}, set(codes)))
    taken_old = {c for g in groups for c in g[0]}
    taken_new = {c for g in groups for c in g[1]}
    image = {map_value(c, direct.code_map) for c in older} - {None}
    unmatched_old = {c for c in older if map_value(c, direct.code_map) is None} - taken_old
    unmatched_new = {c for c in newer if c not in image} - taken_new
    if direct.status == RECODED and unmatched_old and unmatched_new:
        groups.append((unmatched_old, unmatched_new))
    result = []
    for old_codes, new_codes in groups:
        home = {map_value(c, to_home) for c in new_codes} - {None}
        result.append(
            Collapsed(tuple(sorted(home)), tuple(sorted(old_codes)), tuple(sorted(new_codes)))
        )
    return result
