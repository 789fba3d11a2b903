"""The database's own full-text index over the segmented passages (see knowledge/index.py)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_passage_fts USING fts5("
    "title_tokens, body_tokens, content='knowledge_passage', content_rowid='id', "
    "tokenize='unicode61')",
    "CREATE TRIGGER knowledge_passage_fts_ai AFTER INSERT ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER knowledge_passage_fts_ad AFTER DELETE ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER knowledge_passage_fts_au AFTER UPDATE ON knowledge_passage BEGIN "
    "INSERT INTO knowledge_passage_fts(knowledge_passage_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); "
    "INSERT INTO knowledge_passage_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_passage_fts_au",
    "DROP TRIGGER IF EXISTS knowledge_passage_fts_ad",
    "DROP TRIGGER IF EXISTS knowledge_passage_fts_ai",
    "DROP TABLE IF EXISTS knowledge_passage_fts",
]
POSTGRES = [
    "CREATE INDEX knowledge_passage_fts ON knowledge_passage USING GIN (("
    "setweight(to_tsvector('simple', title_tokens), 'A') || "
    "setweight(to_tsvector('simple', body_tokens), 'B')))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS knowledge_passage_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
