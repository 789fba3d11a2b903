"""Accounts for a centre: `jiesu user create`, `jiesu users import` (CSV or Excel, all rows or
none, idempotent), and the first login with a one-time password (decision 0022)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import Workbook

from jiesu.accounts.models import Account
from jiesu.organisation.models import Membership

User = get_user_model()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_prints_a_one_time_password_that_logs_in_and_must_be_changed(city):
    out = run(
        "user",
        "create",
        "wang",
        "--role",
        "unit_handler",
        "--unit",
        "city-housing",
        "--name",
        "王五",
    )
    password = out.strip().splitlines()[-1]
    assert len(password) == 12
    m = Membership.objects.select_related("unit", "user").get(user__username="wang")
    assert (m.role, m.unit.code, m.user.first_name) == ("unit_handler", "city-housing", "王五")
    assert Account.objects.get(user=m.user).must_set_password
    # the first login lands on the password page, and every desk page sends it back there
    client = Client()
    response = client.post("/login/", {"username": "wang", "password": password})
    assert response.status_code == 302
    assert client.get("/desk/").url == "/desk/password/"
    # until a new password is set
    response = client.post(
        "/desk/password/",
        {
            "old_password": password,
            "new_password1": "Hs-12345-new!",
            "new_password2": "Hs-12345-new!",
        },
    )
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 200
    assert not Account.objects.get(user=m.user).must_set_password


def test_a_given_password_is_not_one_time(city):
    out = run("user", "create", "li", "--role", "supervisor", "--password", "Given-pass-2025")
    assert "一次性密码" not in out
    assert not Account.objects.get(user__username="li").must_set_password
    client = Client()
    client.post("/login/", {"username": "li", "password": "Given-pass-2025"})
    assert client.get("/desk/").status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x1", "--role", "unit_handler"], "须指定单位"),
        (["x2", "--role", "unit_handler", "--unit", "nowhere"], "未知的单位编码"),
        (["x3", "--role", "operator", "--unit", "city-housing"], "须属于12345平台"),
        (["handler", "--role", "unit_handler", "--unit", "city-housing"], "已存在"),
    ],
)
def test_create_refuses_what_is_wrong(city, args, message):
    with pytest.raises(CommandError, match=message):
        run("user", "create", *args)


SHEET = [
    ["username", "name", "role", "unit", "phone"],
    ["zhao", "赵一", "unit_handler", "hsg-st-2", "13900000001"],
    ["qian", "钱二", "operator", "hsg-platform", ""],
    ["sun", "孙三", "supervisor", "", ""],
]


def write_csv(path: Path, rows) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8-sig")
    return path


def test_import_creates_each_row_and_a_second_import_changes_nothing_but_updates(city, tmp_path):
    sheet = write_csv(tmp_path / "people.csv", SHEET)
    out = run("users", "import", str(sheet))
    assert "新建 3 个账号" in out
    assert out.count(",") >= 4  # the header and three username,password lines
    hashes = dict(
        User.objects.filter(username__in=["zhao", "qian", "sun"]).values_list(
            "username", "password"
        )
    )
    # when the same sheet, with one name corrected, is imported again
    changed = [SHEET[0], ["zhao", "赵壹", "unit_handler", "hsg-st-2", "13900000001"], *SHEET[2:]]
    out = run("users", "import", str(write_csv(tmp_path / "again.csv", changed)))
    # then nothing new is made, the name is updated and no password is touched
    assert "新建 0 个账号，更新 3 个账号" in out
    assert User.objects.get(username="zhao").first_name == "赵壹"
    assert (
        dict(User.objects.filter(username__in=hashes).values_list("username", "password")) == hashes
    )
    assert Account.objects.get(user__username="zhao").phone == "13900000001"


def test_import_reads_excel_with_chinese_headers(city, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["用户名", "姓名", "角色", "单位", "手机号"])
    sheet.append(["zhou", "周四", "unit_reviewer", "city-housing", None])
    book.save(tmp_path / "people.xlsx")
    out = run("users", "import", str(tmp_path / "people.xlsx"))
    assert "新建 1 个账号" in out
    assert Membership.objects.get(user__username="zhou").role == "unit_reviewer"


def test_import_with_a_bad_row_reports_every_bad_row_and_writes_nothing(city, tmp_path):
    rows = [
        *SHEET,
        ["wu", "吴五", "boss", "city-housing", ""],
        ["zhao", "重复", "operator", "city-platform", ""],
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 行有误，未导入任何账号"):
        call_command(
            "users",
            "import",
            str(write_csv(tmp_path / "bad.csv", rows)),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "第 5 行：未知的角色：boss" in err.getvalue()
    assert "第 6 行：用户名 zhao 重复" in err.getvalue()
    assert not User.objects.filter(username__in=["zhao", "qian", "sun", "wu"]).exists()
