"""The `jiesu` command line: demo data, tokens, working-day arithmetic, the SLA sweep — and once,
the installed console script itself on a fresh data directory."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from jiesu.core.demo_city import DEMO_PASSWORD, DEMO_USERS
from jiesu.organisation.models import ApiToken, hash_token
from jiesu.testing.loop import dispatched, sh

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_prints_the_logins_and_can_run_twice():
    # when
    first = run("demo", "--no-tickets")
    second = run("demo", "--no-tickets")
    # then every demo login is printed with its password, and loading again changes nothing
    for username, *_ in [("admin",), *DEMO_USERS]:
        assert any(line.split()[:2] == [username, DEMO_PASSWORD] for line in first.splitlines()), (
            username
        )
    assert first == second
    assert get_user_model().objects.filter(username="operator").count() == 1
    assert get_user_model().objects.get(username="operator").check_password(DEMO_PASSWORD)


def test_token_create_prints_the_token_last(city):
    # when
    out = run("token", "create", "handler")
    token = out.strip().splitlines()[-1]
    # then the last line is the token; only its hash is stored
    assert token.startswith("js_") and len(token) > 30
    row = ApiToken.objects.get(key_hash=hash_token(token))
    assert row.user.username == "handler" and row.name == "cli"
    assert token not in {row.key_hash, row.prefix}


def test_token_create_takes_a_lifetime_in_days(city):
    out = run("token", "create", "handler", "--days", "7")
    row = ApiToken.objects.get(key_hash=hash_token(out.strip().splitlines()[-1]))
    assert row.expires_at is not None and "有效期至" in out
    forever = run("token", "create", "handler", "--days", "0")
    assert (
        ApiToken.objects.get(key_hash=hash_token(forever.strip().splitlines()[-1])).expires_at
        is None
    )
    assert "长期有效" in forever
    before = ApiToken.objects.count()
    with pytest.raises(CommandError) as exc:
        run("token", "create", "handler", "--days", "-3")
    assert exc.value.returncode == 2 and "不能为负数" in str(exc.value)
    assert ApiToken.objects.count() == before


def test_token_create_for_an_unknown_user_fails_clearly(city):
    before = ApiToken.objects.count()
    with pytest.raises(CommandError) as exc:
        run("token", "create", "nobody")
    assert "用户不存在" in str(exc.value) and "nobody" in str(exc.value)
    assert exc.value.returncode == 2
    assert ApiToken.objects.count() == before


def test_calendar_add_workdays_prints_the_deadline():
    out = run("calendar", "add-workdays", "2025-09-26T15:00", "1")
    assert out.strip().splitlines()[-1] == "2025-09-28T15:00:00+08:00"


def test_sweep_prints_counts(city):
    # given one assignment past its sign deadline, not yet past its answer deadline
    dispatched(at=sh(2026, 11, 23, 11))
    out = io.StringIO()
    with time_machine.travel(sh(2026, 11, 25, 9), tick=False):
        call_command("sweep", stdout=out)
    lines = out.getvalue().splitlines()
    assert "签收超期：1" in lines and "办结预警：0" in lines and "办结超期：0" in lines
    assert lines[-1] == "合计：1"


def _console_script() -> str:
    found = shutil.which("jiesu") or str(Path(sys.executable).parent / "jiesu")
    if not Path(found).exists():
        pytest.skip("the jiesu console script is not installed (pip install -e .)")
    return found


def test_the_installed_console_script(tmp_path):
    # given a fresh data directory, migrated with the installed `jiesu` script
    jiesu = _console_script()
    env = {**os.environ, "JIESU_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    migrate = subprocess.run(
        [jiesu, "migrate", "--no-input", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    assert (tmp_path / "jiesu.sqlite3").exists()
    # when
    done = subprocess.run(
        [jiesu, "calendar", "add-workdays", "2025-09-26T15:00", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then the seeded calendar knows the make-up Sunday
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "2025-09-28T15:00:00+08:00"
