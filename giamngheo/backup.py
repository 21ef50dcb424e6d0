"""Back up and restore the whole app: the database, the uploaded files, and a manifest.

The archive (a .tar.gz) holds
  manifest.json      format, database kind, every table's row count and checksum, every file's
                     checksum
  database.dump      PostgreSQL: `pg_dump --format=custom`, taken in the snapshot the manifest
                     was computed in, so both describe the same moment
  database.sqlite3   SQLite: a copy made with SQLite's online backup API (consistent while the
                     app keeps running)
  files/media/…      MEDIA_ROOT (scans of signed commitments, minutes)
  files/private/…    PRIVATE_ROOT (household lists waiting for confirmation)

`restore` loads an archive into an EMPTY database and EMPTY file folders only, then recomputes
the manifest from what it restored and refuses to call it done if anything differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Vietnamese)."""


# ---- what a database holds ------------------------------------------------------------------


def _cell(value) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return "∅" if value is None else str(value)


def table_summary(cursor, tables: list[str], quote) -> dict[str, dict]:
    """{table: {"rows": n, "checksum": sha256 of every row in a fixed order}} over `cursor`."""
    summary = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
        digest, rows = hashlib.sha256(), 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(json.dumps([_cell(v) for v in row], ensure_ascii=False).encode())
                digest.update(b"\n")
                rows += 1
        summary[table] = {"rows": rows, "checksum": digest.hexdigest()}
    return summary


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def database_summary(alias: str = "default") -> dict[str, dict]:
    """The tables of the configured database as the manifest describes them."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # A plain connection, as the backup read its copy: Django's converts dates on the way out.
        raw = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            return table_summary(raw.cursor(), sqlite_tables(raw), _quote)
        finally:
            raw.close()
    with connection.cursor() as cursor:
        return table_summary(cursor, pg_tables(cursor), _quote)


# ---- files -----------------------------------------------------------------------------------


def file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_summary() -> dict[str, str]:
    return {
        f"files/{name}/{path.relative_to(root).as_posix()}": _sha256(path)
        for name, root in file_roots().items()
        for path in _files_under(root)
    }


# ---- PostgreSQL ------------------------------------------------------------------------------


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_backup(alias: str, into: Path) -> dict[str, dict]:
    """Dump the database and summarise it in one snapshot; returns the table summary."""
    import psycopg

    connection = connections[alias]
    db = connection.settings_dict
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=False) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        dump = subprocess.Popen(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={into}", db["NAME"]],
            env=_pg_env(db),
            stderr=subprocess.PIPE,
        )
        with conn.cursor() as cursor:
            summary = table_summary(cursor, pg_tables(cursor), _quote)
        _out, err = dump.communicate()
        conn.rollback()
    if dump.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {err.decode(errors='replace').strip()}")
    return summary


def _pg_restore(alias: str, dump: Path) -> None:
    db = connections[alias].settings_dict
    connections[alias].close()
    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        env=_pg_env(db),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {result.stderr.decode(errors='replace').strip()}")


# ---- SQLite ----------------------------------------------------------------------------------


def _sqlite_backup(alias: str, into: Path) -> dict[str, dict]:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(into)
    try:
        connection.connection.backup(target)
        return table_summary(target.cursor(), sqlite_tables(target), _quote)
    finally:
        target.close()


def _sqlite_restore(alias: str, copy: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# ---- the two commands' bodies ------------------------------------------------------------------


def make_backup(output: Path, alias: str = "default") -> dict:
    """Write the archive to `output`; returns its manifest."""
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    with tempfile.TemporaryDirectory() as tmp:
        if vendor == "postgresql":
            database_file = Path(tmp) / PG_DUMP
            tables = _pg_backup(alias, database_file)
        else:
            database_file = Path(tmp) / SQLITE_COPY
            tables = _sqlite_backup(alias, database_file)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": vendor,
            "tables": tables,
            "files": files_summary(),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for name, root in file_roots().items():
                for path in _files_under(root):
                    archive.add(path, arcname=f"files/{name}/{path.relative_to(root).as_posix()}")
        partial.replace(output)
    return manifest


def _existing_tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Bản sao lưu có mục không hợp lệ: {member.name}")
    return members


def restore_backup(path: Path, alias: str = "default") -> dict:
    """Load the archive at `path` into the empty configured database and file folders, then
    verify every table and file against the manifest. Returns the manifest."""
    vendor = connections[alias].vendor
    if vendor == "sqlite" and (name := str(connections[alias].settings_dict["NAME"])) != ":memory:":
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    if tables := _existing_tables(alias):
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống (đã có {len(tables)} bảng). Chỉ khôi phục vào một cơ sở "
            "dữ liệu mới tạo, chưa chạy migrate."
        )
    for name, root in file_roots().items():
        if _files_under(root):
            raise BackupError(f"Thư mục tệp đích không trống ({name}: {root}). Hãy dùng thư mục trống.")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không đọc được bản sao lưu {path}: {error}") from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        members = _safe_members(archive)
        names = {m.name for m in members}
        if MANIFEST not in names:
            raise BackupError("Bản sao lưu thiếu manifest.json.")
        manifest = json.load(archive.extractfile(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Không nhận ra định dạng bản sao lưu ({manifest.get('format')}).")
        if manifest["database"] != vendor:
            raise BackupError(f"Bản sao lưu từ {manifest['database']} không khôi phục được vào {vendor}.")
        archive.extractall(tmp, members=members, filter="data")
        if vendor == "postgresql":
            _pg_restore(alias, Path(tmp) / PG_DUMP)
        else:
            _sqlite_restore(alias, Path(tmp) / SQLITE_COPY)
        for name, root in file_roots().items():
            source = Path(tmp) / "files" / name
            if source.exists():
                shutil.copytree(source, root, dirs_exist_ok=True)
    problems = compare(manifest, {"tables": database_summary(alias), "files": files_summary()})
    if problems:
        raise BackupError("Dữ liệu khôi phục không khớp bản sao lưu:\n" + "\n".join(problems))
    return manifest


def compare(manifest: dict, found: dict) -> list[str]:
    """What differs between a manifest and what a database and its folders hold."""
    problems = []
    for table, expected in manifest["tables"].items():
        got = found["tables"].get(table)
        if got is None:
            problems.append(f"  thiếu bảng {table}")
        elif got != expected:
            problems.append(
                f"  bảng {table}: {got['rows']} dòng, cần {expected['rows']} (hoặc nội dung khác)"
            )
    problems += [f"  thừa bảng {t}" for t in found["tables"].keys() - manifest["tables"].keys()]
    for name, checksum in manifest["files"].items():
        if found["files"].get(name) != checksum:
            problems.append(f"  tệp {name} thiếu hoặc khác")
    return problems
