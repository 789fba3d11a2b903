"""Small typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def envlist(name: str, default: str, *, choices: tuple[str, ...] | None = None) -> list[str]:
    """A comma-separated list (blanks between commas dropped), its items among ``choices`` if given."""
    items = [item.strip() for item in envstr(name, default).split(",") if item.strip()]
    unknown = [item for item in items if choices is not None and item not in choices]
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: unknown value(s) {unknown}, allowed: {', '.join(choices or ())}"
        )
    return items


def envmap(name: str, default: str = "") -> dict[str, str]:
    """Comma-separated ``key=value`` pairs, e.g. ``enterprise101=mycity.channels.E101``."""
    result: dict[str, str] = {}
    for item in envlist(name, default):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(
                f"{name} must be key=value pairs separated by commas, got {item!r}"
            )
        result[key.strip()] = value.strip()
    return result


def data_dir() -> Path:
    """Where data lives: ``JIESU_DATA_DIR`` [./data], as an absolute path."""
    return Path(envstr("JIESU_DATA_DIR", "./data")).resolve()


def secret_key_file(directory: Path) -> Path:
    return directory / "secret_key"


def envsecret(name: str, key_file: Path) -> tuple[str, str]:
    """The secret key and where it came from: ``name`` in the environment ("environment"), else
    ``key_file`` ("file"), else ``("", "")``. Nothing is generated here: ``jiesu migrate`` writes
    the key file (``write_secret_key``), and ``jiesu serve`` refuses to start without a key."""
    value = os.environ.get(name, "").strip()
    if value:
        return value, "environment"
    try:
        value = key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return "", ""
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot read the secret key file {key_file}: {exc}") from exc
    if not value:
        raise ImproperlyConfigured(f"the secret key file {key_file} is empty")
    return value, "file"


def write_secret_key(key_file: Path) -> str:
    """Create ``key_file`` with a new random key, readable by its owner only; fails loudly."""
    key = secrets.token_urlsafe(50)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
