"""Production settings (docs/decisions/0016-production-settings.md): no silently generated secret
key, a JIESU_HTTPS switch, no test host in the default hosts, every setting read through the env
helpers, `check --deploy` clean. Settings are read at import, so each case runs in a fresh
interpreter with an environment of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from jiesu import cli
from jiesu.core.env import envmap

SECRET = "x" * 60 + "-a-production-like-secret"


def clean_env(tmp_path: Path, **over: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("JIESU_") and k != "DATABASE_URL"
    }
    env.update(
        JIESU_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="jiesu.settings", **over
    )
    return env


def read_settings(tmp_path: Path, *names: str, **env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def jiesu(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from jiesu.cli import main; main()", *args],
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
    )


def test_no_key_is_generated_silently(tmp_path):
    # given an empty data directory and no JIESU_SECRET_KEY
    values = read_settings(tmp_path, "JIESU_SECRET_KEY_SOURCE", "SECRET_KEY")
    # then this process runs on a throwaway key and nothing is written behind anyone's back
    assert values["JIESU_SECRET_KEY_SOURCE"] == "throwaway" and len(values["SECRET_KEY"]) > 50
    assert not (tmp_path / "data" / "secret_key").exists()


def test_the_first_migrate_writes_the_key_file_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("JIESU_SECRET_KEY", raising=False)
    monkeypatch.setenv("JIESU_DATA_DIR", str(tmp_path / "data"))
    key_file = tmp_path / "data" / "secret_key"
    # other commands write nothing
    cli.ensure_secret_key(["check"])
    assert not key_file.exists()
    # the first migrate writes it, readable by its owner only, and says where
    cli.ensure_secret_key(["migrate", "--no-input"])
    assert str(key_file) in capsys.readouterr().out
    key = key_file.read_text().strip()
    assert len(key) > 50 and key_file.stat().st_mode & 0o077 == 0
    # the next one keeps it, silently
    cli.ensure_secret_key(["migrate"])
    assert key_file.read_text().strip() == key and capsys.readouterr().out == ""
    # and the settings read it from there
    values = read_settings(tmp_path, "JIESU_SECRET_KEY_SOURCE", "SECRET_KEY")
    assert values == {"JIESU_SECRET_KEY_SOURCE": "file", "SECRET_KEY": key}


def test_an_empty_key_file_fails_loudly(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("\n")
    done = jiesu(tmp_path, "check")
    assert done.returncode != 0 and "secret key file" in done.stderr


def test_serve_refuses_to_start_on_a_throwaway_key(settings, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("serve went on")

    monkeypatch.setattr(os, "execv", must_not_run)
    monkeypatch.setattr("jiesu.core.management.commands.serve.call_command", must_not_run)
    settings.DEBUG = False
    settings.JIESU_SECRET_KEY_SOURCE = "throwaway"
    with pytest.raises(CommandError, match="拒绝启动"):
        call_command("serve")


def test_serve_refuses_in_a_fresh_process_too(tmp_path):
    done = jiesu(tmp_path, "serve", "--port", "1")
    assert done.returncode != 0 and "jiesu migrate" in done.stderr


def test_https_switch(tmp_path):
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
    )
    off = read_settings(tmp_path, *names)
    assert off == dict.fromkeys(names, False) | {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
    }
    on = read_settings(tmp_path, *names, JIESU_HTTPS="1")
    assert on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"] and on["SECURE_SSL_REDIRECT"]
    assert on["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert on["SECURE_HSTS_SECONDS"] >= 31536000


def test_the_test_host_is_not_allowed_by_default_and_connections_are_health_checked(tmp_path):
    values = read_settings(
        tmp_path, "ALLOWED_HOSTS", "DATABASES", DATABASE_URL="postgres://u@db:5432/j"
    )
    assert "testserver" not in values["ALLOWED_HOSTS"]
    assert values["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 60


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = jiesu(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JIESU_HTTPS="1",
        JIESU_DEBUG="false",
        JIESU_SECRET_KEY=SECRET,
        JIESU_ALLOWED_HOSTS="jiesu.example.org",
    )
    assert done.returncode == 0, done.stderr + done.stdout


def test_diversion_channels_are_read_from_the_environment(tmp_path):
    values = read_settings(
        tmp_path,
        "JIESU_DIVERSION_CHANNELS",
        JIESU_DIVERSION_CHANNELS="enterprise101=city.E101, petition=city.Petition",
    )
    assert values["JIESU_DIVERSION_CHANNELS"] == {
        "enterprise101": "city.E101",
        "petition": "city.Petition",
    }
    with pytest.raises(ImproperlyConfigured):
        os.environ["JIESU_TEST_MAP"] = "enterprise101"
        try:
            envmap("JIESU_TEST_MAP")
        finally:
            del os.environ["JIESU_TEST_MAP"]


def test_settings_read_the_environment_only_through_the_env_helpers():
    import jiesu

    src = Path(jiesu.__file__).parent
    offenders = [
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if "tests" not in p.parts
        and p.name != "env.py"
        and ("os.environ.get" in p.read_text() or "os.getenv" in p.read_text())
    ]
    assert offenders == []
