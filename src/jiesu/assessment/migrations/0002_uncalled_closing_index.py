"""A partial index on the closings without callback (R17) for the satisfaction figures: the
period's ``closed`` events with ``called_back: false`` are read from it rather than by opening
the JSON of every closing (decision 0040). It lives on ``tickets.Event`` but serves the
assessment's query, whose condition it must repeat word for word (``assessment.indexes``)."""

from django.db import migrations

from jiesu.assessment.indexes import INDEX_NAME, index_sql


def create(apps, schema_editor):
    sql = index_sql(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if index_sql(schema_editor.connection.vendor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("tickets", "0013_assessment_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
