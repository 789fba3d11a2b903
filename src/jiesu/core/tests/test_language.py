"""The interface is Simplified Chinese whatever language the browser asks for: our own pages have
no other translation, so an English browser got Django's admin and framework texts in English
beside our Chinese ones."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "en", "zh-CN,zh;q=0.9"])
def test_the_admin_is_in_chinese_for_any_browser_language(accept):
    get_user_model().objects.create_superuser("lang-admin", password="x-test-password-1")
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    client.login(username="lang-admin", password="x-test-password-1")
    page = client.get("/admin/").content.decode()
    assert "接诉 Jiesu 系统管理" in page and "系统管理首页" in page
    assert "Site administration" not in page and "Django" not in page
