"""Production settings pass Django's deployment check except for what the proxy supplies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only what a production host would have: no test-run defaults leak into the check.
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(
        {
            "DEBUG": "0",
            "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-9f8e7d6c5b4a",
            "ALLOWED_HOSTS": "casework.example.org",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production():
    result = _run({"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_every_setting_read_from_the_environment_is_documented_in_env_example():
    import re

    settings_source = (ROOT / "casework" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read, "the pattern no longer finds the settings read from the environment"
    assert sorted(read - documented - {"TESTING"}) == []
