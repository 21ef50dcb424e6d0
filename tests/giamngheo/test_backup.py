"""`manage.py backup` writes one archive; `manage.py restore` brings it back, verified."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from giamngheo import audit, backup
from giamngheo.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(transactional_db, settings, tmp_path, officer, village_a, make_household):
    """Committed data (the backup reads the database from outside the test's transaction) and
    one uploaded file in each folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "du-an/cam-ket/2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "du-an/cam-ket/2026/3f2a.pdf").write_bytes(b"%PDF-1.7 cam ket")
    (settings.PRIVATE_ROOT / "imports").mkdir(parents=True)
    (settings.PRIVATE_ROOT / "imports/ab12.xlsx").write_bytes(b"PK\x03\x04 danh sach")
    for _ in range(3):
        make_household()
    audit.record(officer, village_a, "village.updated", changes={"name": ["A", "B"]})
    return tmp_path


def run_restore(archive: Path, database_url: str, folder: Path) -> subprocess.CompletedProcess:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_ROOT": str(folder / "private"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_archive_holds_the_database_the_files_and_a_manifest(world, capsys):
    archive = world / "out/backup.tar.gz"
    call_command("backup", output=str(archive))
    assert "Đã sao lưu" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"files/media/du-an/cam-ket/2026/3f2a.pdf", "files/private/imports/ab12.xlsx"} <= names
    assert (backup.PG_DUMP if connection.vendor == "postgresql" else backup.SQLITE_COPY) in names
    assert manifest["tables"]["households_household"]["rows"] == 3
    assert manifest["tables"]["giamngheo_auditentry"]["rows"] == AuditEntry.objects.count()
    assert set(manifest["files"]) == {
        "files/media/du-an/cam-ket/2026/3f2a.pdf",
        "files/private/imports/ab12.xlsx",
    }


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="restores into a SQLite file")


@sqlite_only
def test_a_backup_restores_into_an_empty_sqlite_database_and_verifies(world):
    archive = world / "backup.tar.gz"
    call_command("backup", output=str(archive))
    target = world / "restored"
    result = run_restore(archive, sqlite_url(target / "db.sqlite3"), target)
    assert result.returncode == 0, result.stderr
    assert "khớp với bản sao lưu" in result.stdout
    assert (target / "media/du-an/cam-ket/2026/3f2a.pdf").read_bytes() == b"%PDF-1.7 cam ket"
    import sqlite3

    restored = sqlite3.connect(target / "db.sqlite3")
    assert restored.execute("SELECT count(*) FROM households_household").fetchone() == (3,)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    summary = backup.table_summary(restored.cursor(), backup.sqlite_tables(restored), backup._quote)
    assert summary == manifest["tables"]


@sqlite_only
def test_restore_refuses_a_database_that_is_not_empty(world):
    archive = world / "backup.tar.gz"
    call_command("backup", output=str(archive))
    target = world / "restored"
    assert run_restore(archive, sqlite_url(target / "db.sqlite3"), target).returncode == 0
    again = run_restore(archive, sqlite_url(target / "db.sqlite3"), world / "other-folder")
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích không trống" in again.stderr


@sqlite_only
def test_restore_refuses_file_folders_that_are_not_empty(world):
    archive = world / "backup.tar.gz"
    call_command("backup", output=str(archive))
    target = world / "restored"
    (target / "media").mkdir(parents=True)
    (target / "media/old.pdf").write_bytes(b"%PDF old")
    result = run_restore(archive, sqlite_url(target / "db.sqlite3"), target)
    assert result.returncode != 0 and "Thư mục tệp đích không trống" in result.stderr
    assert not (target / "db.sqlite3").exists() or (target / "db.sqlite3").stat().st_size == 0


@sqlite_only
def test_restore_notices_an_archive_that_does_not_match_its_manifest(world):
    archive = world / "backup.tar.gz"
    call_command("backup", output=str(archive))
    tampered = world / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["households_household"]["rows"] = 4
                manifest["files"]["files/media/du-an/cam-ket/2026/3f2a.pdf"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    result = run_restore(tampered, sqlite_url(world / "r/db.sqlite3"), world / "r")
    assert result.returncode != 0
    assert "bảng households_household: 3 dòng, cần 4" in result.stderr
    assert "tệp files/media/du-an/cam-ket/2026/3f2a.pdf thiếu hoặc khác" in result.stderr


def test_restore_refuses_something_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"hello")
    result = run_restore(bogus, sqlite_url(tmp_path / "db.sqlite3"), tmp_path)
    assert result.returncode != 0 and "Không đọc được bản sao lưu" in result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore round trip")
def test_on_postgresql_the_test_world_restores_into_a_fresh_database_identically(world):
    import psycopg

    archive = world / "backup.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    name = f"gn_restore_{uuid.uuid4().hex[:12]}"
    params = connection.get_connection_params()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        if db.get("PASSWORD"):
            url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
        result = run_restore(archive, url, world / "restored")
        assert result.returncode == 0, result.stderr
        with psycopg.connect(**(params | {"dbname": name})) as restored, restored.cursor() as cursor:
            summary = backup.table_summary(cursor, backup.pg_tables(cursor), backup._quote)
        assert summary == manifest["tables"]
        assert summary["households_household"]["rows"] == 3
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
