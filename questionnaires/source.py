"""Read questionnaire YAML into plain data while remembering the line of every value.

The text is checked before it is composed (size, alias count, nesting depth, tags) and while it is
converted (values after expanding aliases), against the limits in peiling.limits: an alias bomb,
a deep nest or an unknown tag gives one problem with its line, never a traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from peiling.limits import (
    QUESTIONNAIRE_MAX_ALIASES,
    QUESTIONNAIRE_MAX_BYTES,
    QUESTIONNAIRE_MAX_DEPTH,
    QUESTIONNAIRE_MAX_VALUES,
)
from peiling.questionnaires.problems import Problem

DataPath = tuple[str | int, ...]
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
KNOWN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass
class Source:
    """A questionnaire file's data, with line numbers and raw scalar texts by data path."""

    filename: str
    text: str
    data: Any = None
    lines: dict[DataPath, int] = field(default_factory=dict)
    raw: dict[DataPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: DataPath) -> int:
        """Return the line of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def key(self, path: DataPath) -> str:
        """Return the question, page or scale key a path lies in (or its top-level field)."""
        if len(path) >= 2 and path[0] == "pages":
            page = value_at(self.data, path[:2])
            if len(path) >= 4 and path[2] == "questions":
                question = value_at(self.data, path[:4])
                return _key_of(question) or f"question {path[3] + 1} of page {path[1] + 1}"
            return _key_of(page) or f"page {path[1] + 1}"
        if len(path) >= 2 and path[0] == "scales":
            return str(path[1])
        return str(path[0]) if path else ""

    def problem(self, path: DataPath, message: str, line: int | None = None) -> Problem:
        """Return a problem located at a path (or at a given line within it)."""
        return Problem(self.filename, line or self.line(path), self.key(path), message)


def read_source(text: str, filename: str = "<text>") -> Source:
    """Compose YAML text into plain data; syntax errors become problems on the source."""
    source = Source(filename=filename, text=text)
    refused = _refusal(text)
    if refused is not None:
        line, message = refused
        source.problems.append(Problem(filename, line, "", message))
        return source
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = str(exc.problem or exc.context)
        if exc.problem and exc.context:
            message = f"{exc.problem} ({exc.context})"
        source.problems.append(Problem(filename, line, "", f"YAML syntax error: {message}"))
        return source
    except yaml.YAMLError as exc:
        source.problems.append(Problem(filename, 1, "", f"YAML error: {exc}"))
        return source
    if root is None:
        source.problems.append(Problem(filename, 1, "", "the file holds no questionnaire"))
        return source
    converter = _Converter(source)
    try:
        source.data = converter.convert(root, (), set())
    except _TooManyValues as exc:
        message = (
            f"more than {QUESTIONNAIRE_MAX_VALUES} values once aliases are expanded; "
            "use fewer aliases"
        )
        source.data = None
        source.problems.append(Problem(filename, exc.line, "", message))
        return source
    source.problems.extend(source.problem(*pending) for pending in converter.pending)
    if not isinstance(source.data, dict | list):  # e.g. "null" or a bare word
        source.data = None
        message = "the file holds no questionnaire"
        source.problems.append(Problem(filename, root.start_mark.line + 1, "", message))
    return source


# libyaml's loader where installed: the same nodes and lines, about ten times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    """Compose YAML text; a text libyaml refuses is composed again for PyYAML's own message."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _refusal(text: str) -> tuple[int, str] | None:
    """Return (line, message) when a text is too large, too deep, aliased too often or tagged."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > QUESTIONNAIRE_MAX_BYTES:
        return 1, f"the file is {size} bytes; at most {QUESTIONNAIRE_MAX_BYTES}"
    try:
        return _scan(text, FAST_LOADER)
    except yaml.YAMLError:  # libyaml stops earlier (e.g. at its own depth limit): scan again
        try:
            return _scan(text, yaml.SafeLoader)
        except yaml.YAMLError:
            return None  # composing reports the syntax error with its line


def _scan(text: str, loader) -> tuple[int, str] | None:
    """Return (line, message) for the first limit a text's YAML events pass, else None."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > QUESTIONNAIRE_MAX_ALIASES:
                return line, f"more than {QUESTIONNAIRE_MAX_ALIASES} aliases (*name)"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > QUESTIONNAIRE_MAX_DEPTH:
                return line, f"nested more than {QUESTIONNAIRE_MAX_DEPTH} levels deep"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in KNOWN_TAGS:
            return line, f"unknown YAML tag {tag!r}; write plain values"
    return None


class _TooManyValues(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Converter:
    """Turn composed nodes into dicts, lists and scalars, noting lines and raw texts."""

    def __init__(self, source: Source):
        self.source = source
        self.constructor = SafeConstructor()
        self.pending: list[tuple[DataPath, str, int]] = []
        self.values = 0

    def convert(self, node: Node, path: DataPath, active: set[int]) -> Any:
        """Return the plain value of a node, noting its line under the path."""
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        self.values += 1
        if self.values > QUESTIONNAIRE_MAX_VALUES:  # an aliased node's line is its anchor's:
            raise _TooManyValues(self.source.line(path[:1]))  # name the top-level entry
        if id(node) in active:
            self._problem(node, path, "a YAML alias refers to itself")
            return None
        if isinstance(node, ScalarNode):
            self.source.raw[path] = node.value
            if node.tag == TIMESTAMP_TAG:
                return node.value  # dates stay ISO text, as in the stored answers
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                self._problem(node, path, f"{node.value!r} cannot be read as {node.tag}: {exc}")
                return None
        active = active | {id(node)}
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, i), active) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, active)
        return None

    def _mapping(self, node: MappingNode, path: DataPath, active: set[int]) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, path, "a key must be a plain name")
                continue
            key = key_node.value  # the text as written: 'no' or 'on' stay names, not booleans
            if key in result:
                self._problem(key_node, path, f"key '{key}' appears twice")
                continue
            self.source.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, (*path, key), active)
        return result

    def _problem(self, node: Node, path: DataPath, message: str) -> None:
        self.pending.append((path, message, node.start_mark.line + 1))


def value_at(data: Any, path: DataPath) -> Any:
    """Return the value at a data path, or None when the path does not exist."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _key_of(item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("key"), str):
        return item["key"]
    return ""


def checksum(source_text: str) -> str:
    """Return the SHA-256 of a questionnaire's source text."""
    return hashlib.sha256(source_text.encode("utf-8")).hexdigest()
