"""Shared fixtures: the demo city, its named people, an API client per person, frozen clocks."""

from __future__ import annotations

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class _OneRequestAtATime(WSGIServer):
    """The browser tests' live server answers one request at a time. On SQLite the tests'
    in-memory database is one connection that Django shares with every thread of a threaded live
    server, so a page's own background request (the suggestions panel, a caller lookup) running
    beside the form's POST could break the POST's transaction — a failure of the test set-up that
    production, one connection per request, never has. Unthreaded, Django closes each connection
    after its response, so a kept-alive browser connection blocks no one."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, set up after the test databases and so stopped before they
    are dropped: on PostgreSQL its thread's open connection otherwise kept the drop from running
    ("database … is being accessed by other users")."""
    return live_server


@pytest.fixture
def city(db):
    from jiesu.core.demo import load_demo
    from jiesu.workdays.actions import seed_available_years
    from jiesu.workdays.models import CalendarDay

    if (
        not CalendarDay.objects.exists()
    ):  # a transactional test before this one flushed the seeded calendar
        seed_available_years()
    load_demo()


@pytest.fixture
def clock():
    """A frozen clock at Monday 2025-06-23 09:00 in Huangshi (``jiesu.testing.builders.T0``);
    ``clock.move_to(...)`` moves it on. A test module that needs another moment overrides it."""
    import time_machine

    from jiesu.testing.builders import T0

    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api(city):
    """``api("operator").post(...)``: an API client speaking as a demo user."""
    from jiesu.testing.builders import ApiClient

    clients: dict = {}

    def get(username: str) -> ApiClient:
        if username not in clients:
            clients[username] = ApiClient(username)
        return clients[username]

    return get


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """The demo city sets a dozen passwords and the production hasher takes ~0.5 s for each; tests
    marked ``real_hasher`` (the one that checks hashing itself) keep the production setting."""
    if request.node.get_closest_marker("real_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_table_caches():
    """Rows cached in the process (decision 0050) do not outlive the test that rolled them back."""
    from jiesu.core.tablecache import clear_all

    clear_all()
