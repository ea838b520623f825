"""`make serve`: the portal under gunicorn with production settings on PostgreSQL.

Plain HTTP on 127.0.0.1 only (LOCAL_HTTP=true in smartportal/settings/production.py): for
trying the production set-up and for the load test (`bench/load.py` starts it the same way).
DATABASE_URL defaults to the smartportal_serve database, created if missing; SECRET_KEY is
taken from the environment or generated for this run (logins then last until a restart).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smartportal_serve"
# Sync workers, gunicorn's own rule of 2 × cores + 1 (5 on this 2-core machine): the pages are
# CPU-bound Python (templates, forms, matplotlib and ReportLab), so threads in one process
# would queue for the GIL; the workers beyond the core count use the CPU while others wait on
# PostgreSQL. Under the load test 3 workers did no better and 9 did worse (docs/benchmarks.md).
# GUNICORN_WORKERS changes it.
WORKERS = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))


def database_create(*, url: str) -> None:
    """Create the PostgreSQL database of ``url`` if it does not exist yet."""
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"This runs on PostgreSQL: {url} is not a postgres:// URL.")
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def server_environment(*, database_url: str) -> dict[str, str]:
    """The environment of the production settings, for plain HTTP on 127.0.0.1."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="smartportal.settings.production",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOCAL_HTTP="true",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
    )
    return environment


def manage(*arguments: str, environment: dict[str, str]) -> str:
    """Run manage.py with ``arguments``; its standard output."""
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


def static_collected(*, environment: dict[str, str]) -> bool:
    """Whether STATIC_ROOT has a manifest and no source file is newer than its copy there."""
    root = Path(environment.get("STATIC_ROOT") or ROOT / "staticfiles")
    if not (root / "staticfiles.json").is_file():
        return False
    report = manage("collectstatic", "--noinput", "--dry-run", environment=environment)
    return report.lstrip().startswith("0 static files copied")


def prepare(*, environment: dict[str, str]) -> None:
    """Create the database if missing, migrate it and collect the static files."""
    database_create(url=environment["DATABASE_URL"])
    manage("migrate", "--noinput", "--verbosity", "0", environment=environment)
    # Compressing every file again takes about a minute when brotli is installed (locust
    # brings it): only when a source file changed.
    if not static_collected(environment=environment):
        print("Collecting the static files (compressed; about a minute with brotli)…")
        manage("collectstatic", "--noinput", "--verbosity", "0", environment=environment)


def gunicorn_command(*, port: int, access_log: str = "-") -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        "smartportal.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--preload",
        "--worker-class",
        "sync",
        "--access-logfile",
        access_log,
    ]


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    environment = server_environment(
        database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    prepare(environment=environment)
    print(
        f"SmartPortal (production settings, gunicorn, {WORKERS} workers) at http://{HOST}:{port}/"
    )
    command = gunicorn_command(port=port)
    os.chdir(ROOT)
    os.execve(command[0], command, environment)  # noqa: S606  (gunicorn from the venv)


if __name__ == "__main__":
    main()
