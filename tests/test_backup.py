"""`make backup` writes a pg_dump that `pg_restore` brings back, as the README describes."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from assessments.models import Answer, Assessment
from complaints.models import Complaint
from tests.assessments.test_services import answer_all

ROOT = Path(__file__).resolve().parent.parent
# Full paths (ruff S607): the tools as the README's restore steps name them.
MAKE = shutil.which("make") or "make"
PG_RESTORE = shutil.which("pg_restore") or "pg_restore"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are of the PostgreSQL database"
    ),
    pytest.mark.skipif(
        shutil.which("pg_dump") is None or shutil.which("make") is None,
        reason="needs pg_dump, pg_restore and make",
    ),
]


def url_of(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{name}"


def admin_run(statement: str) -> None:
    settings = connection.settings_dict
    server = psycopg2.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(statement)
    server.close()


def test_a_backup_restores_into_an_empty_database(assessment, manager, tmp_path):
    answer_all(assessment, manager)
    source = url_of(connection.settings_dict["NAME"])
    environment = {**os.environ, "DATABASE_URL": source, "BACKUP_DIR": str(tmp_path)}
    made = subprocess.run(
        [MAKE, "--no-print-directory", "backup"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    [dump] = tmp_path.glob("smartportal-*.dump")
    restored = f"{connection.settings_dict['NAME']}_restored"
    admin_run(f'DROP DATABASE IF EXISTS "{restored}"')
    admin_run(f'CREATE DATABASE "{restored}"')
    try:
        result = subprocess.run(
            [PG_RESTORE, "--no-owner", "--exit-on-error", "--dbname", url_of(restored), dump],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        copy = psycopg2.connect(url_of(restored))
        with copy.cursor() as cursor:
            counts = []
            for model in (Assessment, Answer, Complaint):
                cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608
                counts.append(cursor.fetchone()[0])
            cursor.execute(
                "SELECT response FROM assessments_answer WHERE assessment_id = %s", [assessment.pk]
            )
            responses = {row[0] for row in cursor.fetchall()}
        copy.close()
    finally:
        admin_run(f'DROP DATABASE IF EXISTS "{restored}"')
    assert counts == [
        Assessment.objects.count(),
        Answer.objects.count(),
        Complaint.objects.count(),
    ]
    assert counts[1] > 0
    assert responses == {"meets"}
