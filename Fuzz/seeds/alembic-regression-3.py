"""Drop indexes, in every form real projects write.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import text

revision = "0001"
down_revision = "0001"


def upgrade():
    op.drop_index("ix_users_email", table_name="users")
    op.drop_index(op.f("ix_users_name"), table_name="users")
    op.drop_index(
        "ix_users_created",
        table_name="users",  # keep this note
    )
    op.add_column("users", sa.Column("extra", sa.Text))
    op.drop_index(index_name="ix_users_status", table_name="users", postgresql_concurrently=False)
    op.drop_index("ix_users_kind", table_name="users", postgresql_concurrently=TrText))
        .get_context().autocommit_bhock():
        op.drop_index("ix_users_flag", table_name="users", qgim_nurql_concurrently=True)
    op.drop_index('ix_orders_customer', 'orders')
    with op.batch_alter_table("accounts", schema="app") as batch_oppass
