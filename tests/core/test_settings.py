"""Settings come from the environment and fail loudly; the production profile passes
`check --deploy`; the demo refuses to run in production."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from branchwork.config import env


def run_branchwork(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "branchwork", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    values = {
        "BRANCHWORK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "BRANCHWORK_DATA_DIR": str(tmp_path),
        "FIELD_ENCRYPTION_KEY": "bXktMzItYnl0ZS1maWVsZC1lbmNyeXB0aW9uLWtleSE=",
    }
    values.update(overrides)
    return values


def test_bool_values_are_strict(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env.env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env.env_bool("X_FLAG", default=False) is True


def test_int_values_are_checked(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match=">= 1"):
        env.env_int("X_NUM", 1, minimum=1)


def test_required_value_names_the_variable(monkeypatch):
    monkeypatch.delenv("X_NEEDED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_NEEDED is required"):
        env.env_str("X_NEEDED", required=True)


def test_choice_lists_the_choices(monkeypatch):
    monkeypatch.setenv("X_MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="one of: development, production"):
        env.env_choice("X_MODE", "development", ("development", "production"))


def test_local_secret_key_is_made_once_and_kept_private(tmp_path):
    first = env.local_secret_key(tmp_path)
    assert env.local_secret_key(tmp_path) == first
    assert len(first) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_local_field_key_is_made_once(tmp_path):
    result = run_branchwork(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FIELD_ENCRYPTION_KEY)",
        BRANCHWORK_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert (tmp_path / "field_key").read_text().strip() == key


def test_production_profile_passes_check_deploy(tmp_path):
    result = run_branchwork("check", "--deploy", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_requires_a_secret_key(tmp_path):
    result = run_branchwork("check", **production_env(tmp_path, SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_field_encryption_key_is_checked_and_kept_in_the_data_dir_when_unset(tmp_path):
    result = run_branchwork("check", **production_env(tmp_path, FIELD_ENCRYPTION_KEY="short"))
    assert result.returncode != 0 and "must be 32 bytes in URL-safe base64" in result.stderr
    result = run_branchwork(
        "check", "--deploy", **production_env(tmp_path, FIELD_ENCRYPTION_KEY="")
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "field_key").exists()


def test_the_issue_command_passes_check_deploy(tmp_path):
    """Exactly the variables the foundation issue names, nothing more."""
    env = production_env(tmp_path)
    env.pop("FIELD_ENCRYPTION_KEY")
    result = run_branchwork("check", "--deploy", **env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_debug(tmp_path):
    result = run_branchwork("check", **production_env(tmp_path, DEBUG="1"))
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_production_requires_allowed_hosts(tmp_path):
    result = run_branchwork("check", **production_env(tmp_path, ALLOWED_HOSTS=""))
    assert result.returncode != 0 and "ALLOWED_HOSTS is required" in result.stderr


def test_unsupported_database_is_refused(tmp_path):
    result = run_branchwork(
        "check", BRANCHWORK_DATA_DIR=str(tmp_path), DATABASE_URL="mysql://u@localhost/db"
    )
    assert result.returncode != 0 and "supports SQLite and PostgreSQL" in result.stderr


def test_demo_refuses_to_run_in_production(tmp_path):
    result = run_branchwork("demo", **production_env(tmp_path))
    assert result.returncode != 0
    assert "cannot be loaded under BRANCHWORK_ENV=production" in result.stderr


def test_sqlite_connections_use_wal_and_a_busy_timeout(tmp_path):
    code = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = run_branchwork("shell", "-c", code, BRANCHWORK_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["wal", "5000"]
    assert (tmp_path / "branchwork.sqlite3").exists()
