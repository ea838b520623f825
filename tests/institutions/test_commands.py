import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from institutions.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_import_institutions_command_reports_what_it_did(tmp_path, capsys):
    path = tmp_path / "institutions.csv"
    path.write_text(
        "code;kind;name_az;name_en;name_ru\nqala-bank;bank;Qala Bank;Gala Bank;Гала Банк\n",
        encoding="utf-8-sig",
    )
    call_command("import_institutions", str(path))
    assert "1 institution(s) created, 0 updated" in capsys.readouterr().out
    call_command("import_institutions", str(path))
    assert "0 institution(s) created, 1 updated" in capsys.readouterr().out
    assert Institution.objects.get().name_ru == "Гала Банк"


def test_import_institutions_command_fails_on_a_bad_row_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "institutions.csv"
    path.write_text(
        "code,kind,name_az,name_en,name_ru\nok,bank,OK,OK,OK\nbad,bankk,Bad,Bad,Bad\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_institutions", str(path))
    assert "Row 3:" in capsys.readouterr().err
    assert not Institution.objects.exists()


def test_import_institutions_command_exits_non_zero(tmp_path):
    path = tmp_path / "institutions.csv"
    path.write_text("code,kind\nx,bank\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_institutions", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "smartportal.settings.test"},
        check=False,
    )
    assert result.returncode != 0
    assert "Sətir 1: çatışmayan sütun(lar): name_az, name_en, name_ru" in result.stderr
