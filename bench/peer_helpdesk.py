#!/usr/bin/env python
"""The peer's ticket intake over HTTP: django-helpdesk's ticket API under our bench's load shape.

    python bench/peer_helpdesk.py --history 10000 --seconds 15
    python bench/peer_helpdesk.py --history 10000 --seconds 15 \\
        --database-url postgres://postgres@127.0.0.1:5432/peer_helpdesk_bench

What it installs: a separate virtualenv under --work-dir (default: <tmp>/peer-helpdesk), made with
``python -m venv`` and ``pip install django-helpdesk==2.6.1 gunicorn==27.0.1
psycopg[binary]==3.3.9`` from PyPI (Django, gunicorn and psycopg at the versions Jiesu runs on).
It is made once and reused; nothing is installed into the project's own environment.

What it does, every run:

1. writes a minimal Django project for django-helpdesk in --work-dir (DEBUG off; helpdesk's apps;
   its DRF API, on by default as HELPDESK_API_ENABLED, at /helpdesk/api/tickets/; e-mail through
   Django's dummy backend, so helpdesk still renders its new-ticket e-mail but sends nothing; the
   database settings Jiesu uses: connections kept 60 s, and on SQLite WAL, synchronous=NORMAL,
   IMMEDIATE transactions and a 20 s timeout);
2. starts from an empty database — a new SQLite file, or the PostgreSQL database of
   --database-url dropped and created again (only when its name contains "bench") — migrates,
   creates one queue and one staff user with a DRF token (TokenAuthentication: one indexed
   lookup per request, the counterpart of Jiesu's bearer tokens; basic auth would hash the
   password on every request), and bulk-inserts --history tickets, each with its opening
   follow-up as the API writes it, spread over the past two years;
3. starts gunicorn with --workers sync workers (as ``jiesu serve`` does, access log on) and runs
   the client of bench/intake_dispatch.py unchanged: --clients threads for --seconds posting JSON
   tickets (title, description, queue, submitter_email, and the priority helpdesk's form requires;
   the same Chinese texts our bench posts),
   one new connection per request, after warming every worker;
4. prints tickets/s, latency p50/p95 and the CPU per ticket of the web workers and, on
   PostgreSQL, of the database backends (from /proc), and writes them as JSON with --json.

Run it with the project's Python (it imports bench/intake_dispatch.py, and needs Django and
psycopg to find the PostgreSQL backends to measure).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intake_dispatch as ours  # noqa: E402  (nothing but the standard library at import time)

PACKAGES = ["django-helpdesk==2.6.1", "gunicorn==27.0.1", "psycopg[binary]==3.3.9"]
API_PATH = "/helpdesk/api/tickets/"
CASE = "helpdesk"
ours.HTTP_CASES[CASE] = (API_PATH, 201)

SETTINGS = """\
# written by bench/peer_helpdesk.py
SECRET_KEY = "peer-helpdesk-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peerdesk.urls"
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        }},
    }}
]
WSGI_APPLICATION = "peerdesk.wsgi.application"
DATABASES = {{"default": {database}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
STATIC_URL = "/static/"
SITE_ID = 1
LOGIN_URL = "/helpdesk/login/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
HELPDESK_TEAMS_MODE_ENABLED = False  # teams need pinax-teams, which the API does not use
REST_FRAMEWORK = {{
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]
}}
"""

URLS = """\
from django.urls import include, path

urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
application = get_wsgi_application()
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--database-url", default="", help="PostgreSQL URL; default: SQLite")
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--pin",
        action="store_true",
        help="server (web workers, database backends) on core 0, the client threads on the rest",
    )
    p.add_argument("--history", type=int, default=10_000, help="tickets bulk-inserted first")
    p.add_argument("--json", default="", help="write the result here")
    p.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "peer-helpdesk"))
    p.add_argument("--port", type=int, default=0, help="default: any free port")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    # the names http_case of bench/intake_dispatch.py reads
    args.http_seconds, args.http_clients, args.http_workers = (
        args.seconds,
        args.clients,
        args.workers,
    )
    args.serve = False
    return args


def database_settings(url: str, sqlite_path: Path) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(sqlite_path),
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("--database-url must be postgres://user@host:port/name")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def peer_python(work_dir: Path) -> Path:
    """The peer's virtualenv, made (once) with the pinned packages."""
    venv = work_dir / "venv"
    python = venv / "bin" / "python"
    marker = venv / "bench-packages.txt"
    if python.exists() and marker.exists() and marker.read_text() == "\n".join(PACKAGES):
        return python
    shutil.rmtree(venv, ignore_errors=True)
    print(f"installing {' '.join(PACKAGES)} into {venv} …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PACKAGES], check=True)
    marker.write_text("\n".join(PACKAGES))
    return python


def write_project(project: Path, database: dict) -> None:
    package = project / "peerdesk"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(SETTINGS.format(database=repr(database)))
    (package / "urls.py").write_text(URLS)
    (package / "wsgi.py").write_text(WSGI)


def ticket_fields(rng: random.Random) -> dict:
    """Title, description and submitter as our bench's intake bodies make them."""
    subject = rng.choice(rng.choice(list(ours.TEXTS.values())))
    address = f"{rng.choice(ours.STREETS)}{rng.randrange(1, 300)}号{rng.choice(ours.ESTATES)}"
    phone = ours.phone_for(int(ours.PHONE_POOL * rng.random() ** 3))
    return {
        "title": subject,
        "description": f"{address}：{subject}，{rng.choice(ours.DETAILS)}。",
        "submitter_email": f"{phone}@example.com",
    }


def inside(args: argparse.Namespace) -> None:
    """Run by the peer's Python: migrate, queue + user + token, bulk history; prints JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from helpdesk.models import FollowUp, Queue, Ticket
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0)
    queue = Queue.objects.create(title="12345 热线", slug="hotline", email_address="q@example.com")
    user = get_user_model().objects.create_user(
        "operator", "operator@example.com", "unused-password", is_staff=True
    )
    token = Token.objects.create(user=user).key
    # bulk rows with their own dates, as a history spread over two years
    for name in ("created", "modified"):
        field = Ticket._meta.get_field(name)
        field.auto_now = field.auto_now_add = False
    rng = random.Random(args.seed)
    now = timezone.now()
    started, batch = time.perf_counter(), 5_000
    for first in range(0, args.history, batch):
        tickets = []
        for _ in range(min(batch, args.history - first)):
            created = now - timedelta(seconds=rng.random() * 730 * 86_400)
            f = ticket_fields(rng)
            recent = now - created < timedelta(days=30)
            tickets.append(
                Ticket(
                    queue=queue,
                    created=created,
                    modified=created,
                    status=Ticket.OPEN_STATUS if recent else Ticket.CLOSED_STATUS,
                    priority=3,
                    **f,
                )
            )
        Ticket.objects.bulk_create(tickets, batch_size=1_000)
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    ticket=t,
                    title="Ticket Opened",
                    date=t.created,
                    public=True,
                    comment=t.description,
                    user=user,
                )
                for t in tickets
            ],
            batch_size=1_000,
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(
        json.dumps(
            {
                "token": token,
                "queue": queue.pk,
                "tickets": Ticket.objects.count(),
                "history_seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


def configure_django_here(database: dict) -> None:
    """Django in this process only to list the database backends (their CPU is measured)."""
    import django
    from django.conf import settings

    settings.configure(DATABASES={"default": database}, USE_TZ=True)
    django.setup()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.inside:
        inside(args)
        return 0
    work_dir = Path(args.work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    python = peer_python(work_dir)
    project = work_dir / "project"
    sqlite_path = work_dir / "peer.sqlite3"
    database = database_settings(args.database_url, sqlite_path)
    write_project(project, database)
    if args.database_url:
        ours.ensure_postgres_database(args.database_url, fresh=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="peerdesk.settings", PYTHONPATH=str(project))
    env.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    setup = subprocess.run(
        [
            str(python),
            __file__,
            "--inside",
            "--history",
            str(args.history),
            "--seed",
            str(args.seed),
        ]
        + (["--database-url", args.database_url] if args.database_url else []),
        env=env,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        sys.stderr.write(setup.stderr)
        raise SystemExit(f"setting up django-helpdesk failed ({setup.returncode})")
    state = json.loads(setup.stdout.strip().splitlines()[-1])
    print(
        f"django-helpdesk on {'postgresql' if args.database_url else 'sqlite'}:"
        f" {state['tickets']:,} tickets in history (set up in"
        f" {time.perf_counter() - started:.1f} s); {PACKAGES[0]}",
        flush=True,
    )
    configure_django_here(database)

    rng = random.Random(args.seed + 1)
    # the API's form requires a priority (3, "normal", the model's default)
    extra = {"queue": state["queue"], "priority": 3}
    bodies = [
        json.dumps(ticket_fields(rng) | extra, ensure_ascii=False).encode() for _ in range(500)
    ]
    port = args.port or ours.free_port()
    log_path = work_dir / f"server-{port}.log"
    argv_server = [
        str(python.parent / "gunicorn"),
        "peerdesk.wsgi:application",
        "--chdir",
        str(project),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        "1",
        "--access-logfile",
        "-",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv_server, env=env, stdout=log, stderr=subprocess.STDOUT)
    post = ours.poster(
        port, {"Authorization": f"Token {state['token']}", "Content-Type": "application/json"}
    )
    try:
        ours.wait_for_server(proc, post, API_PATH, bodies[0], 201, log_path)
        result = ours.http_case(CASE, proc.pid, post, bodies, args)
    finally:
        ours.stop_server(proc)
    result["server"] = "gunicorn (sync workers)"
    result["suggestions"] = False
    report = {
        "script": "bench/peer_helpdesk.py",
        "argv": sys.argv[1:] if argv is None else argv,
        "finished": datetime.now(tz=UTC).isoformat(),
        "peer": PACKAGES,
        "database": "postgresql" if args.database_url else "sqlite",
        "history_tickets": state["tickets"],
        "cpu_count": os.cpu_count(),
        "loadavg": list(os.getloadavg()),
        "http": result,
    }
    lat, cpu = result["latency_ms"], result.get("cpu_ms_per_ticket", {})
    print(
        f"peer {report['database']}: {result['tickets_per_second']} tickets/s,"
        f" p50 {lat['p50']} ms, p95 {lat['p95']} ms, CPU per ticket: web"
        f" {cpu.get('web_workers')} ms + database {cpu.get('database_backends')} ms;"
        f" load {result['loadavg_1min']}",
        flush=True,
    )
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
