"""Paragraph and sentence segmentation, English and Chinese."""

from __future__ import annotations

import pytest

from tm.segment import is_speaker_label, segment, split_paragraphs, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I answer. In 2023, we met.", ["I answer.", "In 2023, we met."]),
        ("He works for Acme Corp. The firm grew.", ["He works for Acme Corp.", "The firm grew."]),
        (
            "China Three Gorges Corp. Ltd. Shares rose.",
            ["China Three Gorges Corp. Ltd. Shares rose."],
        ),
        ("The U.S. President spoke. We listened.", ["The U.S. President spoke.", "We listened."]),
        (
            "See No. 5 and Dr. Li on Jan. 24. Then stop.",
            ["See No. 5 and Dr. Li on Jan. 24.", "Then stop."],
        ),
        ("J. Smith came. He left.", ["J. Smith came.", "He left."]),
        ("It grew 3.14 per cent. Good.", ["It grew 3.14 per cent.", "Good."]),
        ("Use tools, e.g. Python. Or not.", ["Use tools, e.g. Python.", "Or not."]),
        ('He said "Go!" Then he left.', ['He said "Go!"', "Then he left."]),
        ("Really? (Yes.) Fine.", ["Really?", "(Yes.)", "Fine."]),
        ("Wait... then what? Nothing...", ["Wait... then what?", "Nothing..."]),
        ("Visit China.org.cn today.", ["Visit China.org.cn today."]),
        ("the end. not a start", ["the end. not a start"]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "我来回答。2023年，国资委召开会议！谢谢？",
            ["我来回答。", "2023年，国资委召开会议！", "谢谢？"],
        ),
        ("第一；第二。", ["第一；第二。"]),
        ("他说：“你好！”我们走了。", ["他说：“你好！”", "我们走了。"]),
        ("发挥“国家队”作用。下一步……「再见」。", ["发挥“国家队”作用。", "下一步……", "「再见」。"]),
        ("这是（括号。）然后", ["这是（括号。）", "然后"]),
        ("好吗?是的!对.对", ["好吗?", "是的!", "对.", "对"]),
        (
            "见 Acme Corp. 的公告。Test it. We did.",
            ["见 Acme Corp. 的公告。", "Test it.", "We did."],
        ),
    ],
)
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh-CN") == expected


def test_paragraphs_join_lines_by_script() -> None:
    text = "Hello\nworld.\n\n\n中文\n句子。\nMixed 中文\nline"
    assert split_paragraphs(text) == ["Hello world.", "中文句子。Mixed 中文 line"]


def test_speaker_labels_are_segments_of_their_own() -> None:
    text = "Li Bing:\nI'll answer. Thank you.\n\n李冰：\n我来回答。"
    assert split_paragraphs(text) == ["Li Bing:", "I'll answer. Thank you.", "李冰：", "我来回答。"]
    assert is_speaker_label("Mr. Li:") and is_speaker_label("第一财经：")
    assert not is_speaker_label("The four areas are the following, in order:")
    assert not is_speaker_label("Note: this")


def test_segment_keeps_offsets_and_paragraphs() -> None:
    text = "Yicai:\n\n  First one. Second\none.\n"
    sents = segment(text, "en")
    assert [(s.text, s.paragraph) for s in sents] == [
        ("Yicai:", 0),
        ("First one.", 1),
        ("Second one.", 1),
    ]
    assert text[sents[1].start : sents[1].end] == "First one."
    assert text[sents[2].start : sents[2].end] == "Second\none."


def test_segment_chinese_offsets_across_line_breaks() -> None:
    text = "国资委\n召开会议。谢谢。"
    sents = segment(text, "zh-CN")
    assert [s.text for s in sents] == ["国资委召开会议。", "谢谢。"]
    assert text[sents[0].start : sents[0].end] == "国资委\n召开会议。"
