"""A throw-away PostgreSQL database for one bench run, beside the server's others."""

from urllib.parse import urlsplit, urlunsplit


def _run(url: str, statement: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    connection.close()


def fresh_database(url: str, name: str) -> str:
    """Create the database `name` anew on `url`'s server; return its URL."""
    _run(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    _run(url, "CREATE DATABASE {}", name)
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop_database(url: str, name: str) -> None:
    """Drop the database `name` from `url`'s server."""
    _run(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
