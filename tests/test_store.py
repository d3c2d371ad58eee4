"""The SQLite store: schema, deduplication, transactions, streaming reads."""

from __future__ import annotations

import sqlite3

import pytest

from tests.roundtrip_suite import pair
from tm import db
from tm.errors import StoreError
from tm.store import SQLiteStore
from tm.unit import TranslationUnit, Variant


def test_new_store_is_wal_with_schema_version(db_path) -> None:
    with SQLiteStore(db_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.schema_version(store.conn, "tm") == 1


def test_newer_schema_is_refused(db_path) -> None:
    SQLiteStore(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE schema_version SET version = 99 WHERE component = 'tm'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(db_path)


def test_a_unit_keeps_everything(db_path) -> None:
    unit = TranslationUnit(
        variants=[
            Variant(
                "en",
                "Click here",
                markup='Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>',
                notes=["en note"],
                props=[("x-q", "1")],
                attrs={"o-encoding": "utf-8"},
            ),
            Variant("zh-CN", "点击这里"),
        ],
        tuid="t1",
        context="menu",
        origin_file="ui.tmx",
        origin_line=12,
        notes=["a note"],
        props=[("x-domain", "ui"), ("x-domain", "web")],
        attrs={"datatype": "html"},
        created_at="2024-01-24T09:30:00Z",
        created_by="li",
        changed_at="2024-02-06T10:00:00Z",
        changed_by="wang",
        usage_count=3,
        last_used_at="2024-02-07T00:00:00Z",
    )
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([unit])
        (back,) = store.get_units([unit.id])
    unit_fields = {k: v for k, v in vars(unit).items()}
    assert {k: v for k, v in vars(back).items()} == unit_fields


def test_reimport_does_not_duplicate(db_path) -> None:
    with SQLiteStore(db_path) as store:
        for _ in range(2):
            with store.transaction():
                result = store.add_units([pair("ballast", "压舱石"), pair("backbone", "顶梁柱")])
        assert (result.added, result.duplicates) == (0, 2)
        assert store.count_units() == 2
        # Another context or another translation is another unit.
        with store.transaction():
            store.add_units([pair("ballast", "压舱石", context="ship"), pair("ballast", "镇舱物")])
        assert store.count_units() == 4


def test_failed_transaction_leaves_store_as_it_was(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([pair("national team", "国家队")])

        def units():
            yield pair("ballast", "压舱石")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError), store.transaction():
            store.add_units(units())
        assert store.count_units() == 1


def test_add_units_outside_a_transaction_is_refused(db_path) -> None:
    with SQLiteStore(db_path) as store, pytest.raises(StoreError):
        store.add_units([pair("a", "甲")])


def test_iter_units_streams_in_batches_and_filters_languages(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(pair(f"s{i}", f"句{i}") for i in range(250))
            store.add_units([pair("Hallo", "你好", "de", "zh-CN")])
        assert sum(1 for _ in store.iter_units(batch=100)) == 251
        assert sum(1 for _ in store.iter_units(["en", "zh-CN"], batch=100)) == 250
        stats = store.stats()
        assert stats["units"] == 251
        assert stats["languages"] == {"zh-CN": 251, "en": 250, "de": 1}
        assert stats["pairs"][0] == {"languages": ["en", "zh-CN"], "units": 250}


def test_delete_bumps_rewrite_generation(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([pair("a", "甲"), pair("b", "乙")])
        before = store.rewrite_generation()
        assert store.delete_units([1]) == 1
        assert store.rewrite_generation() == before + 1
        assert store.count_units() == 1


def test_unreadable_store_file_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "x.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="x.db"):
        SQLiteStore(bad)
