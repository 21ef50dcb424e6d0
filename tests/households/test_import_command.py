"""`manage.py import_households FILE --commune CODE [--dry-run]`: the same engine and report."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from giamngheo.models import AuditEntry
from households.models import Household
from tests.households.fixtures_import import commune_list_xlsx, person, template_rows, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_file(tmp_path, village_a, village_b):
    path = tmp_path / "ds-2025.xlsx"
    path.write_bytes(
        commune_list_xlsx(
            [
                ("Thôn Hà Thượng", [person("Nguyễn Văn An", cccd=46175001234)]),
                ("Thôn Hà Trữ", [person("Trần Văn Bình")]),
            ]
        )
    )
    return path


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_households", *map(str, args), stdout=out)
    return out.getvalue()


def test_it_imports_and_prints_the_report(good_file, commune):
    out = run(good_file, "--commune", commune.code)

    assert "Thêm mới: 2 hộ · Cập nhật: 0 hộ · Không đổi: 0 hộ" in out
    assert "Dòng 11, Số CCCD (cột E): Số CCCD nhập dạng số đã mất số 0 ở đầu" in out
    assert "KẾT QUẢ: đã nhập — thêm 2, cập nhật 0, không đổi 0 hộ." in out
    assert Household.objects.count() == 2
    entry = AuditEntry.objects.get(action="household.imported")
    assert entry.actor is None and entry.data["file"] == "ds-2025.xlsx"


def test_a_dry_run_writes_nothing(good_file, commune):
    out = run(good_file, "--commune", commune.code, "--dry-run")

    assert "chạy thử, chưa ghi gì" in out
    assert not Household.objects.exists() and not AuditEntry.objects.exists()


def test_a_refused_file_exits_non_zero_and_writes_nothing(tmp_path, commune, village_a, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(
        xlsx(template_rows({"head_name": "Lê Văn Tí", "village": "Hà Thượng", "category": "xyz"}))
    )

    with pytest.raises(CommandError, match="Tệp có lỗi"):
        run(path, "--commune", commune.code)
    assert not Household.objects.exists()


def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "manage.py", "import_households", str(tmp_path / "none.xlsx"), "--commune", "19945"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Không tìm thấy tệp" in done.stderr


def test_unknown_commune_or_file_is_an_error(good_file, tmp_path):
    with pytest.raises(CommandError, match="Không có xã/phường mã 99999"):
        run(good_file, "--commune", "99999")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(tmp_path / "none.xlsx", "--commune", "19945")


def test_options_set_the_year_the_default_village_and_the_actor(tmp_path, commune, village_b, officer):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([["Chủ hộ", "Loại hộ"], ["Cao Văn Lâm", "HN"]]))

    run(
        path,
        "--commune",
        commune.code,
        "--year",
        "2024",
        "--village",
        "Thôn Hà Trữ",
        "--user",
        officer.username,
    )

    household = Household.objects.get()
    assert household.village == village_b and household.classifications.get().year == 2024
    assert AuditEntry.objects.get(action="household.imported").actor == officer
