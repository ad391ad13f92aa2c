"""Alembic environment: runs against the engine handed in by `models.migrate`, or the settings' URL."""

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import models  # noqa: F401 - registers every table on the metadata
from models.db import make_engine
from models.settings import get_settings

target_metadata = SQLModel.metadata


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with make_engine(get_settings()).connect() as conn:
        run(conn)
