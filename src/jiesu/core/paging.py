"""Pages without counts, the same way for every list: ask for one row more than the page to
know whether there is a next one, and refuse pages deeper than anyone works through."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed

# A list is for working through recent items; deeper pages are narrowed with filters instead.
# (It also keeps OFFSET inside the database's integer range.)
MAX_PAGE = 1000


def page_window(page: int, page_size: int) -> tuple[int, int]:
    """``(offset, stop)`` of ``page`` (1-based), ``stop`` one row past the page."""
    if page > MAX_PAGE:
        raise ValidationFailed(
            "page_out_of_range",
            _("页码不能超过%(MAX_PAGE)s，请用筛选条件缩小范围。") % {"MAX_PAGE": MAX_PAGE},
            field="page",
        )
    offset = (max(page, 1) - 1) * page_size
    return offset, offset + page_size + 1


def split_page(rows: list, page_size: int) -> tuple[list, bool]:
    """The page and whether a next one exists, from rows fetched up to ``stop``."""
    return rows[:page_size], len(rows) > page_size
