"""The database file: recognised by its application id, versioned, migrated, foreign files refused."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pygen.cli.commands.emulator import emulator as emulator_command
from pygen.emulator import LocalCDF, Store, StoreError
from pygen.emulator.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    VERSION_1_TABLES,
    prepare_database,
)
from pygen.emulator.store import _DDL

from .conftest import MODELS


def header(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` of a SQLite file."""
    conn = sqlite3.connect(path)
    try:
        application = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return int(application), int(version)
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        conn.close()


def test_a_new_file_carries_the_id_and_the_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    store = Store(db)
    assert store.version_found == 0
    store.close()
    assert header(db) == (APPLICATION_ID, SCHEMA_VERSION)
    assert tables(db) == VERSION_1_TABLES | {"tombstones", "tombstone_data"}
    again = Store(db)
    assert again.version_found == SCHEMA_VERSION
    again.close()


def test_a_file_from_before_versions_is_version_1_and_keeps_its_data(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(_DDL)  # what every emulator wrote before files carried a version
    conn.execute("INSERT INTO spaces (space, body, created_time, last_updated_time) "
                 "VALUES ('kept', '{\"space\": \"kept\"}', 1, 1)")  # fmt: skip
    conn.commit()
    conn.close()
    assert header(db) == (0, 0)
    store = Store(db)
    assert store.version_found == 1
    with store.read() as read:
        assert read.execute("SELECT space FROM spaces").fetchall() == [("kept",)]
    store.close()
    assert header(db) == (APPLICATION_ID, SCHEMA_VERSION)


@pytest.mark.parametrize("kind", ["random bytes", "text", "other app", "other app's id", "newer"])
def test_a_file_that_is_not_an_emulator_database_is_refused(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "data.bin"
    if kind == "random bytes":
        db.write_bytes(os.urandom(4096))
    elif kind == "text":
        db.write_text("name,value\npump,1\n" * 200)
    else:
        conn = sqlite3.connect(db)
        if kind == "newer":
            conn.executescript(_DDL)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        else:
            conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            if kind == "other app's id":
                conn.executescript(_DDL)
                conn.execute("PRAGMA application_id = 1234")
        conn.commit()
        conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError) as raised:
        Store(db)
    message = str(raised.value)
    assert str(db) in message and "\n" not in message
    expected = {
        "newer": "newer pygen",
        "random bytes": "not an SQLite file",
        "text": "not an SQLite file",
    }
    assert expected.get(kind, "not a pygen emulator database") in message
    assert db.read_bytes() == before  # nothing was added to someone else's file


def test_migrations_run_in_order_in_one_transaction(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite"
    version_1 = sqlite3.connect(db, isolation_level=None)
    prepare_database(version_1, str(db), _DDL, version=1, steps={})
    version_1.close()
    ran: list[int] = []

    def add_tombstones(conn: sqlite3.Connection) -> None:
        ran.append(1)
        conn.execute("CREATE TABLE tombstones (instance_id INTEGER, deleted_time INTEGER)")

    def add_column(conn: sqlite3.Connection) -> None:
        ran.append(2)
        conn.execute("ALTER TABLE tombstones ADD COLUMN kind TEXT")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk on fire")

    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="disk on fire"):
        prepare_database(conn, str(db), _DDL, version=3, steps={1: add_tombstones, 2: broken})
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # rolled back whole
    assert "tombstones" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    ran.clear()
    found = prepare_database(
        conn, str(db), _DDL, version=3, steps={1: add_tombstones, 2: add_column}
    )
    assert found == 1 and ran == [1, 2]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert [r[1] for r in conn.execute("PRAGMA table_info(tombstones)")] == ["instance_id", "deleted_time", "kind"]  # fmt: skip
    with pytest.raises(StoreError, match="no migration from emulator schema version 3"):
        prepare_database(conn, str(db), _DDL, version=4, steps={})
    conn.close()


def test_every_version_has_its_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_the_cli_and_local_cdf_name_the_file(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"\x00\x01 not sqlite " * 300)
    app = typer.Typer()
    app.command("emulator")(emulator_command)
    app.command("other")(lambda: None)
    result = CliRunner().invoke(app, ["emulator", "--port", "0", "--db", str(foreign)])
    assert result.exit_code == 2, result.output
    assert f"error: {foreign} is not a pygen emulator database" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output
    with pytest.raises(StoreError, match=r"notes\.db"):
        LocalCDF(db=foreign, load=[MODELS / "Pumps.yaml"]).start()
