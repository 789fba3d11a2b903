"""A generated report is kept as it was: the same week again returns it; ``regenerate`` adds a
new version from today's data and the old one stays; nothing is changed or deleted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiesu.reports.actions import generate_weekly_hotspots
from jiesu.reports.models import HotspotReport
from jiesu.reports.tests.scenario import WEEK_ENDING, generate, in_week, take_in

pytestmark = pytest.mark.usefixtures("city")


def test_the_same_week_again_returns_the_report_as_it_was():
    # given
    take_in(2, in_week(0))
    first, created = generate_weekly_hotspots(WEEK_ENDING, now=timezone.now())
    take_in(3, in_week(0))  # late-imported tickets of that week
    # when
    again, created_again = generate_weekly_hotspots(WEEK_ENDING, now=timezone.now())
    # then
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert (again.version, again.ticket_count, again.data["totals"]["count"]) == (1, 2, 2)
    assert HotspotReport.objects.count() == 1


def test_regenerating_adds_a_version_and_keeps_the_old_one(clock):
    # given
    take_in(2, in_week(0))
    first = generate()
    take_in(3, in_week(0))
    clock.shift(3600)
    # when
    second, created = generate_weekly_hotspots(WEEK_ENDING, now=timezone.now(), regenerate=True)
    # then
    assert created
    assert (second.version, second.ticket_count, second.period_end) == (2, 5, WEEK_ENDING)
    assert second.generated_at > first.generated_at
    first.refresh_from_db()
    assert (first.version, first.ticket_count, first.data["totals"]["count"]) == (1, 2, 2)
    # and the latest version is what the week gives from then on
    assert generate().pk == second.pk


def test_other_weeks_have_their_own_versions():
    # when
    a = generate()
    b = generate(WEEK_ENDING.replace(day=15))
    # then
    assert (a.version, b.version) == (1, 1)
    assert b.period_start.isoformat() == "2025-06-09"


def test_a_report_cannot_be_changed_or_deleted():
    # given
    report = generate()
    # then
    report.ticket_count = 99
    with pytest.raises(TypeError):
        report.save()
    with pytest.raises(TypeError):
        report.delete()
    with pytest.raises(TypeError):
        HotspotReport.objects.filter(pk=report.pk).update(ticket_count=99)
    with pytest.raises(TypeError):
        HotspotReport.objects.all().delete()
    report.refresh_from_db()
    assert report.ticket_count == 0
