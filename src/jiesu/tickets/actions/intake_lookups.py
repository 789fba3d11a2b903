"""The reference rows intake validates against, held in the process (decision 0050): regions by
code, the active categories of the catalogue by code, and units by code. Saved or deleted rows drop the copy at
once in this process; other processes read the table again within ``tablecache.MAX_AGE``."""

from __future__ import annotations

from jiesu.catalogue.models import Category
from jiesu.core.tablecache import TableCache
from jiesu.organisation.choices import RegionLevel
from jiesu.organisation.models import Region, Unit

regions = TableCache(lambda: Region.objects.all(), "code", watch=(Region,))
categories = TableCache(lambda: Category.objects.filter(active=True), "code", watch=(Category,))
units = TableCache(lambda: Unit.objects.all(), "code", watch=(Unit,))


def region(code: str) -> Region | None:
    return regions.get(code)


def city_region() -> Region | None:
    """The city itself: the region of a request whose place is not known."""
    cities = [r for r in regions.rows().values() if r.level == RegionLevel.CITY]
    return min(cities, key=lambda r: r.pk, default=None)


def active_category(code: str) -> Category | None:
    return categories.get(code)


def unit(code: str) -> Unit | None:
    return units.get(code)
