"""The counting pass split over processes gives what one process gives, to the last order."""

import json
import os
import pickle
from pathlib import Path

import pytest

from glossary.extract import analyse, extract, parallel
from glossary.extract.analysis import LangRules, _read_range
from glossary.extract.corpus import load
from glossary.extract.model import Segment

ROOT = Path(__file__).parent.parent
FILES = [
    ROOT / "seeds" / "sasac-soe-press-conference-2024.en-zh-CN.tsv",
    ROOT / "tests" / "fixtures" / "extract" / "python_terms.tsv",
    ROOT / "tests" / "fixtures" / "po" / "features.po",
]
# Markup that leaves hints (roles, emphasis, quotes, parentheticals) and evidence.
MARKED = [
    Segment(
        "A :term:`descriptor` defines *attribute access*.", "描述器 (descriptor) 定义了属性访问。"
    ),
    Segment('The "state-owned capital" of central SOEs.', "中央企业的“国有资本”。"),
    Segment("Call :func:`print` with ``sep``.", "用 ``sep`` 调用 :func:`print`。"),
    Segment("Central SOEs are the ballast (压舱石).", "中央企业是“压舱石”。"),
    Segment(
        "China Huaneng Group and the State Grid Corporation.", "中国华能集团有限公司和国家电网。"
    ),
]

needs_fork = pytest.mark.skipif(not parallel._can_fork(), reason="no fork here")


def _segments() -> list[Segment]:
    # Keys recur across the ranges (the seed's "central SOEs") and each range brings new ones.
    return MARKED + load(FILES, "en", "zh-CN") + MARKED + load(FILES[:1], "en", "zh-CN")[:10]


class Forced:
    """Every input counts as large, on *processes* processes (1: serial)."""

    def __init__(self) -> None:
        self.processes = 2
        self.calls: list[bool] = []  # what parallel.count returned: True when it ran


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> Forced:
    state = Forced()
    real = parallel.count

    def count(analysis, read, done):
        state.calls.append(real(analysis, read, done, min_segments=1, processes=state.processes))
        return state.calls[-1]

    monkeypatch.setattr(parallel, "count", count)
    # Small pieces, so that the fixture goes through every step of the protocol.
    monkeypatch.setattr(parallel, "WARM_UP", 5)
    monkeypatch.setattr(parallel, "MEMO_CHUNK", 7)
    return state


def _ordered(d) -> list:
    return [(k, _ordered(v) if isinstance(v, dict) else v) for k, v in d.items()]


def _dump(analysis) -> dict:
    sides = {}
    for name in ("src", "tgt"):
        s = getattr(analysis, name)
        sides[name] = {
            "texts": s.texts,
            "keys": s.keys,
            "df": _ordered(s.df),
            "modifier": _ordered(s.modifier),
            "entities": sorted(s.entities),
            "hints": _ordered(s.hints),
        }
    sides["evidence"] = _ordered(analysis.evidence)
    return sides


def _extracted(analysis) -> str:
    out = {
        side: [
            c.to_dict()
            for c in extract(
                analysis.segments, "en", "zh-CN", top=100, analysis=analysis, side=side
            )
        ]
        for side in ("source", "target")
    }
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


@needs_fork
@pytest.mark.parametrize("processes", [2, 3])
def test_parallel_counts_equal_serial(forced, processes):
    segments = _segments()
    forced.processes = 1
    serial = analyse(segments, "en", "zh-CN", known_pairs=[("descriptor", "描述器")])
    forced.processes = processes
    split = analyse(segments, "en", "zh-CN", known_pairs=[("descriptor", "描述器")])
    assert forced.calls == [False, True]  # serial, then the parallel path
    assert _dump(split) == _dump(serial)
    assert split.src.hints and split.evidence  # the fixture exercises them
    assert _extracted(split) == _extracted(serial)


@needs_fork
def test_workers_hand_their_memo_to_the_parent(forced):
    split = analyse(_segments(), "en", "zh-CN")
    for side in (split.src, split.tgt):
        memo = side.rules.memo()
        assert set(side.texts) <= set(memo)  # the workers' segments too
        for text in side.texts[-20:]:
            assert side.rules.occurrences(text) == side.rules.find(text)


@needs_fork
def test_parallel_keys_are_shared_objects(forced):
    split = analyse(_segments(), "en", "zh-CN")
    objects: dict[str, int] = {}
    for keys in split.tgt.keys:
        for k in keys:
            assert objects.setdefault(k, id(k)) == id(k)


@needs_fork
def test_progress_reaches_the_total(forced):
    segments = _segments()
    seen = []
    analyse(segments, "en", "zh-CN", progress=lambda done, total, label: seen.append(done))
    assert forced.calls == [True]
    assert seen[-1] == len(segments)
    assert seen == sorted(seen)


@needs_fork
def test_a_failed_worker_is_replaced_by_the_parent(monkeypatch, forced):
    parent = os.getpid()

    def read(analysis, lo, hi, done):
        if os.getpid() != parent:
            raise RuntimeError("worker lost")
        _read_range(analysis, lo, hi, done)

    monkeypatch.setattr("glossary.extract.analysis._read_range", read)
    segments = _segments()
    split = analyse(segments, "en", "zh-CN")
    forced.processes = 1
    serial = analyse(segments, "en", "zh-CN")
    assert forced.calls == [True, False]
    assert _dump(split) == _dump(serial)


def test_small_input_stays_serial():
    analysis = analyse(_segments()[:5], "en", "zh-CN")

    def read(*args):
        raise AssertionError("not called")

    assert not parallel.count(analysis, read, lambda n: None)


def test_split_covers_every_segment_in_order():
    analysis = analyse(_segments(), "en", "zh-CN")
    for n in (1, 2, 3, 7):
        ranges = parallel._split(analysis, n)
        assert ranges[0][0] == 0 and ranges[-1][1] == len(analysis.segments)
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
        assert len(ranges) <= n


def test_merge_refuses_unknown_kinds():
    with pytest.raises(TypeError):
        parallel._merge(3, 4)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_memoised_occurrences_equal_found_ones(lang):
    rules = LangRules(lang)
    for seg in _segments()[:40]:
        text = seg.source if lang == "en" else seg.target
        first = rules.occurrences(text)
        again = rules.occurrences(text)
        assert first == again == rules.find(text)
        assert again is not first  # callers may change their list


def test_memo_follows_new_user_words():
    rules = LangRules("zh-CN")
    text = "描述器定义了属性访问。"
    before = rules.occurrences(text)
    rules.tokenizer.add_word("了属性")
    after = rules.occurrences(text)
    assert after == rules.find(text)
    assert [o.key for o in after] != [o.key for o in before]


def test_a_pickled_rules_leaves_its_memo_behind():
    rules = LangRules("zh-CN", ["描述器"])
    rules.occurrences("描述器定义了属性访问。")
    copy = pickle.loads(pickle.dumps(rules))
    assert copy._memo == {} and copy.tokenizer.user_words == {"描述器"}
    assert copy.occurrences("描述器定义了属性访问。") == rules.find("描述器定义了属性访问。")
