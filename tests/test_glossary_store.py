"""The termbase store: edits as single transactions, history, undo/redo, imports, duplicates."""

from __future__ import annotations

import pytest

from glossary.model import Concept, LangSection, Term
from glossary.store import GlossaryStore
from tm.errors import InputError, UsageError


def pair(en: str, zh: str, cid: str | None = None, **term) -> Concept:
    return Concept(
        id=cid,
        languages=[LangSection("en", [Term(en, **term)]), LangSection("zh-CN", [Term(zh, **term)])],
    )


@pytest.fixture
def store(tmp_path):
    s = GlossaryStore.open(tmp_path / "concord.db")
    yield s
    s.close()


def test_add_get_and_ids(store):
    a = store.add(pair("national team", "国家队"))
    b = store.add(pair("ballast", "压舱石", cid="c1"))  # c1 is taken by a: renamed
    assert a.id == "c1" and b.id != "c1"
    assert store.get("c1").terms("zh")[0].text == "国家队"
    assert store.get(a.db_id) == store.get("c1")
    assert store.count() == 2


def test_edit_history_undo_redo(store):
    c = store.add(pair("ballast", "压舱石"), who="lin")
    c.terms("en")[0].status = "preferred"
    c.notes.append("from the SASAC briefing")
    store.update(c, who="wang")
    hist = store.history(c.id)
    assert [h.action for h in hist] == ["edit", "add"]
    assert (
        hist[0].who == "wang" and hist[0].before["languages"][0]["terms"][0].get("status") is None
    )
    assert hist[0].after["notes"] == ["from the SASAC briefing"]

    assert store.undo().action == "edit"
    assert store.get(c.id).notes == []
    assert store.undo().action == "add"
    assert store.get(c.id) is None and store.count() == 0
    assert store.undo() is None
    assert store.redo().action == "add"
    assert store.redo().action == "edit"
    assert store.get(c.id).notes == ["from the SASAC briefing"]
    assert store.redo() is None


def test_new_edit_drops_the_redo_stack(store):
    c = store.add(pair("ballast", "压舱石"))
    store.remove(c.id)
    store.undo()
    store.add(pair("national team", "国家队"))
    assert store.redo() is None
    assert store.get(c.id) is not None


def test_remove_and_undo_restores_the_row(store):
    c = store.add(pair("professional integration", "专业化整合"))
    store.remove(c.id)
    assert store.find_term("专业化整合") == []
    store.undo()
    assert [x.id for x in store.find_term("Professional  Integration")] == [c.id]


def test_failed_import_leaves_store_unchanged(store):
    store.add(pair("ballast", "压舱石"))

    def concepts():
        yield pair("national team", "国家队")
        raise InputError("broken", "x.tbx", 9, 3)

    with pytest.raises(InputError):
        store.import_concepts(concepts())
    assert store.count() == 1
    assert len(store.history()) == 1


def test_import_is_one_undoable_batch(store):
    report = store.import_concepts([pair(f"term {i}", f"术语{i}") for i in range(50)])
    assert report.added == 50 and store.count() == 50
    store.undo()
    assert store.count() == 0


def test_duplicates_reported_and_merged_on_request(store):
    store.add(pair("national team", "国家队", cid="c1"))
    incoming = pair("National Team", "国家足球队", cid="x9")
    report = store.import_concepts([incoming])
    assert report.added == 1 and report.merged == 0
    assert [(d.existing, d.lang) for d in report.duplicates] == [("c1", "en")]
    assert store.find_duplicates() == [("en", "National Team", ["c1", "x9"])]
    store.undo()

    report = store.import_concepts([pair("national team", "国家足球队", cid="x9")], merge=True)
    assert report.merged == 1 and report.added == 0 and store.count() == 1
    merged = store.get("c1")
    assert [t.text for t in merged.terms("zh-CN")] == ["国家队", "国家足球队"]


def test_merge_two_concepts(store):
    a = store.add(pair("ballast", "压舱石"))
    b = store.add(Concept(languages=[LangSection("en", [Term("ballast stone")])]))
    store.merge(a.id, b.id)
    assert store.get(b.id) is None
    assert [t.text for t in store.get(a.id).terms("en")] == ["ballast", "ballast stone"]
    store.undo()
    assert store.get(b.id) is not None


def test_filters(store):
    store.add(pair("national team", "国家队", state="candidate"))
    store.add(pair("ballast", "压舱石", status="preferred"))
    store.add(Concept(languages=[LangSection("zh-CN", [Term("专业化整合")])]))
    ids = lambda **kw: [c.terms()[0].text for c in store.concepts(**kw)]  # noqa: E731
    assert ids(state="candidate") == ["national team"]
    assert ids(status="preferred") == ["ballast"]
    assert ids(lang="en") == ["national team", "ballast"]
    assert ids(lang="zh") == ["national team", "ballast", "专业化整合"]
    assert ids(text="整合") == ["专业化整合"]
    assert ids(text="TEAM") == ["national team"]


def test_crossrefs_follow_renamed_ids(store):
    from glossary.model import CrossRef

    store.add(pair("x", "甲", cid="c1"))
    a = pair("ballast", "压舱石", cid="c1")
    b = pair("national team", "国家队", cid="c2")
    b.xrefs.append(CrossRef("ballast", "c1"))
    report = store.import_concepts([a, b])
    new_id = report.renamed["c1"]
    assert store.get("c2").xrefs[0].target == new_id


def test_rejects_bad_concepts(store):
    with pytest.raises(UsageError):
        store.add(Concept())
    with pytest.raises(UsageError):
        store.add(pair("a", "甲", state="maybe"))


def test_stats(store):
    store.add(pair("ballast", "压舱石", part_of_speech="noun"))
    stats = store.stats()
    assert stats["concepts"] == 1 and stats["terms"] == 2
    assert stats["languages"] == {"en": 1, "zh-CN": 1}
    assert stats["parts_of_speech"] == {"noun": 2}


# --- imports keep their "after" in the concept row until it changes (lazy history) ----------


def _state(store):
    return {c.id: c for c in store.concepts()}


def test_import_history_shows_each_concept_after(store):
    store.import_concepts([pair(f"term {i}", f"术语{i}", cid=f"k{i}") for i in range(3)])
    hist = store.history()
    assert [h.action for h in hist] == ["import"] * 3
    assert {h.concept_id for h in hist} == {"k0", "k1", "k2"}
    for h in hist:
        assert h.before is None
        assert h.after["languages"][0]["terms"][0]["text"] == "term " + h.concept_id[1:]


def test_editing_an_imported_concept_keeps_its_import_after(store):
    store.import_concepts([pair("ballast", "压舱石", cid="k1")])
    c = store.get("k1")
    c.notes.append("edited")
    store.update(c)
    edit, imported = store.history("k1")
    assert (edit.action, imported.action) == ("edit", "import")
    assert imported.after.get("notes") is None and edit.before.get("notes") is None
    assert edit.after["notes"] == ["edited"]
    store.remove("k1")
    removed = store.history(limit=1)[0]
    assert removed.action == "remove" and removed.before["notes"] == ["edited"]
    assert [h.after.get("notes") for h in store.history()[1:]] == [["edited"], None]


def test_undo_redo_of_an_import_after_later_edits(store):
    store.add(pair("national team", "国家队", cid="c1"))
    store.import_concepts([pair(f"term {i}", f"术语{i}", cid=f"k{i}") for i in range(5)])
    imported = _state(store)
    c = store.get("k2")
    c.notes.append("edited")
    store.update(c)
    store.undo()  # the edit
    assert _state(store) == imported
    store.undo()  # the import
    assert list(_state(store)) == ["c1"]
    assert all(h.after is not None for h in store.history() if h.action == "import")
    store.redo()
    assert _state(store) == imported
    store.redo()
    assert store.get("k2").notes == ["edited"]
    store.undo()
    store.undo()
    store.redo()
    assert _state(store) == imported


def test_merge_within_one_import_undoes_and_redoes(store):
    first = pair("ballast", "压舱石", cid="k1")
    second = pair("ballast", "压舱石块", cid="k2")
    report = store.import_concepts([first, second], merge=True)
    assert report.added == 1 and report.merged == 1
    merged = _state(store)
    assert [t.text for t in merged["k1"].terms("zh-CN")] == ["压舱石", "压舱石块"]
    hist = store.history("k1")
    assert [t["text"] for t in hist[1].after["languages"][1]["terms"]] == ["压舱石"]
    assert [t["text"] for t in hist[0].after["languages"][1]["terms"]] == ["压舱石", "压舱石块"]
    store.undo()
    assert store.count() == 0
    store.redo()
    assert _state(store) == merged


def test_import_lookups_across_chunks(store, monkeypatch):
    import glossary.store.importing as importing

    monkeypatch.setattr(importing, "_CHUNK", 2)
    store.add(pair("national team", "国家队", cid="c1"))
    incoming = [pair(f"term {i}", f"术语{i}", cid=f"k{i}") for i in range(5)]
    incoming.append(pair("Term 1", "另一个", cid="k0"))  # id taken, preferred term held
    incoming.append(pair("national team", "国家足球队", cid="c1"))
    report = store.import_concepts(incoming)
    assert report.added == 7
    assert [(d.incoming, d.existing, d.lang) for d in report.duplicates] == [
        ("k0", "k1", "en"),
        ("c1", "c1", "en"),
    ]
    assert set(report.renamed) == {"k0", "c1"}
    report = store.import_concepts([pair("TERM 3", "术语3", cid="x")], merge=True)
    assert report.merged == 1 and store.get("x") is None
    assert [t.text for t in store.get("k3").terms("en")] == ["term 3", "TERM 3"]


def test_renamed_crossrefs_are_in_the_import_history(store):
    from glossary.model import CrossRef

    store.add(pair("x", "甲", cid="c1"))
    b = pair("national team", "国家队", cid="c2")
    b.xrefs.append(CrossRef("ballast", "c1"))
    report = store.import_concepts([pair("ballast", "压舱石", cid="c1"), b])
    after = store.history("c2")[0].after
    assert after["xrefs"][0]["target"] == report.renamed["c1"]
    store.undo()
    store.redo()
    assert store.get("c2").xrefs[0].target == report.renamed["c1"]


def test_a_space_between_han_and_latin_is_optional_in_duplicates_and_lookups(store):
    store.add(pair("lambda expression", "lambda 表达式", cid="c1"))
    assert [c.id for c in store.find_term("lambda表达式", "zh-CN")] == ["c1"]
    assert [c.id for c in store.find_term("LAMBDA 表达式")] == ["c1"]
    report = store.import_concepts([pair("Lambda expressions", "lambda表达式", cid="x2")])
    assert [(d.existing, d.lang) for d in report.duplicates] == [("c1", "zh-CN")]
    # English to Chinese and back: the space inside English stays a word boundary.
    assert store.find_term("lambdaexpression") == []


def test_a_version_2_termbase_gets_the_new_term_norms(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    s = GlossaryStore.open(path)
    s.add(pair("provisional API", "暂定 API", cid="c1"))
    s.close()
    conn = sqlite3.connect(path)  # as Concord wrote it before migration 3
    conn.execute("UPDATE glossary_term SET norm = '暂定 api' WHERE text = '暂定 API'")
    conn.execute("UPDATE schema_version SET version = 2 WHERE component = 'glossary'")
    conn.commit()
    conn.close()
    s = GlossaryStore.open(path)
    assert [c.id for c in s.find_term("暂定API")] == ["c1"]
    s.close()
