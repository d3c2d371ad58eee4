"""PO files read for checking: the fast scanner gives what polib (read_po) gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.checks import inputs
from glossary.checks.inputs import file_segments

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n'
)
ENTRIES = """\
#: a.rst:1
#, python-format
msgid "Hello %s"
msgstr "你好 %s"

# a translator comment
msgctxt "menu"
msgid "Open"
msgstr "打开"

#, fuzzy
msgid "Fuzzy one"
msgstr "模糊"

msgid "Untranslated"
msgstr ""

msgid "one file"
msgid_plural "%d files"
msgstr[0] "%d 个文件"

msgid ""
"Wrapped "
"text\\twith \\"escapes\\" \\\\ and \\\\a"
msgstr "换行\\n文本"

#~ msgid "Obsolete"
#~ msgstr "过时"
"""


def _key(segment):
    return (
        segment.source,
        segment.target,
        segment.src_lang,
        segment.tgt_lang,
        segment.file,
        segment.line,
        segment.context,
        segment.flags,
    )


def _read(path: Path, fast: bool, **kw) -> list | tuple[str, str]:
    """The segments of *path* (as tuples), or the error; *fast* False forces polib."""
    reader = inputs._po_segments
    if not fast:
        inputs._po_segments = lambda *args: None  # the polib path: read_po and unit_segment
    try:
        return [_key(s) for s in file_segments([path], **kw)]
    except Exception as exc:  # noqa: BLE001 - the error must be the same one
        return (type(exc).__name__, str(exc))
    finally:
        inputs._po_segments = reader


@pytest.mark.parametrize(
    "body",
    [
        HEADER + ENTRIES,
        HEADER + ENTRIES.replace("\n", "\r\n"),
        HEADER + ENTRIES.replace('"Open"', '"Open\\a"'),  # \a: decoded alike both ways
        HEADER + ENTRIES.replace("#, fuzzy", "#,fuzzy"),  # read by polib as "uzzy"
        HEADER + ENTRIES.replace("#, fuzzy", "#, fuzzy\n#, c-format"),
        HEADER + 'msgid "Line\u2028separator"\nmsgstr "行\u2028分隔"\n',
        HEADER + 'msgid "Broken "quote""\nmsgstr "引号"\n',  # polib's syntax error
        HEADER + 'msgctxt "a \\"b\\""\nmsgid "Good \\"quote\\""\nmsgstr "引号"\n',
        ENTRIES,  # no header, so no language: an error either way
    ],
)
@pytest.mark.parametrize("kw", [{}, {"tgt": "zh-CN"}, {"include_fuzzy": True}])
def test_fast_po_reading_equals_polib(tmp_path, body, kw):
    path = tmp_path / "x.po"
    path.write_bytes(body.encode("utf-8"))
    assert _read(path, True, **kw) == _read(path, False, **kw)


def test_fast_po_reading_is_used(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes((HEADER + ENTRIES).encode("utf-8"))
    segments = inputs._po_segments(path, "x.po", None, None, False)
    assert segments is not None
    assert [s.source for s in segments] == [
        "Hello %s",
        "Open",
        "one file",
        "%d files",
        'Wrapped text\twith "escapes" \\ and \\a',
    ]
    assert segments[0].flags == ("python-format",) and segments[1].context == "menu"


def test_fixture_po_files_read_alike():
    paths = sorted(FIXTURES.rglob("*.po"))
    assert len(paths) > 3
    for path in paths:
        assert _read(path, True) == _read(path, False), path


def test_form_feeds_and_line_separators_take_the_fast_path_and_read_alike(tmp_path):
    path = tmp_path / "x.po"
    body = HEADER + 'msgid "Page\\fbreak\u2028here"\nmsgstr "分页\\f符\u2028这里"\n'
    path.write_bytes(body.encode("utf-8"))
    assert inputs._po_segments(path, "x.po", None, None, False) is not None
    assert _read(path, True) == _read(path, False)
