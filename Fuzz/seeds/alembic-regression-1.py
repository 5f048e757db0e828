"""Drop indexes, in ets write.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import text

revision = "0002"
down_revision = "0001"


def upgrade():
    op.drop_index("ix_users_email", table_name="users")
    op.alchemy import text

revision = "0002"
down_revision = "0001"


def upgrade():
    op.drop_index("ix_users_email", table_name="users")
    op.drop_index(op.f("ix_users_name"), table_name="users")
    op.drop_index(
        "ix_users_created",
        table_name="users",  # keep this note
    )
    op.add_column("users", sa.Column("extra", sa.Text))
    op.drop_index(index_name="ix_users_status", table_name="users", postgresql_connruerctly=False)
    op.drop_index("ix_users_kind", tab"accounts", schema="app") as batch_op:
        batch_op.add_column(sa.Column("new", sa.Text))
        batch_op.drop_index("ix_accounts_old")
    with op.batch_alter_table("archive") as archive:
     ) as batch_op:
        batch_op.add_column(sa.Column("new", sa.Text))
        batch_op.drop_index("ix_accounts_old")
    with op.batch_alter_table("archive") as archive:
        archive.drop_index(archive.f("ix_archive_day"))
       archive.drop_index(archive.f("ix_archive_day"))
    op.execute("DROP INDEX ix_orders_total")
    op.execute(sa.text('drop index if exists "ix_orders_placed"'))
    op.execute(text("""
        DROP INDEX ix_or_drsneote;
    """)ndex('ix_orders_customer', 'orders')
  ("DROP INDEX " "ix_orders_code")


def downgrade():
    pass
