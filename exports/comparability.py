"""Comparability of each target key between consecutive waves, from the questionnaire versions.

The cleaned data already use the target version's keys and codes. Whether a change between two
waves means something depends on how the two waves' own versions relate: the same version is
"same"; otherwise the declared (or inferred) relation between them, found through the target
key's previous key in the newer wave's version.
"""

from __future__ import annotations

from cleaning.dataset import CleanedWave
from cleaning.harmonise import comparison_chain
from models.questionnaire.harmonise import (
    NEW,
    NOT_COMPARABLE,
    SAME,
    Comparability,
    map_value,
)


def wave_comparability(
    waves: list[CleanedWave], versions: dict
) -> dict[tuple[str, str], dict[str, Comparability]]:
    """Return, per pair of consecutive waves, the comparability of every target storage key."""
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


__all__ = ["SAME", "carried", "pair_comparability", "reachable_codes", "wave_comparability"]
