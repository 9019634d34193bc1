"""A lost database connection, as a PostgreSQL restart causes it."""

import psycopg
from django.db import connection


def kill_own_connection() -> None:
    """Have PostgreSQL end this process's Django connection, as a database
    restart does, from a second connection of our own."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
