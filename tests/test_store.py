"""The SQLite store: schema, deduplication, transactions, streaming reads."""

from __future__ import annotations

import sqlite3

import pytest

from tests.roundtrip_suite import pair
from tm import db
from tm.errors import InputError, StoreError
from tm.importer import import_files
from tm.store import SQLiteStore
from tm.unit import Origin, TranslationUnit, Variant


def test_new_store_is_wal_with_schema_version(db_path) -> None:
    with SQLiteStore(db_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.schema_version(store.conn, "tm") == 3


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


# Every origin of a unit ----------------------------------------------------------------------


def test_a_pair_from_several_files_keeps_every_origin(db_path) -> None:
    with SQLiteStore(db_path) as store:
        for _ in range(2):  # the second round is a re-import: no new units, no new origins
            with store.transaction():
                first = store.add_units(
                    [pair("ballast", "压舱石", origin_file="a.po", origin_line=3)]
                )
                second = store.add_units(
                    [
                        pair("ballast", "压舱石", origin_file="b.po", origin_line=9),
                        pair("ballast", "压舱石", origin_file="b.po", origin_line=9),
                        pair("ballast", "压舱石", origin_file="a.tmx"),  # a format without lines
                    ]
                )
        assert (first.added, first.duplicates, first.origins) == (0, 1, 0)
        assert (second.added, second.duplicates, second.origins) == (0, 3, 0)
        assert store.count_units() == 1
        (unit,) = store.get_units([1])
        assert (unit.origin_file, unit.origin_line) == ("a.po", 3)  # the first origin, as before
        assert store.origins([1, 99]) == {
            1: [Origin("a.po", 3), Origin("a.tmx"), Origin("b.po", 9)]
        }
        assert [str(o) for o in store.origins([1])[1]] == ["a.po:3", "a.tmx", "b.po:9"]


def test_the_first_origin_is_listed_first(db_path) -> None:
    with SQLiteStore(db_path) as store, store.transaction():
        store.add_units([pair("ballast", "压舱石", origin_file="z.po", origin_line=5)])
        result = store.add_units([pair("ballast", "压舱石", origin_file="a.po", origin_line=1)])
        assert result.origins == 1
        assert store.origins([1])[1] == [Origin("z.po", 5), Origin("a.po", 1)]


def test_origins_go_with_their_unit_and_with_a_failed_import(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(
                [
                    pair("a", "甲", origin_file="x.po", origin_line=1),
                    pair("b", "乙", origin_file="x.po", origin_line=2),
                ]
            )

        def units():
            yield pair("a", "甲", origin_file="y.po", origin_line=7)
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError), store.transaction():
            store.add_units(units())
        assert store.origins([1]) == {1: [Origin("x.po", 1)]}
        store.delete_units([1])
        rows = store.conn.execute("SELECT unit_id, file, line FROM tm_origins").fetchall()
        assert rows == [(2, "x.po", 2)]


def test_reimporting_po_files_keeps_one_origin_per_file(tmp_path, db_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, before in (("a.po", "Alpha"), ("b.po", "Beta")):
        (folder / name).write_text(
            'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
            f'msgid "{before}"\nmsgstr "{before}-zh"\n\n'
            'msgid "Parameters"\nmsgstr "参数"\n',
            encoding="utf-8",
        )
    with SQLiteStore(db_path) as store:
        for _ in range(2):
            import_files(store, [folder], src="en", tgt="zh-CN")
        assert store.count_units() == 3
        (shared,) = [u for u in store.iter_units() if u.variant("en").text == "Parameters"]
        assert store.origins([shared.id])[shared.id] == [
            Origin("docs/a.po", 8),
            Origin("docs/b.po", 8),
        ]
        assert store.conn.execute("SELECT COUNT(*) FROM tm_origins").fetchone()[0] == 4


# The schema before tm_origins (version 1), as Concord 0.1 created it.
_V1_SCHEMA = """
CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE tm_units (
    id INTEGER PRIMARY KEY,
    content_key TEXT NOT NULL UNIQUE,
    tuid TEXT,
    context TEXT,
    origin_file TEXT,
    origin_line INTEGER,
    notes TEXT,
    props TEXT,
    attrs TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    changed_at TEXT,
    changed_by TEXT,
    usage_count INTEGER NOT NULL DEFAULT 0,
    last_used_at TEXT
);
CREATE TABLE tm_variants (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES tm_units(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    markup TEXT,
    notes TEXT,
    props TEXT,
    attrs TEXT
);
CREATE INDEX tm_variants_unit ON tm_variants(unit_id);
CREATE INDEX tm_variants_lang ON tm_variants(lang, unit_id);
CREATE INDEX tm_units_origin ON tm_units(origin_file);
CREATE TABLE tm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO tm_meta(key, value) VALUES ('rewrite_generation', '0');
INSERT INTO schema_version(component, version) VALUES ('tm', 1);
"""


def test_a_version_1_store_is_migrated_with_its_first_origins(db_path) -> None:
    old = sqlite3.connect(db_path)
    old.executescript(_V1_SCHEMA)
    for uid, ofile, oline, en, zh in (
        (1, "3.13/library/os.po", 12, "Parameters", "参数"),
        (2, "memory.tmx", None, "ballast", "压舱石"),
        (3, None, None, "national team", "国家队"),
    ):
        old.execute(
            "INSERT INTO tm_units(id, content_key, origin_file, origin_line, created_at)"
            " VALUES (?, ?, ?, ?, '2024-01-24T09:30:00Z')",
            (uid, pair(en, zh).content_key(), ofile, oline),
        )
        old.executemany(
            "INSERT INTO tm_variants(unit_id, lang, text) VALUES (?, ?, ?)",
            [(uid, "en", en), (uid, "zh-CN", zh)],
        )
    old.commit()
    old.close()
    with SQLiteStore(db_path) as store:
        assert db.schema_version(store.conn, "tm") == 3
        assert store.origins([1, 2, 3]) == {
            1: [Origin("3.13/library/os.po", 12)],
            2: [Origin("memory.tmx")],
        }
        (unit,) = store.get_units([1])
        assert unit.origin == "3.13/library/os.po:12"
        # The migrated store takes more origins like a new one.
        with store.transaction():
            result = store.add_units(
                [
                    pair("Parameters", "参数", origin_file="3.13/library/sys.po", origin_line=40),
                    pair("Parameters", "参数", origin_file="3.13/library/os.po", origin_line=12),
                ]
            )
        assert (result.added, result.duplicates, result.origins) == (0, 2, 1)
        assert store.origins([1])[1] == [
            Origin("3.13/library/os.po", 12),
            Origin("3.13/library/sys.po", 40),
        ]


def test_a_file_read_again_replaces_its_origins(db_path) -> None:
    first = [("Alpha", "甲", 6), ("Beta", "乙", 9), ("Gamma", "丙", 12)]
    moved = [("Xray", "戊", 6), ("Alpha", "甲", 9), ("Beta", "乙", 12), ("Gamma", "丙", 15)]
    with SQLiteStore(db_path) as store:
        for version in (first, moved):
            with store.transaction():
                result = store.add_units(
                    pair(en, zh, origin_file="f.po", origin_line=line) for en, zh, line in version
                )
        # Only Xray's origin is new; the others moved, each keeps one place in f.po.
        assert (result.added, result.origins) == (1, 1)
        rows = store.conn.execute("SELECT unit_id, line FROM tm_origins ORDER BY line").fetchall()
        assert [line for _, line in rows] == [6, 9, 12, 15]
        beta = store.conn.execute(
            "SELECT id, origin_line FROM tm_units WHERE origin_file = 'f.po' AND id IN"
            " (SELECT unit_id FROM tm_variants WHERE text = 'Beta')"
        ).fetchone()
        assert beta[1] == 12 and store.origins([beta[0]])[beta[0]] == [Origin("f.po", 12)]
        # Read again unchanged, nothing is new and nothing moves.
        with store.transaction():
            again = store.add_units(
                pair(en, zh, origin_file="f.po", origin_line=line) for en, zh, line in moved
            )
        assert (again.added, again.origins) == (0, 0)
        assert store.conn.execute("SELECT COUNT(*) FROM tm_origins").fetchone()[0] == 4


def test_origins_a_unit_carries_are_recorded_not_its_own_place(db_path) -> None:
    # A unit read from a Concord TMX export: its origins are those it had in the memory.
    exported = pair("ballast", "压舱石", origin_file="memory.tmx", origin_line=6,
                    origins=[Origin("b.po", 9), Origin("a.po", 3)])  # fmt: skip
    with SQLiteStore(db_path) as store:
        with store.transaction():
            first = store.add_units([exported])
            again = store.add_units(
                [pair("ballast", "压舱石", origins=[Origin("a.po", 3), Origin("c.po")])]
            )
        assert (first.added, first.origins, again.duplicates, again.origins) == (1, 2, 1, 1)
        (unit,) = store.iter_units()
        assert (unit.origin, unit.origins) == ("b.po:9", [])  # the first; origins not asked
        assert store.origins([unit.id])[unit.id] == [
            Origin("b.po", 9), Origin("a.po", 3), Origin("c.po")
        ]  # fmt: skip
        (unit,) = store.iter_units(with_origins=True)
        assert unit.origins == [Origin("b.po", 9), Origin("a.po", 3), Origin("c.po")]
        assert store.conn.execute(
            "SELECT COUNT(*) FROM tm_origins WHERE file = 'memory.tmx'"
        ).fetchone() == (0,)


def test_a_unit_gone_from_its_file_is_exported_with_the_file_alone(db_path) -> None:
    with SQLiteStore(db_path) as store:
        for version in (["Alpha", "Beta"], ["Beta"]):  # f.po read again without Alpha
            with store.transaction():
                store.add_units(pair(en, en.lower(), origin_file="f.po", origin_line=n)
                                for n, en in enumerate(version, start=5))  # fmt: skip
        alpha, beta = store.iter_units(with_origins=True)
        assert (alpha.origin, alpha.origins) == ("f.po", [Origin("f.po")])
        assert (beta.origin, beta.origins) == ("f.po:5", [Origin("f.po", 5)])


FIRST = [("Alpha", "甲", 6), ("Beta", "乙", 9), ("Gamma", "丙", 12)]
MOVED = [("Xray", "戊", 6), ("Alpha", "甲", 9), ("Beta", "乙", 12), ("Gamma", "丙", 15)]


def _read(store: SQLiteStore, version: list[tuple[str, str, int]], file: str = "f.po"):
    return store.add_units(pair(en, zh, origin_file=file, origin_line=n) for en, zh, n in version)


def _places(store: SQLiteStore, file: str = "f.po") -> list[tuple[int, int]]:
    return store.conn.execute(
        "SELECT unit_id, line FROM tm_origins WHERE file = ? ORDER BY line, unit_id", (file,)
    ).fetchall()


def test_origins_a_unit_carries_are_added_to_the_file_they_name(db_path) -> None:
    # A TMX from elsewhere names f.po: the store's origins in f.po stay, the unit joins them.
    foreign = pair("ballast", "压舱石", origin_file="foreign.tmx", origin_line=4,
                   origins=[Origin("f.po"), Origin("f.po", 9)])  # fmt: skip
    with SQLiteStore(db_path) as store:
        with store.transaction():
            _read(store, FIRST)
        before = _places(store)
        with store.transaction():
            result = store.add_units([foreign])
        assert (result.added, result.origins) == (1, 2)
        assert set(_places(store)) == {*before, (foreign.id, 0), (foreign.id, 9)}
        # f.po itself read again replaces every origin in it, the carried ones included.
        with store.transaction():
            _read(store, FIRST)
        assert _places(store) == before


def test_a_file_rolled_back_is_replaced_when_read_again_in_the_batch(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            _read(store, FIRST)
        with store.transaction():
            # A file of the same name that fails after its first unit (--keep-going) ...
            with pytest.raises(InputError), store.savepoint("file1"):
                _read(store, FIRST[:1])
                raise InputError("malformed XML", "f.po", 7)
            assert [line for _, line in _places(store)] == [6, 9, 12]  # as they were
            _read(store, MOVED)  # ... then its new version: its origins are replaced
        assert [line for _, line in _places(store)] == [6, 9, 12, 15]  # one unit a line
