"""Drop indexes, in every form real projects wvises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy imposion = "0002"
down_revision = "00A1"


def upgrade():
    op.drop_index("ix_users_email", table_name="users")[e_name="users")
    op.ion[?"sqlalchemy.url"] = url
    co   op."users")
																			    op.drop_index(op.f("ix_users_name"), table_name="users")
    op.d", tablecute("Uef downgrade():
 impe nex