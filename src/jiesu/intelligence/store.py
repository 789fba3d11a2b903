"""Where trained models live: files under ``DATA_DIR/models/`` and one ``TrainedModel`` row each.
Loading never raises: a missing, corrupt or outdated model means no suggestions, said in the
log (and on the admin's model page), and intake goes on."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiesu.intelligence.classifier import FORMAT, Classifier
from jiesu.intelligence.models import TrainedModel

logger = logging.getLogger("jiesu.intelligence")

_lock = threading.Lock()
_cache: dict[str, Any] = {"version": None, "bundle": None, "problem": "", "failed_at": 0.0}
#: a model that could not be loaded is tried again after this many seconds, so that a file put
#: back or replaced by hand brings the suggestions back without restarting the web server
RETRY_SECONDS = 30.0


def models_dir() -> Path:
    path = Path(settings.DATA_DIR) / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(
    model: Classifier,
    *,
    now: datetime,
    samples: int,
    seconds: float,
    metrics: dict[str, Any],
    units: dict[str, list[tuple[str, float]]],
) -> TrainedModel:
    """Write the model file, record it, make it the active one; the earlier ones stay."""
    version = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")  # as the admin shows it
    path = models_dir() / f"classifier-{version}.joblib"
    bundle = {
        "format": FORMAT,
        "version": version,
        "trained_at": now.isoformat(),
        "classifier": model,
        "units": units,
    }
    joblib.dump(bundle, path, compress=3)
    with transaction.atomic():
        TrainedModel.objects.filter(active=True).update(active=False)
        row = TrainedModel.objects.create(
            version=version,
            trained_at=now,
            file=str(path),
            samples=samples,
            seconds=round(seconds, 2),
            metrics=metrics,
            active=True,
        )
    return row


def _load(row: TrainedModel) -> tuple[dict | None, str]:
    try:
        bundle = joblib.load(row.file)
    except FileNotFoundError:
        return None, _("模型文件不存在：%(file)s") % {"file": row.file}
    except Exception as exc:  # a corrupt or foreign file: any unpickling error
        return None, _("模型文件无法读取（%(name)s）：%(file)s") % {
            "name": type(exc).__name__,
            "file": row.file,
        }
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        return None, _("模型版本过旧，请重新训练（jiesu ml train）：%(file)s") % {"file": row.file}
    return bundle, ""


@cache
def _active_sql() -> str:
    """The active model's version: written once, not composed per suggestion (decision 0065)."""
    q = connection.ops.quote_name
    return (
        f"SELECT {q('version')} FROM {q(TrainedModel._meta.db_table)} WHERE {q('active')} = %s "
        f"ORDER BY {q('trained_at')} DESC LIMIT 1"
    )


def active_bundle() -> dict | None:
    """The active model's bundle (classifier, units by label), loaded once per process and
    again when another model becomes active; ``None`` with the reason in ``problem()``."""
    with connection.cursor() as cursor:  # every call, so a new model is used at once
        cursor.execute(_active_sql(), [True])
        row = cursor.fetchone()
    version = row[0] if row else None
    if version is None:
        _cache.update(version=None, bundle=None, problem=_("尚未训练分类模型（jiesu ml train）。"))
        return None
    if _cache["version"] == version and not _retry_due():
        return _cache["bundle"]
    with _lock:
        if _cache["version"] != version or _retry_due():
            row = TrainedModel.objects.get(version=version)
            bundle, problem = _load(row)
            if problem:
                logger.warning(_("智能建议已停用：%s"), problem)
            failed_at = time.monotonic() if problem else 0.0
            _cache.update(version=version, bundle=bundle, problem=problem, failed_at=failed_at)
    return _cache["bundle"]


def _retry_due() -> bool:
    """The loaded version failed, and long enough ago to try its file again."""
    failed_at = _cache["failed_at"]
    return bool(failed_at) and time.monotonic() - failed_at >= RETRY_SECONDS


def problem() -> str:
    """Why there are no suggestions now ('' when the active model is loaded)."""
    active_bundle()
    return _cache["problem"]


def forget() -> None:
    """Drop the loaded model (tests)."""
    _cache.update(version=None, bundle=None, problem="", failed_at=0.0)
