"""PostgreSQL: rank on a stored tsvector column instead of an expression (ts_rank on the
expression recomputed to_tsvector for every match). Nothing on SQLite."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple', title_tokens), 'A') || "
    "setweight(to_tsvector('simple', body_tokens), 'B')"
)
FORWARD = [
    "DROP INDEX IF EXISTS knowledge_passage_fts",
    f"ALTER TABLE knowledge_passage ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    "CREATE INDEX knowledge_passage_search_vector ON knowledge_passage USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_passage_search_vector",
    "ALTER TABLE knowledge_passage DROP COLUMN IF EXISTS search_vector",
    f"CREATE INDEX knowledge_passage_fts ON knowledge_passage USING GIN (({VECTOR}))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_full_text")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
