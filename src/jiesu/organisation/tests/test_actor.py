"""The actor behind a user: role and unit from the membership; superusers act as administrators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jiesu.organisation.actor import SYSTEM, actor_for
from jiesu.testing.builders import add_person, person

pytestmark = pytest.mark.usefixtures("city")


@pytest.mark.parametrize(
    ("username", "role", "unit", "on_platform", "on_city_platform", "in_unit_desk"),
    [
        ("operator", "operator", "city-platform", True, True, False),
        ("dispatcher", "platform_dispatcher", "city-platform", True, True, False),
        ("county", "platform_dispatcher", "hsg-platform", True, False, False),
        ("handler", "unit_handler", "city-housing", False, False, True),
        ("reviewer", "unit_reviewer", "city-housing", False, False, True),
        ("leader", "unit_leader", "city-housing", False, False, True),
        ("street", "unit_handler", "hsg-st-1", False, False, True),
        ("supervisor", "supervisor", None, False, False, False),
        ("citizen", "citizen", None, False, False, False),
    ],
)
def test_demo_people(username, role, unit, on_platform, on_city_platform, in_unit_desk):
    actor = person(username)
    assert actor.username == username and actor.role == role
    assert (actor.unit.code if actor.unit else None) == unit
    assert (actor.on_platform, actor.on_city_platform, actor.in_unit_desk) == (
        on_platform,
        on_city_platform,
        in_unit_desk,
    )
    assert actor.is_admin is False


def test_a_superuser_without_a_desk_is_an_administrator():
    actor = person("admin")
    assert actor.role == "admin" and actor.is_admin and actor.on_platform and actor.on_city_platform
    assert actor.works_for(12345)


def test_a_user_without_a_desk_is_a_citizen():
    user = get_user_model().objects.create_user(username="walk-in", password="x-test-password")
    actor = actor_for(user)
    assert (actor.role, actor.unit, actor.user_id) == ("citizen", None, user.pk)
    assert not actor.on_platform


def test_a_platform_role_outside_a_platform_is_not_on_the_platform():
    # an "operator" wrongly placed in a department does not get platform powers
    actor = add_person("misplaced", "operator", "city-housing")
    assert not actor.on_platform and not actor.on_city_platform


def test_works_for_its_own_unit_only():
    handler = person("handler")
    assert handler.works_for(handler.unit_id)
    assert not handler.works_for(person("street").unit_id)


def test_system_actor():
    assert (SYSTEM.user_id, SYSTEM.username, SYSTEM.role, SYSTEM.unit_id) == (
        None,
        "system",
        "system",
        None,
    )
