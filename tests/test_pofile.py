"""PO reading and writing: the shared round trip, real-file oddities, msgfmt's verdict."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.roundtrip_suite import RoundTripSuite, pair
from tm.errors import InputError
from tm.pofile import (
    PROP_FLAG,
    PROP_PLURAL,
    PROP_REFERENCE,
    PoStats,
    PoWriteStats,
    read_po,
    write_po,
)

FIXTURES = Path(__file__).parent / "fixtures" / "po"
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")


def write(units, src="en", tgt="zh-CN", stats=None) -> bytes:
    out = io.BytesIO()
    write_po(out, units, src_lang=src, tgt_lang=tgt, stats=stats)
    return out.getvalue()


def read(source, src="en", tgt=None, **kw):
    return list(read_po(source, "test.po", src_lang=src, tgt_lang=tgt, **kw))


def pairs(units, src="en", tgt="zh-CN"):
    return [(u.variant(src).text, u.variant(tgt).text) for u in units]


def msgfmt_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "out.po"
    path.write_bytes(data)
    return subprocess.run(
        [MSGFMT, "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


class TestPoRoundTrip(RoundTripSuite):
    def write(self, units, src, tgt):
        return write(units, src, tgt)

    def read(self, data, src, tgt):
        return read(data, src, tgt)


# --- reading real-file features ---------------------------------------------------------------


def test_features_counts_and_defaults():
    stats = PoStats()
    units = list(read_po(FIXTURES / "features.po", "features.po", stats=stats))
    assert stats == PoStats(
        units=6, skipped_fuzzy=1, skipped_obsolete=1, untranslated=1, plural_entries=1
    )
    assert {u.variants[1].lang for u in units} == {"zh-CN"}  # from the header's Language: zh_CN
    assert pairs(units)[:3] == [
        ("Saved %(name)s", "已保存 %(name)s"),
        ("Open", "打开"),
        ("Open", "开放的"),
    ]


def test_comments_references_flags_and_origin():
    saved = read(FIXTURES / "features.po")[0]
    assert saved.notes == [
        'Translator: keep "file" as 文件, not 档案.',
        "Shown in the status bar after a save.",
    ]
    assert (PROP_REFERENCE, "src/app.py:12 src/app.py:40") in saved.props
    assert (PROP_FLAG, "python-format") in saved.props
    assert saved.origin_file == "test.po"
    assert saved.origin_line == 18  # polib's linenum: the entry's first (comment) line
    assert saved.origin == "test.po:18"


def test_msgctxt_becomes_context():
    units = read(FIXTURES / "features.po")
    assert [u.context for u in units[:3]] == [None, "menu|file", "adjective"]


def test_plural_entry_gives_two_units_from_the_one_chinese_form():
    units = [u for u in read(FIXTURES / "features.po") if any(k == PROP_PLURAL for k, _ in u.props)]
    assert pairs(units) == [
        ("%d file was copied", "已复制 %d 个文件"),
        ("%d files were copied", "已复制 %d 个文件"),
    ]
    assert [dict(u.props)[PROP_PLURAL] for u in units] == [
        "msgid:msgstr[0]",
        "msgid_plural:msgstr[0]",
    ]


def test_plural_with_two_forms_maps_msgid_plural_to_the_last():
    data = (
        b'msgid ""\nmsgstr "Language: en\\n"\n\n'
        b'msgid "%d Datei"\nmsgid_plural "%d Dateien"\nmsgstr[0] "%d file"\nmsgstr[1] "%d files"\n'
    )
    units = read(data, src="de")
    assert pairs(units, "de", "en") == [("%d Datei", "%d file"), ("%d Dateien", "%d files")]
    assert dict(units[1].props)[PROP_PLURAL] == "msgid_plural:msgstr[1]"


def test_fuzzy_included_on_request_with_its_flag():
    stats = PoStats()
    units = read(FIXTURES / "features.po", include_fuzzy=True, stats=stats)
    fuzzy = [u for u in units if (PROP_FLAG, "fuzzy") in u.props]
    assert pairs(fuzzy) == [("Delete %s permanently?", "删除 %s？")]
    assert stats.skipped_fuzzy == 0 and stats.units == 7


def test_multiline_entry_with_escapes():
    usage = next(
        u for u in read(FIXTURES / "features.po") if u.variants[0].text.startswith("Usage")
    )
    assert usage.variants[0].text == (
        'Usage: example [OPTIONS] FILE\n\nSay "hello" to FILE; a backslash \\ stays a backslash.\n'
    )
    assert usage.variants[1].text.endswith("反斜杠 \\ 仍是反斜杠。\n")


def test_pot_gives_no_units_but_counts():
    stats = PoStats()
    assert read(FIXTURES / "template.pot", tgt="zh-CN", stats=stats) == []
    assert stats == PoStats(untranslated=3)


def test_pot_without_target_language_asks_for_tgt():
    with pytest.raises(InputError, match="--tgt") as exc:
        read(FIXTURES / "template.pot")
    assert exc.value.file == "test.po"


def test_syntax_error_names_file_and_line():
    with pytest.raises(InputError) as exc:
        read_po(FIXTURES / "syntax_error.po", "syntax_error.po")
    assert (exc.value.file, exc.value.line) == ("syntax_error.po", 9)
    assert str(exc.value).startswith("syntax_error.po:9: PO syntax error")


def test_stray_line_is_a_syntax_error():
    with pytest.raises(InputError) as exc:
        read(b'msgid "a"\nmsgstr "b"\nnot po\n', tgt="zh-CN")
    assert exc.value.line == 3


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read") as exc:
        read_po(tmp_path / "nope.po", "nope.po")
    assert exc.value.file == "nope.po"


def test_notes_come_back_as_one_trimmed_comment():
    unit = pair("a", "甲")
    unit.notes = ["  first line\r\nsecond line  ", "", "another note"]
    assert read(write([unit]))[0].notes == ["first line\nsecond line\nanother note"]


def test_gb18030_declared_in_header():
    units = read(FIXTURES / "gb18030.po")
    assert pairs(units) == [
        ("File", "文件"),
        ("Euro sign and a rare character", "欧元符号 € 和生僻字 𠀀"),
    ]
    assert units[0].notes == []  # the file's leading comment belongs to the header


def test_unknown_charset():
    with pytest.raises(InputError, match="unknown charset 'X-NO-SUCH-CHARSET'") as exc:
        read(FIXTURES / "unknown_charset.po")
    assert exc.value.line == 6


def test_bytes_not_in_the_declared_charset():
    data = (FIXTURES / "gb18030.po").read_bytes().replace(b"GB18030", b"UTF-8")
    with pytest.raises(InputError, match="not valid UTF-8") as exc:
        read(data)
    assert exc.value.line == 1  # the GB18030-encoded Chinese comment


def test_utf8_bom_is_ignored():
    data = (
        b'\xef\xbb\xbfmsgid ""\nmsgstr "Language: zh_CN\\n"\n\nmsgid "a"\nmsgstr "\xe7\x94\xb2"\n'
    )
    assert pairs(read(data)) == [("a", "甲")]


def test_zh_to_en_direction():
    units = read(FIXTURES / "zh_en.po", src="zh-CN")
    assert pairs(units, "zh-CN", "en") == [
        ("压舱石", "ballast"),
        ("专业化整合", "professional integration"),
    ]
    assert [v.lang for v in units[0].variants] == ["zh-CN", "en"]


def test_target_argument_overrides_header_and_same_languages_are_refused():
    assert read(FIXTURES / "zh_en.po", src="zh-CN", tgt="en-GB")[0].variants[1].lang == "en-GB"
    with pytest.raises(InputError, match="both zh-CN"):
        read(FIXTURES / "zh_en.po", src="zh-CN", tgt="zh_CN")


def test_line_separators_inside_strings_do_not_split_lines():
    text = "a\u2028b\x85c\x0cd\x1ce"
    data = write([pair(text, "甲\u2029乙")])
    assert pairs(read(data)) == [(text, "甲\u2029乙")]


def test_real_corpus_cut():
    """The first 15 entries of tutorial/appendix.po from the Python docs (zh_CN)."""
    stats = PoStats()
    units = list(read_po(FIXTURES / "appendix_cut.po", "tutorial/appendix.po", stats=stats))
    assert stats == PoStats(units=14, untranslated=1)
    assert pairs(units)[0] == ("Appendix", "附录")
    assert units[0].origin == "tutorial/appendix.po:24"
    assert dict(units[0].props)[PROP_REFERENCE] == "../../tutorial/appendix.rst:5"
    assert all(u.context is None and u.notes == [] for u in units)
    shebang = next(u for u in units if u.variants[0].text.startswith("(assuming"))
    assert "(``'\\n'``)" in shebang.variants[0].text  # an escaped backslash in the source


# --- writing ----------------------------------------------------------------------------------


def test_header():
    text = write([], "en", "zh-CN").decode()
    for line in (
        '"Language: zh_CN\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
        '"X-Generator: Concord\\n"',
    ):
        assert line in text


def test_written_po_keeps_context_notes_references_flags():
    again = read(write(read(FIXTURES / "features.po")))
    assert [u.context for u in again[:3]] == [None, "menu|file", "adjective"]
    saved = again[0]
    assert saved.notes == [  # both comments come back as one translator comment
        'Translator: keep "file" as 文件, not 档案.\nShown in the status bar after a save.'
    ]
    assert saved.props == [
        (PROP_REFERENCE, "src/app.py:12 src/app.py:40"),
        (PROP_FLAG, "python-format"),
    ]
    # Each form of the plural entry is written as an entry of its own, without format flags.
    assert again[3].props == [(PROP_REFERENCE, "src/app.py:55")]
    assert pairs(again[3:5]) == [
        ("%d file was copied", "已复制 %d 个文件"),
        ("%d files were copied", "已复制 %d 个文件"),
    ]


def test_duplicates_and_invalid_units_are_counted():
    units = [
        pair("Open", "打开"),
        pair("Open", "开"),  # same msgid, no context: dropped
        pair("Open", "开放的", context="adjective"),
        pair("", "空"),  # empty msgid would be the header
        pair("a\n", "甲"),  # msgfmt: both must end with \n
        pair("only english", "x", tgt_lang="fr"),
    ]
    stats = PoWriteStats()
    data = write(units, stats=stats)
    assert stats == PoWriteStats(written=2, skipped_duplicate=1, skipped_invalid=3)
    assert pairs(read(data)) == [("Open", "打开"), ("Open", "开放的")]


@needs_msgfmt
def test_msgfmt_accepts_written_po(tmp_path):
    units = read(FIXTURES / "features.po", include_fuzzy=True) + read(FIXTURES / "appendix_cut.po")
    result = msgfmt_check(write(units), tmp_path)
    assert result.returncode == 0, result.stderr


@needs_msgfmt
def test_msgfmt_accepts_zh_to_en(tmp_path):
    result = msgfmt_check(write(read(FIXTURES / "zh_en.po", src="zh-CN"), "zh-CN", "en"), tmp_path)
    assert result.returncode == 0, result.stderr


# --- properties -------------------------------------------------------------------------------

TEXT = st.text(
    st.sampled_from(list('ab Z"\\\t\n\r\u3000，。“”甲乙𠀀#~:%') + ["\u2028", "\x85", "\x1c"]),
    max_size=12,
)
ENTRY = st.tuples(st.none() | st.text("xy|", max_size=3), TEXT, TEXT)


def expected_entries(entries):
    """What write_po should keep: msgfmt-valid pairs, first of each (msgctxt, msgid)."""
    seen, kept = set(), []
    for ctx, src, tgt in entries:
        ok = src and tgt and src.startswith("\n") == tgt.startswith("\n")
        if ok and src.endswith("\n") == tgt.endswith("\n") and (ctx, src) not in seen:
            seen.add((ctx, src))
            kept.append((ctx, src, tgt))
    return kept


@given(st.lists(ENTRY, max_size=8))
def test_write_read_po_roundtrip(entries):
    units = [pair(s, t, context=c) for c, s, t in entries]
    back = read(write(units))
    assert [(u.context, u.variants[0].text, u.variants[1].text) for u in back] == expected_entries(
        entries
    )


@needs_msgfmt
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ENTRY, max_size=8))
def test_msgfmt_accepts_random_units(tmp_path, entries):
    result = msgfmt_check(write([pair(s, t, context=c) for c, s, t in entries]), tmp_path)
    assert result.returncode == 0, result.stderr
