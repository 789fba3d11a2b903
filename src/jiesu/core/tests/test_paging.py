"""Every list pages the same way: one row more than the page, and no page deeper than 1 000."""

from __future__ import annotations

import pytest

from jiesu.core.errors import ValidationFailed
from jiesu.core.paging import MAX_PAGE, page_window, split_page


def test_the_window_reads_one_row_past_the_page():
    assert page_window(1, 50) == (0, 51)
    assert page_window(3, 20) == (40, 61)
    assert page_window(0, 20) == (0, 21)  # below the first page is the first page


def test_a_page_beyond_the_limit_is_refused_before_any_query():
    assert page_window(MAX_PAGE, 50)[0] == (MAX_PAGE - 1) * 50
    with pytest.raises(ValidationFailed) as exc:
        page_window(MAX_PAGE + 1, 50)
    assert exc.value.code == "page_out_of_range" and exc.value.status == 422


def test_the_extra_row_tells_whether_a_next_page_exists():
    assert split_page([1, 2, 3], 2) == ([1, 2], True)
    assert split_page([1, 2], 2) == ([1, 2], False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/supervisions?page=10000000000000000000", "/reports/hotspots?page=1001"]
)
def test_deep_pages_of_other_lists_are_a_clear_error(api, path):
    response = api("supervisor").get(path)
    assert (response.status, response.body["code"]) == (422, "page_out_of_range")
