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


def axes_texts() -> set[str]:
    """Every text django-axes marks for translation in its own code (it ships no Chinese)."""
    import re
    from pathlib import Path

    import axes

    texts = set()
    for source in Path(axes.__file__).parent.rglob("*.py"):
        texts |= set(re.findall(r'_\(\s*"([^"]+)"', source.read_text(encoding="utf-8")))
    return texts


def test_every_text_of_the_login_throttle_has_a_chinese_translation():
    from django.utils import translation

    texts = axes_texts()
    assert len(texts) > 20  # the throttle's admin pages, fields and lockout message
    with translation.override("zh-hans"):
        untranslated = {t for t in texts if translation.gettext(t) == t}
    assert untranslated == set()


def test_the_admin_shows_the_login_throttle_section_in_chinese():
    get_user_model().objects.create_superuser("lang-admin", password="x-test-password-1")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.login(username="lang-admin", password="x-test-password-1")
    index = client.get("/admin/").content.decode()
    assert "登录限制" in index and "Axes" not in index
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "登录失败记录" in attempts and "Access Attempt" not in attempts


def test_the_compiled_catalogue_matches_its_source():
    """django.mo is what runs; django.po is what people edit: they must say the same."""
    import gettext
    import re
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    pairs = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', source, flags=re.M))
    with open(folder / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert len(pairs) > 20
    assert {k: catalogue.gettext(k) for k in pairs} == pairs
