"""The catalogue proposes units to the platform that dispatches (R3, R6): a county-level route
(a county's own department or township) is the county platform's proposal for its 转派, and the
city platform's route to that county's platform (属地管理)."""

from __future__ import annotations

import pytest

from jiesu.catalogue.models import Category, Route
from jiesu.catalogue.queries import proposal_for
from jiesu.core.errors import ValidationFailed
from jiesu.organisation.models import Region, Unit
from jiesu.testing.builders import make_ticket, person, sh
from jiesu.tickets import actions
from jiesu.tickets.actions.redispatch import redispatch_assignment

pytestmark = pytest.mark.usefixtures("city")

AT = sh(2026, 11, 24, 9, 30)


def _codes(proposal):
    main, assists = proposal
    return main.code, [u.code for u in assists]


def test_a_county_route_is_the_county_platforms_proposal_and_the_citys_county_platform():
    # given the demo catalogue: 物业管理 in 黄石港区 is handled by the district's housing bureau
    category = Category.objects.get(code="urban-property")
    hsg = Region.objects.get(code="hsg")
    # when the county platform and the city platform ask for a proposal
    county = _codes(proposal_for(category, hsg, Unit.objects.get(code="hsg-platform")))
    city = _codes(proposal_for(category, hsg, Unit.objects.get(code="city-platform")))
    # then the county is proposed its own department, the city the county platform
    assert county == ("hsg-housing", [])
    assert city == ("hsg-platform", [])


def test_a_route_naming_the_county_platform_itself_proposes_nothing_to_it():
    category = Category.objects.get(code="urban-property")
    hsg = Region.objects.get(code="hsg")
    platform = Unit.objects.get(code="hsg-platform")
    Route.objects.filter(category=category, region=hsg).update(main_unit=platform)
    assert proposal_for(category, hsg, platform) is None
    assert _codes(proposal_for(category, hsg, Unit.objects.get(code="city-platform"))) == (
        "hsg-platform",
        [],
    )


def test_the_county_platform_redispatches_by_the_catalogue_when_no_unit_is_named():
    # given a local matter the city dispatched to 黄石港区 by the catalogue
    ticket = make_ticket(now=AT, region="hsg", category="urban-property")
    (top,) = actions.dispatch_ticket(
        ticket.number, main_unit=None, actor=person("dispatcher"), now=AT
    )
    assert top.unit.code == "hsg-platform"
    # when the county platform re-dispatches without naming a unit
    (child,) = redispatch_assignment(top.pk, main_unit=None, actor=person("county"), now=AT)
    # then the county-level route's unit is taken
    assert child.unit.code == "hsg-housing" and child.parent_id == top.pk


def test_a_county_platform_dispatches_what_it_took_in_by_the_county_route():
    ticket = make_ticket(now=AT, by="county", region="hsg", category="urban-property")
    (a,) = actions.dispatch_ticket(ticket.number, main_unit=None, actor=person("county"), now=AT)
    assert a.unit.code == "hsg-housing"


def test_redispatch_without_unit_or_route_asks_for_one():
    ticket = make_ticket(now=AT, region="hsg", category=None)
    (top,) = actions.dispatch_ticket(
        ticket.number, main_unit="hsg-platform", actor=person("dispatcher"), now=AT
    )
    with pytest.raises(ValidationFailed) as exc:
        redispatch_assignment(top.pk, main_unit=None, actor=person("county"), now=AT)
    assert exc.value.code == "main_unit_required"
