"""What ``check`` reports, and the forms CI reads it in."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Location


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    check: str
    severity: Severity
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.check}]"


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)


def to_json(problems: Iterable[Problem]) -> str:
    return json.dumps(
        [
            {
                "check": problem.check,
                "severity": str(problem.severity),
                "path": problem.location.path.as_posix(),
                "line": problem.location.line,
                "message": problem.message,
            }
            for problem in problems
        ],
        ensure_ascii=False,
        indent=2,
    )


def to_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for problem in problems:
        message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(
            f"::{problem.severity} file={problem.location.path.as_posix()},"
            f"line={problem.location.line},title={problem.check}::{message}"
        )
    return "\n".join(lines)
