"""Trigram indexes for the word search (``tickets.search``), on PostgreSQL only: SQLite has no
``pg_trgm`` and the search reads a bounded window of the newest tickets there instead."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ticket_subject_trgm ON tickets_ticket "
    "USING gin (subject gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ticket_content_trgm ON tickets_ticket "
    "USING gin (content gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS ticket_content_trgm",
    "DROP INDEX IF EXISTS ticket_subject_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("tickets", "0009_supervision_event_kinds")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
