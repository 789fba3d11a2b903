"""Table cells of a report as the page shows them, the same text as in the documents."""

from django import template

from jiesu.assessment.documents import Table as DocTable
from jiesu.assessment.documents import cell
from jiesu.reports.presentation import Table, cell_text

register = template.Library()


@register.filter
def table_rows(table: Table) -> list[list[str]]:
    return [
        [cell_text(v, kind) for v, kind in zip(row, table.kinds(), strict=True)]
        for row in table.rows()
    ]


@register.filter
def doc_rows(table: DocTable) -> list[list[str]]:
    return [[cell(v, i in table.percent_columns) for i, v in enumerate(row)] for row in table.rows]
