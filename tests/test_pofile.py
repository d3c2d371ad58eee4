"""PO reading and writing: the shared round trip, real-file oddities, msgfmt's verdict, string
literals read and written as gettext does."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import build_memory
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
from tm.postrings import escape, unescape
from tm.potext import PoText, render_field
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "po"
MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")
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


NOTE_WITH_BLANK_LINES = {
    "en": "Keep the term.\n\nSee the glossary:\n\n\n  ballast 压舱石",
    "zh-CN": "保留术语。\r\n\r\n见术语表：\n\n\n  压舱石 ballast",
}


@pytest.mark.parametrize(("src", "tgt"), [("en", "zh-CN"), ("zh-CN", "en")])
def test_a_blank_line_of_a_note_is_written_as_msgcat_writes_it(tmp_path, src, tgt):
    texts = {"en": "ballast", "zh-CN": "压舱石"}
    unit = pair(texts[src], texts[tgt], src, tgt)
    unit.notes = [NOTE_WITH_BLANK_LINES[src]]
    data = write([unit], src, tgt)
    note = NOTE_WITH_BLANK_LINES[src].replace("\r\n", "\n")
    comment = "".join(f"# {line}\n" if line else "#\n" for line in note.split("\n"))
    assert comment.encode() in data and b"# \n" not in data  # "#" alone, never "# "
    assert read(data, src)[0].notes == [note]
    if MSGCAT:  # byte for byte what gettext itself writes
        path = tmp_path / "notes.po"
        path.write_bytes(data)
        done = subprocess.run([MSGCAT, "--no-wrap", str(path)], capture_output=True)
        assert done.returncode == 0 and done.stdout == data


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


# --- string literals as gettext reads and writes them -----------------------------------------
#
# tm.postrings mirrors gettext's lexer and writer; polib (which read_po parses with) knows
# fewer escapes, so read_po hands it each literal decoded first. msgfmt is the judge.


@pytest.mark.parametrize(
    ("literal", "text"),
    [
        (r"\a\b\f\n\r\t\v\\\"", '\a\b\f\n\r\t\v\\"'),
        (r"\\a \\x41 \\033", "\\a \\x41 \\033"),  # escaped backslashes, then letters
        (r"\033[1mBold\033[0m", "\x1b[1mBold\x1b[0m"),
        (r"\7|\18|\0101", "\x07|\x018|\x081"),  # one to three octal digits
        (r"\x1b|\x41x|\x414243", "\x1b|Ax|C"),  # as many hex digits as follow, modulo 256
        (r"\303\251 \xe4\xb8\xAD", "é 中"),  # bytes of the file's charset
        (r"ab\0cd", "ab"),  # a NUL ends the string, as in C
        (r"ab\400cd", "ab"),  # 0o400 modulo 256 is a NUL
        ("ab\x00cd", "ab"),
        ("raw \x1b\x0c\x7f\u2028", "raw \x1b\x0c\x7f\u2028"),  # as written
    ],
)
def test_unescape_reads_what_gettext_reads(literal, text):
    assert unescape(literal) == text


def test_byte_escapes_are_bytes_of_the_files_charset():
    assert unescape(r"\xd6\xd0\316\304", "gb18030") == "中文"


@pytest.mark.parametrize(
    ("literal", "reason"),
    [
        (r"a\q", r"invalid escape sequence \\q"),
        (r"\e[1m", r"invalid escape sequence \\e"),
        (r"\u00e9", r"invalid escape sequence \\u"),
        (r"\xg", r"invalid escape sequence \\x"),
        (r"\8", r"invalid escape sequence \\8"),
        ("abc\\", "closing quote is escaped"),
        (r"\377", r"escapes give bytes b'\\xff', which are not valid utf-8"),
    ],
)
def test_escapes_gettext_refuses_are_refused(literal, reason):
    with pytest.raises(InputError, match=reason):
        unescape(literal)


# Every character there is but NUL and EOT (no PO string holds them), with control characters,
# backslashes, quotes and escape-like text drawn often.
PO_SPECIAL = [chr(c) for c in range(0x20) if c not in (0, 4)] + [
    "\x7f", "\x85", "\u2028", "\u2029", "\\", '"', "\ufffe",
]  # fmt: skip
po_texts = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_characters="\x00\x04"), max_size=6),
        st.text(st.sampled_from(PO_SPECIAL), min_size=1, max_size=3),
        st.sampled_from([r"\a", r"\033", r"\x1b", "\\\\", '\\"', "\\"]),
    ),
    max_size=4,
).map("".join)


@given(po_texts)
def test_escape_then_unescape_gives_the_text(text):
    assert unescape(escape(text)) == text


def test_escape_writes_the_c_escapes_gettext_writes():
    assert escape('\a\b\f\n\r\t\v\\"') == r"\a\b\f\n\r\t\v\\\""
    assert escape("\x1b[1m\x01\x7f\x85\u2028") == "\x1b[1m\x01\x7f\x85\u2028"  # as msgcat does


@pytest.mark.parametrize("char", ["\x00", "\x04"])
def test_nul_and_eot_cannot_be_written(char):
    with pytest.raises(InputError, match=rf"cannot hold U\+000{ord(char)}"):
        escape(f"a{char}b")


HEADER = "Content-Type: text/plain; charset=UTF-8\nLanguage: zh_CN\n"


def filled_po(texts: list[str]) -> bytes:
    """A PO file as pre-translation writes entries (render_field): each text as msgid and msgstr."""
    lines = render_field("msgid", "", "\n") + render_field("msgstr", HEADER, "\n")
    for text in texts:
        lines += ["\n", *render_field("msgid", text, "\n"), *render_field("msgstr", text, "\n")]
    return "".join(lines).encode()


def exported_po(texts: list[str]) -> bytes:
    return write([pair(text, text) for text in texts])


def msgfmt_catalog(path: Path) -> dict[str, str]:
    """What msgfmt --check compiles *path* to, read back by Python's gettext."""
    mo = path.with_suffix(".mo")
    done = subprocess.run(
        [MSGFMT, "--check", "-o", str(mo), str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    return {k: v for k, v in catalog.items() if k}


def concord_texts(data: bytes) -> dict[str, dict[str, str]]:
    """The pairs read_po and the pre-translation scanner (PoText) read."""
    units = read(data)
    scanned = PoText(data, "x.po").entries
    return {
        "read_po": {u.variants[0].text: u.variants[1].text for u in units},
        "PoText": {e.msgid: e.msgstr[0] for e in scanned if e.msgid and not e.obsolete},
    }


@needs_msgfmt
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(po_texts.filter(bool), min_size=1, max_size=6, unique=True))
def test_written_po_is_read_alike_by_concord_polib_and_msgfmt(tmp_path, texts):
    expected = {text: text for text in texts}
    for writer in (filled_po, exported_po):
        path = tmp_path / f"{writer.__name__}.po"
        data = writer(texts)
        path.write_bytes(data)
        assert msgfmt_catalog(path) == expected
        assert concord_texts(data) == {"read_po": expected, "PoText": expected}
        # Both write a BEL as \a, as gettext does; polib, which has no \a escape, reads a
        # backslash and an "a" there (read_po hands polib each literal decoded first).
        by_polib = {e.msgid: e.msgstr for e in polib.pofile(str(path))}
        assert by_polib == {t.replace("\a", "\\a"): t.replace("\a", "\\a") for t in texts}
        if MSGCAT:  # what Concord writes is what gettext itself writes, byte for byte
            done = subprocess.run([MSGCAT, "--no-wrap", str(path)], capture_output=True)
            assert done.stdout == data


ESCAPES_PO = (
    r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_CN\n"

msgid "bell"
msgstr "\a|\b|\f|\v|\t|\r|\\a|\"q\""

msgid "octal"
msgstr "\033[1m|\7|\0101|\303\251"

msgid "hex"
msgstr "\x1b[1m|\x41x|\x414243|\xe4\xb8\xad"

msgid "nul"
msgstr "ab\0cd"
"ef"

#~ msgid "obsolete"
#~ msgstr "\a"
"""
    + 'msgid "raw"\nmsgstr "\x1b\x0c\x0b\x1c\x85\u2028"\n'
).encode()


@needs_msgfmt
def test_escapes_are_read_as_msgfmt_reads_them(tmp_path):
    path = tmp_path / "escapes.po"
    path.write_bytes(ESCAPES_PO)
    expected = {
        "bell": '\a|\b|\f|\v|\t|\r|\\a|"q"',
        "octal": "\x1b[1m|\x07|\x081|é",
        "hex": "\x1b[1m|Ax|C|中",
        "nul": "abef",  # each literal ends at its NUL
        "raw": "\x1b\x0c\x0b\x1c\x85\u2028",
    }
    assert msgfmt_catalog(path) == expected
    assert concord_texts(ESCAPES_PO) == {"read_po": expected, "PoText": expected}


CONTROL_TEXTS = {
    "en": "Ring\a the bell: \x1b[1mbold\x1b[0m\vdown\fnext page",
    "zh-CN": "响铃\a：\x1b[1m粗体\x1b[0m\v向下\f下一页",
}


@pytest.mark.parametrize(("src", "tgt"), [("en", "zh-CN"), ("zh-CN", "en")])
def test_tm_export_writes_control_characters_as_pre_translation_does(db_path, tmp_path, src, tgt):
    build_memory(db_path, [pair(CONTROL_TEXTS[src], CONTROL_TEXTS[tgt], src, tgt)])
    path = tmp_path / "exported.po"
    assert main(["tm", "export", str(path), "--src", src, "--tgt", tgt]) == 0
    data = path.read_bytes()
    assert b"\\a" in data and b"\a" not in data  # a BEL as gettext writes it, never raw
    for keyword, lang in (("msgid", src), ("msgstr", tgt)):  # the lines a fill would have
        assert "".join(render_field(keyword, CONTROL_TEXTS[lang], "\n")).encode() in data
    expected = {CONTROL_TEXTS[src]: CONTROL_TEXTS[tgt]}
    entries = [e for e in PoText(data, "exported.po").entries if e.msgid]
    assert {e.msgid: e.msgstr[0] for e in entries} == expected
    assert dict(pairs(read(data, src=src), src, tgt)) == expected
    if MSGFMT:
        assert msgfmt_catalog(path) == expected


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
@pytest.mark.parametrize("bad", [r"\q", r"\u00e9", "\\", r"\377"])
def test_an_escape_gettext_refuses_names_file_and_line(tmp_path, direction, bad):
    src, tgt = ("en", "zh-CN") if direction == "en-zh" else ("zh-CN", "en")
    data = f'msgid ""\nmsgstr "Language: {tgt}\\n"\n\nmsgid "a"\nmsgstr "甲{bad}"\n'.encode()
    with pytest.raises(InputError, match=r"^test\.po:5: PO syntax error: ") as exc:
        read(data, src)
    with pytest.raises(InputError) as scanned:
        PoText(data, "test.po")
    assert str(scanned.value) == str(exc.value)
    if MSGFMT:
        path = tmp_path / "bad.po"
        path.write_bytes(data)
        done = subprocess.run([MSGFMT, "-o", "/dev/null", str(path)], capture_output=True)
        assert done.returncode != 0 or bad == r"\377"  # msgfmt lets a stray byte through


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
def test_bell_and_octal_escapes_are_decoded_both_directions(direction):
    src, tgt = ("en", "zh-CN") if direction == "en-zh" else ("zh-CN", "en")
    texts = {"en": r"Ring\a \033[1mnow\033[0m", "zh-CN": r"响铃\a \033[1m现在\033[0m"}
    data = (
        f'msgid ""\nmsgstr "Language: {tgt}\\n"\n\nmsgid "{texts[src]}"\nmsgstr "{texts[tgt]}"\n'
    ).encode()
    (unit,) = read(data, src)
    assert [v.text for v in unit.variants] == [unescape(texts[src]), unescape(texts[tgt])]
    assert unit.variants[0].text.startswith(("Ring\a \x1b[1m", "响铃\a \x1b[1m"))


@needs_msgfmt
@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
def test_pretranslation_writes_control_characters_as_gettext_does(tmp_path, direction):
    src, tgt = ("en", "zh-CN") if direction == "en-zh" else ("zh-CN", "en")
    texts = {"en": "Ring\a and \x1b[1mgo\f", "zh-CN": "响铃\a并\x1b[1m走\f"}
    db = build_memory(tmp_path / "mem.db", [pair(texts[src], texts[tgt], src, tgt)])
    pot = tmp_path / "in.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{escape(texts[src])}"\nmsgstr ""\n'
    )
    out = tmp_path / "out.po"
    args = ["--db", str(db), "pretranslate", str(pot), "--src", src, "--tgt", tgt, "-o", str(out)]
    assert main(args) == 0
    written = {"en": "Ring\\a and \x1b[1mgo\\f", "zh-CN": "响铃\\a并\x1b[1m走\\f"}
    assert f'msgstr "{written[tgt]}"\n'.encode() in out.read_bytes()  # ESC as itself
    assert msgfmt_catalog(out) == {texts[src]: texts[tgt]}
    assert pairs(read(out, src, tgt), src, tgt) == [(texts[src], texts[tgt])]


def test_the_scanner_keeps_line_separators_inside_strings():
    data = (
        'msgid ""\nmsgstr "Language: zh_CN\\n"\n\nmsgid "a\x0cb\x0bc\x1cd"\nmsgstr "甲\u2029乙"\n'
    )
    entry = PoText(data.encode(), "x.po").entries[1]
    assert (entry.msgid, entry.msgstr) == ("a\x0cb\x0bc\x1cd", {0: "甲\u2029乙"})
