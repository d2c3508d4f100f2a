"""What an import found: the shape of the package, the blocking problems (nothing is imported
while there is one) and the warnings (the row is kept without the value or link named), each
with its file and line or JSON path and field, and what was (or, in a dry run, would be)
created and changed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | str | None  # a CSV line number, or a JSON path such as $.services[0]
    field: str
    message: str

    @property
    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}" if isinstance(self.line, int) else f", {self.line}"
        return where

    def __str__(self) -> str:
        field_part = f", {self.field}" if self.field else ""
        return f"{self.where}{field_part}: {self.message}"


@dataclass(frozen=True)
class Group:
    """Warnings alike but for their row: one line of the report with every row listed."""

    file: str
    field: str
    message: str
    rows: tuple[int | str, ...]

    def __str__(self) -> str:
        rows = ", ".join(str(r) for r in self.rows)
        field_part = f", {self.field}" if self.field else ""
        return f"{self.file} ({rows}){field_part}: {self.message}"


@dataclass
class ImportReport:
    shape: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())

    @property
    def warning_groups(self) -> list[Group]:
        """The warnings, one group per file, field and message, rows in the order met."""
        groups: dict[tuple[str, str, str], list[int | str]] = {}
        for w in self.warnings:
            rows = groups.setdefault((w.file, w.field, w.message), [])
            if w.line is not None and w.line not in rows:
                rows.append(w.line)
        return [Group(f, fld, msg, tuple(rows)) for (f, fld, msg), rows in groups.items()]
