"""``jiesu calendar``: add-workdays, show, seed, import."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import jiesu
from jiesu.workdays import loader
from jiesu.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    loader.invalidate()
    yield
    loader.invalidate()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-26T15:00", "1", "2025-09-28T15:00:00+08:00"),
        ("2025-09-26T07:00:00+00:00", "1", "2025-09-28T15:00:00+08:00"),
        ("2025-10-03T10:00", "1", "2025-10-10T00:00:00+08:00"),
        ("2026-02-13 09:30", "2", "2026-02-24T09:30:00+08:00"),
    ],
)
def test_add_workdays_prints_the_deadline_last(start, n, expected):
    out, err = run("add-workdays", start, n)
    assert out.strip().splitlines()[-1] == expected
    assert err == ""


def test_add_workdays_in_a_year_without_data_warns_on_stderr():
    out, err = run("add-workdays", "2031-01-03T10:00", "1")
    assert out.strip().splitlines()[-1] == "2031-01-06T10:00:00+08:00"
    assert "2031" in err and "周一至周五" in err


@pytest.mark.parametrize(
    ("start", "n", "fragment"),
    [
        ("2025-02-30T10:00", "1", "日期不存在"),
        ("next friday", "1", "无法识别的时间"),
        ("2025-09-26T15:00", "one", "工作日数必须是整数"),
        ("2025-09-26T15:00", "-1", "0 到"),
    ],
)
def test_add_workdays_bad_input_exits_2(start, n, fragment):
    with pytest.raises(CommandError) as excinfo:
        run("add-workdays", start, n)
    assert excinfo.value.returncode == 2
    assert fragment in str(excinfo.value)


def test_impossible_date_exits_2_from_the_shell(tmp_path):
    # the real `jiesu` entry point: Chinese message on stderr, exit status 2
    src = str(Path(jiesu.__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "JIESU_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "calendar", "add-workdays", "2025-02-30T10:00", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "日期不存在" in result.stderr
    assert result.stdout == ""


def test_show_lists_holidays_and_makeup_days_by_month():
    out, _ = run("show", "2026")
    lines = out.splitlines()
    assert "2 月（工作日 16 天）" in lines
    assert "  2026-02-14 周六  调休上班  春节" in lines
    assert "  2026-02-16 周一  法定节假日  春节" in lines
    assert "  2026-10-10 周六  调休上班  国庆节" in lines
    assert lines[-1].startswith("合计：工作日 248 天，休息日 117 天")
    assert "调休上班 6 天" in lines[-1]


def test_show_year_without_data_is_loud():
    with pytest.raises(CommandError) as excinfo:
        run("show", "2031")
    assert excinfo.value.returncode == 1


def test_seed_command_defaults_to_every_known_year_and_refuses_unknown_ones():
    out, _ = run("seed", "2025")
    assert "2025 年：写入 0 天" in out
    before = CalendarDay.objects.count()
    with pytest.raises(CommandError) as excinfo:
        run("seed", "2019", "2031")
    assert excinfo.value.returncode == 2
    assert CalendarDay.objects.count() == before  # 2019 was not written either
    out, _ = run("seed")
    assert "2004 年：写入" in out
    assert CalendarDay.objects.filter(day__year=2004).count() == 366


def test_import_command(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("date,is_workday,name\n2027-01-01,休息,元旦\n", encoding="utf-8")
    out, _ = run("import", str(good))
    assert "已导入 1 天" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("date,is_workday,name\n2027-01-02,maybe,\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run("import", str(bad))
    assert excinfo.value.returncode == 2
    assert "第 2 行" in str(excinfo.value)
