"""Problems found in a questionnaire file, each with its file, line and question key."""

from __future__ import annotations

from dataclasses import dataclass

from peiling.errors import UserError


@dataclass(frozen=True)
class Problem:
    """One problem at a line of a questionnaire file; key names the question, page or scale."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f"[{self.key}] " if self.key else ""
        return f"{where}: {key}{self.message}"


class QuestionnaireError(UserError):
    """A questionnaire file has problems; details lists every one of them."""

    def __init__(self, filename: str, problems: list[Problem]):
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(f"{filename}: {count} in the questionnaire", [str(p) for p in problems])
        self.problems = problems
