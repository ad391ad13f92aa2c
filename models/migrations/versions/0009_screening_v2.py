"""screening v2: employer identity fields and the families staff cleared

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

- `job_posting.employer_url`, `employer_tax_id`, `employer_address`: who the employer is, from the
  JSON-LD hiringOrganization (url / sameAs, taxID, address) or CSV columns; the screener's identity
  check reads them, so a website given only in `sameAs` counts.
- `job_posting.cleared_families`: the rule families present when staff cleared a held posting.
  `wayfinder screening rescreen` holds a cleared posting again only when a family outside these fires.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("job_posting", sa.Column("employer_url", sa.String(length=1000), nullable=True))
    op.add_column("job_posting", sa.Column("employer_tax_id", sa.String(length=60), nullable=True))
    op.add_column("job_posting", sa.Column("employer_address", sa.String(length=300), nullable=True))
    op.add_column("job_posting", sa.Column("cleared_families", sa.ARRAY(sa.String()), nullable=True))


def downgrade() -> None:
    for column in ("cleared_families", "employer_address", "employer_tax_id", "employer_url"):
        op.drop_column("job_posting", column)
