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
