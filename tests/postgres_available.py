"""Exit 0 when the PostgreSQL server in the given DATABASE_URL answers, else 1.

Used by ``make test`` to decide whether to run the PostgreSQL pass; it says
which server it tried and why it failed so a missing run is never silent.
"""

import sys

import environ
import psycopg


def main(url: str) -> int:
    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        print(f"DATABASE_URL is not PostgreSQL ({config['ENGINE']}).")
        return 1
    try:
        # The maintenance database always exists; the test database is created later.
        psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        host = f"{config.get('HOST') or 'socket'}:{config.get('PORT') or 5432}"
        print(f"PostgreSQL at {host} did not answer: {str(error).strip()}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
