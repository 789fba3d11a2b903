"""The catalogue as the desk's selects offer it (R6): grouped by industry, each industry
selectable itself, switched-off items left out."""

from __future__ import annotations

from jiesu.catalogue.models import Category
from jiesu.catalogue.queries import category_choices
from jiesu.desk.tests.test_intake_desk import desk


def test_each_industry_opens_its_group_and_can_be_chosen(city):
    choices = dict(category_choices())
    urban = Category.objects.get(code="urban-property").parent
    options = choices[urban.name]
    # the industry first, marked as such, then its matters
    assert options[0] == (urban.code, f"{urban.name}（大类）")
    assert ("urban-property", Category.objects.get(code="urban-property").name) in options
    # every active item is offered exactly once
    offered = [code for group in choices.values() for code, _label in group]
    assert sorted(offered) == sorted(
        Category.objects.filter(active=True).values_list("code", flat=True)
    )


def test_an_imported_industry_without_matters_is_offered(city):
    # given a top-level category created by a history import (the classifier may propose it)
    Category.objects.create(code="hist-urban", name="历史导入大类")
    Category.objects.create(code="off", name="停用", active=False)
    choices = dict(category_choices())
    assert choices["历史导入大类"] == [("hist-urban", "历史导入大类（大类）")]
    assert "停用" not in choices
    # and the intake form's select lists it, so that the suggestion chip can select it
    page = desk("operator").get("/desk/new/").content.decode()
    assert '<option value="hist-urban">历史导入大类（大类）</option>' in page
