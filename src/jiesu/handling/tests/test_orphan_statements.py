"""A statement written to storage by an upload whose transaction rolled back is named by no
return; the hourly clean-up removes it once no upload can still be committing it, and never
touches a return's own statement."""

from __future__ import annotations

import os
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jiesu.handling.actions.statements import remove_orphan_statements
from jiesu.handling.models import ReturnRequest
from jiesu.handling.tasks import orphan_statements
from jiesu.testing.handling import PDF, ask_return, upload

STORAGE = ReturnRequest._meta.get_field("statement").storage


def age(name: str, hours: int) -> None:
    when = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(STORAGE.path(name), (when, when))


def rolled_back_upload(api, request_id: int) -> str:
    """Upload a statement inside a transaction that then rolls back: the row keeps its old
    state, the file written on the way stays in storage."""
    before = set(_all_files())
    try:
        with transaction.atomic():
            status, body = upload(api("handler"), request_id, "情况说明.pdf", PDF)
            assert status == 200, body
            raise RuntimeError("the caller's transaction fails after the upload")
    except RuntimeError:
        pass
    (left,) = set(_all_files()) - before
    return left


def _all_files():
    from jiesu.handling.actions.statements import STATEMENTS_DIR, _files

    return list(_files(STORAGE, STATEMENTS_DIR)) if STORAGE.exists(STATEMENTS_DIR) else []


def test_a_file_left_by_a_rolled_back_upload_is_removed_after_the_grace_period(api, housing):
    # given one return with its statement, and a second upload of it that rolled back
    _number, aid = housing
    asked = ask_return(api, aid)
    upload(api("handler"), asked.body["id"], "退单情况说明.pdf", PDF)
    kept = ReturnRequest.objects.get(pk=asked.body["id"]).statement.name
    orphan = rolled_back_upload(api, asked.body["id"])
    assert ReturnRequest.objects.get(pk=asked.body["id"]).statement.name == kept
    age(orphan, 2)
    age(kept, 2)
    # when
    removed = remove_orphan_statements()
    # then
    assert removed == [orphan]
    assert (STORAGE.exists(orphan), STORAGE.exists(kept)) == (False, True)


def test_a_young_file_is_left_for_an_upload_that_may_still_commit(api, housing):
    # given
    _number, aid = housing
    asked = ask_return(api, aid)
    orphan = rolled_back_upload(api, asked.body["id"])
    # when the clean-up runs within the hour
    removed = remove_orphan_statements()
    # then
    assert removed == []
    assert STORAGE.exists(orphan)


def test_the_hourly_task_runs_the_clean_up(api, housing):
    # given
    _number, aid = housing
    asked = ask_return(api, aid)
    orphan = rolled_back_upload(api, asked.body["id"])
    age(orphan, 3)
    # when
    count = orphan_statements.call_local()
    # then
    assert (count, STORAGE.exists(orphan)) == (1, False)


def test_nothing_to_clean_before_any_statement(db):
    assert remove_orphan_statements() == []
