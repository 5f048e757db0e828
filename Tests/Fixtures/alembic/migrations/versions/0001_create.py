"""Create the tables and the indexes the next revision drops.

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None

INDEXES = {
    "users": ["email", "name", "created", "status", "kind", "flag"],
    "orders": ["customer", "total", "placed", "note", "state", "region", "code"],
}


def upgrade():
    op.execute("CREATE SCHEMA app")
    for table, columns in INDEXES.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True),
            *[sa.Column(column, sa.Text) for column in columns],
        )
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column])
    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True), sa.Column("old", sa.Text), schema="app")
    op.create_index("ix_accounts_old", "accounts", ["old"], schema="app")
    op.create_table("archive", sa.Column("id", sa.Integer, primary_key=True), sa.Column("day", sa.Text))
    op.create_index("ix_archive_day", "archive", ["day"])


def downgrade():
    pass
