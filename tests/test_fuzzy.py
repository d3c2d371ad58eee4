"""The fuzzy index: scorer properties, agreement with exhaustive search, persistence."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tm.fuzzy import FuzzyIndex, exhaustive_search, similarity
from tm.normalize import mask_numbers, normalize

TEXT = st.text(alphabet=st.sampled_from(list("abcde fgh国家队压舱石，。0123")), max_size=40)


@given(TEXT, TEXT)
def test_scorer_bounds_and_symmetry(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 100.0
    assert s == similarity(b, a)


@given(TEXT)
def test_identity_scores_100(a: str) -> None:
    assert similarity(a, a) == 100.0


def test_one_edit_in_four_characters_is_75() -> None:
    assert similarity("国家队伍", "国家球队") == 50.0  # two substitutions
    assert similarity("abcd", "abxd") == 75.0


def test_normalisation_makes_width_case_and_punctuation_equal() -> None:
    assert normalize("第１号，２０２４。") == normalize("第1号,2024.")
    assert normalize("“National  Team”") == normalize('"national team"')
    assert normalize("state‐owned — sector") == normalize("state-owned - sector")
    assert mask_numbers(normalize("22 projects for 13 SOEs")) == mask_numbers(
        normalize("25 projects for 7 SOEs")
    )


def _corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = "state owned capital central enterprise reform the of and integration team".split()
    han = "国家队压舱石顶梁柱专业化整合中央企业战略性重组改革"
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))))
        else:
            out.append("".join(rng.choice(han) for _ in range(rng.randint(1, 25))))
    return out


def test_index_agrees_with_exhaustive_search_at_top1() -> None:
    texts = _corpus(3000)
    index = FuzzyIndex.build(enumerate(texts))
    rng = random.Random(1)
    agree = total = 0
    for _ in range(300):
        q = list(rng.choice(texts))
        for _ in range(rng.randint(0, 3)):  # a few random edits
            q[rng.randrange(len(q))] = rng.choice("xyz国队")
        query = "".join(q)
        best = exhaustive_search(query, texts, 1, 75)
        if not best:
            continue
        total += 1
        hits = index.search(query, 1, 75)
        agree += bool(hits) and abs(hits[0].score - best[0][1]) < 0.01
    assert total > 200
    assert agree / total >= 0.99


def test_short_chinese_queries_match() -> None:
    index = FuzzyIndex.build(enumerate(["国家队", "国家", "压舱石", "顶梁柱"]))
    assert [h.text for h in index.search("国家队", 3, 60)] == ["国家队", "国家"]
    assert [h.text for h in index.search("石", 3, 75)] == []
    assert index.search("国家", 1, 100)[0].key == 1


def test_save_and_load_answer_alike(tmp_path) -> None:
    texts = _corpus(500)
    index = FuzzyIndex.build(enumerate(texts), meta={"lang": "en"})
    index.save(tmp_path / "en")
    loaded = FuzzyIndex.load(tmp_path / "en")
    assert loaded is not None and loaded.meta["lang"] == "en" and len(loaded) == 500
    for q in texts[:50]:
        assert index.search(q, 3, 75) == loaded.search(q, 3, 75)
    # Saving again replaces the old index atomically.
    FuzzyIndex.build(enumerate(texts[:10])).save(tmp_path / "en")
    assert len(FuzzyIndex.load(tmp_path / "en")) == 10


def test_load_missing_or_foreign_index_is_none(tmp_path) -> None:
    assert FuzzyIndex.load(tmp_path / "nothing") is None
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text('{"format": 999}')
    assert FuzzyIndex.load(tmp_path / "bad") is None


def test_containing_finds_every_substring_occurrence() -> None:
    texts = ["累积分布", "积分是", "国家队", "national team", "team work", "a"]
    index = FuzzyIndex.build(enumerate(texts))
    for needle in ["积分", "国", "队", "team", "a", "m w"]:
        expected = {i for i, t in enumerate(texts) if needle in t}
        got = {int(index.doc_keys[d]) for d in index.containing(needle) if needle in index.text(d)}
        assert got == expected, needle


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=40), TEXT)
def test_search_never_misses_an_exact_duplicate(texts: list[str], query: str) -> None:
    query = normalize(query)  # what callers pass: normal forms
    texts = [*map(normalize, texts), query]
    index = FuzzyIndex.build(enumerate(texts))
    if query:
        hits = index.search(query, 5, 100)
        assert hits and hits[0].score == 100.0 and hits[0].text == query


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fast_path_folds_like_nfkc(text: str) -> None:
    import unicodedata

    from tm.normalize import _TABLE, fold

    assert fold(text) == unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
