"""Reading one line's cells into typed values, noting each problem at its column. Shared by
the three files of the caseload import."""

from __future__ import annotations

from datetime import date

from administration.imports.files import Problem

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


class Cells:
    """One line of one file. Every reader returns a usable value (empty when wrong) and
    records what was wrong, so one pass names every problem of the line."""

    def __init__(self, file: str, line: int, cells: dict[str, object], problems: list[Problem]):
        self.file, self.line, self.cells, self.problems = file, line, cells, problems
        self._before = len(problems)

    @property
    def ok(self) -> bool:
        return len(self.problems) == self._before

    def bad(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, message))

    def text(self, name: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.cells.get(name, "")
        if isinstance(value, date):
            value = value.isoformat()
        text = " ".join(str(value or "").split())
        if required and not text:
            self.bad(name, "Required; the cell is empty.")
        elif len(text) > max_length:
            self.bad(name, f"Longer than {max_length} characters.")
            return ""
        return text

    def date(self, name: str, *, required: bool = False, today: date) -> date | None:
        value = self.cells.get(name, "")
        if isinstance(value, date):
            day = value
        else:
            text = str(value or "").strip()
            if not text:
                if required:
                    self.bad(name, "Required; the cell is empty.")
                return None
            try:
                day = date.fromisoformat(text)
            except ValueError:
                self.bad(name, f"“{text[:40]}” is not a date: write it as YYYY-MM-DD.")
                return None
        if day > today:
            self.bad(name, "The date is in the future.")
            return None
        if day.year < 1900:
            self.bad(name, "The date is before 1900.")
            return None
        return day

    def flag(self, name: str) -> bool:
        text = str(self.cells.get(name, "") or "").strip().lower()
        if text in _YES:
            return True
        if text not in _NO:
            self.bad(name, "Write yes or no.")
        return False

    def choice(self, name: str, choices: dict[str, str], *, default: str | None = None) -> str:
        """A value from `choices` (written as a code or a label, any case); an empty cell is
        `default`, or a problem when there is none."""
        text = " ".join(str(self.cells.get(name, "") or "").lower().replace("_", " ").split())
        if not text:
            if default is None:
                self.bad(name, "Required; the cell is empty.")
            return default or ""
        for code, label in choices.items():
            if text in (code.replace("_", " "), str(label).lower()):
                return code
        self.bad(name, f"Unknown value: {', '.join(choices)}.")
        return default or ""
