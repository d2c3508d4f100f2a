"""The apps' layering (shared/design.md) holds: import-linter checks the contracts written in
pyproject.toml ([tool.importlinter]), and every app of the project has its place in them.

pyproject.toml leaves out import-linter's root_packages: they are the apps the layers name,
so that a new app is one new line there."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from django.apps import apps
from importlinter import configuration
from importlinter.application import output
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[2]
configuration.configure()  # import-linter's adapters, as its command line sets them up


def _contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as pyproject:
        return tomllib.load(pyproject)["tool"]["importlinter"]["contracts"]


def _layered_apps() -> list[str]:
    """Every module a layers contract names: `a | b`, `a : b` and `(optional)` alike."""
    names = set()
    for contract in _contracts():
        for layer in contract.get("layers", []):
            names |= {n.strip("() ") for n in re.split(r"[|:]", layer) if n.strip("() ")}
    return sorted(names)


def _ini(options: dict) -> str:
    return "".join(
        f"{key} =" + "".join(f"\n    {v}" for v in value) + "\n"
        if isinstance(value, list)
        else f"{key} = {value}\n"
        for key, value in options.items()
    )


def test_every_app_of_the_project_has_a_layer():
    tops = {config.name.split(".")[0]: Path(config.path) for config in apps.get_app_configs()}
    ours = {top for top, path in tops.items() if path.resolve().is_relative_to(ROOT / top)}
    assert ours, "no project apps found"
    assert sorted(ours) == _layered_apps(), "give each app its line in pyproject.toml's layers"


def test_no_app_imports_a_layer_above_its_own_or_a_sibling(tmp_path):
    config = tmp_path / "importlinter.ini"
    config.write_text(
        "[importlinter]\n"
        + _ini({"root_packages": _layered_apps()})
        + "".join(
            f"\n[importlinter:contract:{contract['id']}]\n"
            + _ini({k: v for k, v in contract.items() if k != "id"})
            for contract in _contracts()
        )
    )
    with output.console.capture() as captured:
        kept = lint_imports(config_filename=str(config), cache_dir=None, no_logo=True)
    assert kept, captured.get()
