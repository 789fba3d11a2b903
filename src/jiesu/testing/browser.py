"""Browser tests' shared parts: Debian's chromium driven by Playwright's sync API."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

#: mark a browser test module with this: skipped without chromium, on a live database
browser_marks = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="Debian chromium is not installed (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]


@contextmanager
def chromium_page(monkeypatch, **page_options: Any) -> Iterator[Any]:
    """A fresh page in a headless chromium. The sync Playwright API runs a loop in this thread;
    the setting that allows it is restored after the test, so that it never leaks into the
    deploy check of a later test's subprocess."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(**page_options)
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            # let the page's own late requests (htmx polling, a delayed search-as-you-type, an
            # audited caller lookup) finish before the test's database is flushed under them
            try:
                page.wait_for_load_state("networkidle", timeout=5000)
                page.goto("about:blank")
            except Exception:  # a page already closed or never idle: close it all the same
                pass
            # while Playwright's loop runs here, Django keeps the test's own database
            # connections apart from the thread's; closed now, or on PostgreSQL they outlive the
            # test and keep the test database from being dropped at the end
            connections.close_all()
            browser.close()


def login(page, base: str, username: str) -> None:
    """A demo user signed in afresh (the demo city's one password), on the desk's home."""
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "jiesu-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/desk/")
