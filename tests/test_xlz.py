"""XLZ archives: pre-translating and importing their XLIFF members, copying the rest, safety."""

from __future__ import annotations

import io
import re
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import build_memory, copy_memory
from tm.errors import InputError
from tm.importer import import_files
from tm.pretranslate import FileJob
from tm.pretranslate.xliff import load_xliff
from tm.store import SQLiteStore
from tm.unit import TranslationUnit, Variant
from tm.xliff import NS12, NS20, FillInfo, XlzDocument, read_xlz
from tui.cli import main

WHEN = (2024, 1, 24, 10, 30, 0)

TEXTS = {  # source texts of the archive's files, by direction
    "en-zh": ("The national team", "Parameters", "The central SOEs reported a profit in 2023!"),
    "zh-en": ("国家队", "参数", "中央企业在2023年实现了利润！"),
}
LANGS = {"en-zh": ("en", "zh-CN"), "zh-en": ("zh-CN", "en")}


def xliff12(src: str, tgt: str, texts: tuple[str, ...]) -> bytes:
    units = "".join(
        f'\n      <trans-unit id="{k}"><source>{text}</source></trans-unit>'
        for k, text in enumerate(texts, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
        f'  <file original="ui.html" source-language="{src}" target-language="{tgt}" '
        f'datatype="html">\n    <body>{units}\n    </body>\n  </file>\n</xliff>\n'
    ).encode()


def xliff20(src: str, tgt: str, texts: tuple[str, ...]) -> bytes:
    units = "".join(
        f'\n    <unit id="u{k}"><segment><source>{text}</source></segment></unit>'
        for k, text in enumerate(texts, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}" '
        f'trgLang="{tgt}">\n  <file id="f1">{units}\n  </file>\n</xliff>\n'
    ).encode()


SKELETON = bytes(range(256)) * 40  # binary, as skeletons may be


def members(direction: str = "en-zh") -> list[tuple[str, bytes, int]]:
    """An Okapi-like kit: a manifest, the original, skeletons, XLIFF 1.2 and 2.0 files."""
    src, tgt = LANGS[direction]
    texts = TEXTS[direction]
    return [
        ("manifest.rkm", b'<?xml version="1.0"?>\n<manifest version="2"/>\n', zipfile.ZIP_DEFLATED),
        ("content/", b"", zipfile.ZIP_STORED),
        ("content/original/ui.html", b"<p>The national team</p>\n", zipfile.ZIP_STORED),
        ("content/work/ui.html.xlf", xliff12(src, tgt, texts), zipfile.ZIP_DEFLATED),
        ("content/work/ui.skl", SKELETON, zipfile.ZIP_DEFLATED),
        ("content/work/strings.xliff", xliff20(src, tgt, texts[:2]), zipfile.ZIP_STORED),
    ]


def make_xlz(entries: list[tuple[str, bytes, int]], comment: bytes = b"kit") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for k, (name, data, method) in enumerate(entries):
            info = zipfile.ZipInfo(name, WHEN)
            info.compress_type = method
            info.external_attr = (0o640 + k) << 16
            info.comment = f"member {k}".encode()
            archive.writestr(info, data)
        archive.comment = comment
    return out.getvalue()


def central_entry(data: bytes, member: str) -> int:
    """The offset of *member*'s entry in the archive's central directory."""
    pos = data.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == member.encode():
            return pos
        pos = data.index(b"PK\x01\x02", pos + 46)


def forge(data: bytes, member: str, offset: int, fmt: str, value: int) -> bytes:
    """The archive with one field of *member*'s directory entry changed (what an attacker can)."""
    out = bytearray(data)
    struct.pack_into(fmt, out, central_entry(data, member) + offset, value)
    return bytes(out)


def damage(data: bytes, member: str) -> bytes:
    """The archive with *member*'s CRC off by one bit: its data no longer checks."""
    crc = struct.unpack_from("<I", data, central_entry(data, member) + 16)[0]
    return forge(data, member, 16, "<I", crc ^ 1)


def read_members(data: bytes) -> dict[str, tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: (i, archive.read(i)) for i in archive.infolist()}


MEMORY = [
    ("en", "The national team", "zh-CN", "国家队"),
    ("en", "Parameters", "zh-CN", "参数"),
    ("en", "The central SOEs reported a profit in 2022.", "zh-CN", "中央企业在2022年实现了利润。"),
]


@pytest.fixture(scope="module")
def memory_db(tmp_path_factory) -> Path:
    units = [
        TranslationUnit(variants=[Variant(a, x), Variant(b, y)], origin_file="mem.po")
        for sa, sx, ta, tx in MEMORY
        for a, x, b, y in ((sa, sx, ta, tx), (ta, tx, sa, sx))
    ]
    return build_memory(tmp_path_factory.mktemp("xlz") / "mem.db", units)


@pytest.fixture
def db(memory_db, tmp_path) -> Path:
    return copy_memory(memory_db, tmp_path)


def run(*argv) -> int:
    return main([str(a) for a in argv])


def assert_copied(before: bytes, after: bytes, xliff: set[str]) -> None:
    """Same members in the same order; all but *xliff* byte for byte, with their metadata."""
    old, new = read_members(before), read_members(after)
    assert list(new) == list(old)
    for name, (info, data) in old.items():
        got, got_data = new[name]
        assert (got.date_time, got.compress_type, got.external_attr, got.comment) == (
            info.date_time,
            info.compress_type,
            info.external_attr,
            info.comment,
        )
        if name not in xliff:
            assert got_data == data, name
    assert zipfile.ZipFile(io.BytesIO(after)).comment == zipfile.ZipFile(io.BytesIO(before)).comment


# Pre-translation ------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
def test_pretranslate_fills_each_xliff_member_and_copies_the_rest(db, tmp_path, direction):
    data = make_xlz(members(direction))
    (tmp_path / "kit.xlz").write_bytes(data)
    out = tmp_path / "out" / "kit.xlz"
    assert run("--db", db, "pretranslate", tmp_path / "kit.xlz", "-o", out, "--report") == 0
    result = out.read_bytes()
    xliff = {"content/work/ui.html.xlf", "content/work/strings.xliff"}
    assert_copied(data, result, xliff)
    got = read_members(result)
    root = etree.fromstring(got["content/work/ui.html.xlf"][1])
    targets = [tu.find(f"{{{NS12}}}target") for tu in root.iter(f"{{{NS12}}}trans-unit")]
    expected = list(TEXTS["zh-en" if direction == "en-zh" else "en-zh"][:2])
    assert [t.text for t in targets[:2]] == expected
    assert [t.get("state") for t in targets] == [
        "translated",
        "translated",
        "needs-review-translation",
    ]
    root = etree.fromstring(got["content/work/strings.xliff"][1])
    assert [t.text for t in root.iter(f"{{{NS20}}}target")] == expected
    assert not [p for p in out.parent.iterdir() if p.name != "kit.xlz"]  # no temporary left


def test_pretranslate_in_place_leaves_a_damaged_archive_as_it_was(db, tmp_path, capsys):
    data = damage(make_xlz(members()), "content/work/ui.skl")
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(data)
    assert run("--db", db, "pretranslate", kit, "--in-place") == 2
    err = capsys.readouterr().err
    assert "kit.xlz: member 'content/work/ui.skl': damaged" in err
    assert kit.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["kit.xlz", db.name, f"{db.name}.index"]
    )


def test_an_archive_is_written_as_an_archive(db, tmp_path, capsys):
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(make_xlz(members()))
    assert run("--db", db, "pretranslate", kit, "-o", tmp_path / "kit.xlf") == 2
    assert "an XLZ archive cannot be written as an XLIFF file" in capsys.readouterr().err


def test_xlz_document_fills_members_and_writes_a_new_archive():
    data = make_xlz(members())
    doc = XlzDocument.parse(io.BytesIO(data), "kit.xlz")
    assert [d.name for d in doc.documents] == [
        "kit.xlz!content/work/ui.html.xlf",
        "kit.xlz!content/work/strings.xliff",
    ]
    segments = doc.segments()
    assert [s.source for s in segments] == [*TEXTS["en-zh"], *TEXTS["en-zh"][:2]]
    doc.fill(segments[0], FillInfo("国家队", None, True, 100.0))
    out = io.BytesIO()
    doc.write(out)
    # The filled member is rewritten; the unfilled XLIFF member is copied like the others.
    assert_copied(data, out.getvalue(), {"content/work/ui.html.xlf"})
    written = read_members(out.getvalue())["content/work/ui.html.xlf"][1]
    assert written == members()[3][1].replace(
        b"<source>The national team</source>",
        '<source>The national team</source><target state="translated" '
        'state-qualifier="exact-match">国家队</target>'.encode(),
    )


def test_members_in_other_languages_are_refused(tmp_path):
    entries = members()
    entries[5] = ("content/work/strings.xliff", xliff20("fr", "de", ("Bonjour",)), 0)
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(make_xlz(entries))
    with pytest.raises(
        InputError, match=r"kit.xlz!content/work/strings.xliff:4: declares fr to de"
    ):
        load_xliff(FileJob(kit, "kit.xlz", None), None, None, None)


# Importing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
def test_import_reads_the_xliff_members(tmp_path, direction):
    entries = members(direction)
    src, tgt = LANGS[direction]
    translated = xliff12(src, tgt, TEXTS[direction][:1]).replace(
        b"</source>",
        b"</source><target>"
        + TEXTS["zh-en" if direction == "en-zh" else "en-zh"][0].encode()
        + b"</target>",
    )
    entries[3] = ("content/work/ui.html.xlf", translated, zipfile.ZIP_DEFLATED)
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(make_xlz(entries))
    with SQLiteStore(tmp_path / "t.db") as store:
        (report,) = import_files(store, [kit])
        assert (report.format, report.added, report.error) == ("xliff", 1, None)
        (origin,) = store.conn.execute("SELECT origin_file FROM tm_units").fetchone()
    assert origin.endswith("kit.xlz!content/work/ui.html.xlf")
    assert run("--db", tmp_path / "cli.db", "tm", "import", kit) == 0


def test_read_xlz_streams_units_of_every_member():
    units = list(read_xlz(io.BytesIO(make_xlz(members())), "kit.xlz", include_untranslated=True))
    assert [(u.origin_file, u.tuid) for u in units] == [
        ("kit.xlz!content/work/ui.html.xlf", "1"),
        ("kit.xlz!content/work/ui.html.xlf", "2"),
        ("kit.xlz!content/work/ui.html.xlf", "3"),
        ("kit.xlz!content/work/strings.xliff", "u1"),
        ("kit.xlz!content/work/strings.xliff", "u2"),
    ]


# Bad and hostile archives ---------------------------------------------------------------------


def both_readers(data: bytes, name: str = "kit.xlz", **kw) -> list[InputError]:
    """The error each reader (import, pre-translation) gives; each must give one."""
    errors = []
    for read in (lambda: list(read_xlz(io.BytesIO(data), name, **kw)),
                 lambda: XlzDocument.parse(io.BytesIO(data), name, **kw)):  # fmt: skip
        with pytest.raises(InputError) as caught:
            read()
        errors.append(caught.value)
    return errors


def test_a_zip_bomb_is_refused_naming_archive_and_member():
    bomb = make_xlz([("a.xlf", xliff20("en", "zh-CN", ("x",)), 8), ("b.skl", bytes(2_000_000), 8)])
    assert len(bomb) < 10_000
    for error in both_readers(bomb, limit=1_000_000):
        assert str(error) == (
            "kit.xlz: member 'b.skl': the members come to more than 1,000,000 bytes "
            "uncompressed; refused (a zip bomb?)"
        )


def test_a_declared_size_past_the_default_limit_is_refused_before_reading(tmp_path, capsys):
    data = make_xlz(members())
    forged = forge(data, "content/work/ui.skl", 24, "<I", 0xFFFF_FFF0)  # about 4 GiB
    refused = "kit.xlz: member 'content/work/ui.skl': the members come to more than 1,073,741,824"
    for error in both_readers(forged):
        assert str(error).startswith(refused)
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(forged)
    assert run("--db", tmp_path / "t.db", "tm", "import", kit) == 2
    assert refused in capsys.readouterr().err


@pytest.mark.parametrize(
    "name",
    ["../evil.xlf", "/etc/evil.xlf", "content/../../evil.skl", "C:/evil.xlf", "\\evil.xlf",
     "a\\..\\..\\evil.xlf"],
)  # fmt: skip
def test_members_outside_the_archive_are_refused(name):
    data = make_xlz([("ok.xlf", xliff20("en", "zh-CN", ("x",)), 8), (name, b"x", 0)])
    for error in both_readers(data):
        assert str(error) == (
            f"kit.xlz: member {name!r}: an absolute path or one going up with '..'; refused"
        )


def test_duplicate_encrypted_and_other_compression_are_refused():
    xlf = xliff20("en", "zh-CN", ("x",))
    with pytest.warns(UserWarning, match="Duplicate name"):
        twice = make_xlz([("a.xlf", xlf, 8), ("a.xlf", xlf, 8)])
    for error in both_readers(twice):
        assert str(error) == "kit.xlz: member 'a.xlf' occurs twice; refused"
    encrypted = forge(make_xlz([("a.xlf", xlf, 8)]), "a.xlf", 8, "<H", 1)
    for error in both_readers(encrypted):
        assert str(error) == "kit.xlz: member 'a.xlf' is encrypted; not supported"
    for error in both_readers(make_xlz([("a.xlf", xlf, zipfile.ZIP_BZIP2)])):
        assert str(error) == (
            "kit.xlz: member 'a.xlf': compression method 12 is not supported"
            " (only stored and deflate)"
        )


def test_not_an_archive_and_no_xliff_inside():
    for error in both_readers(b"<xliff/>"):
        assert str(error).startswith("kit.xlz: not a readable ZIP archive (")
    for error in both_readers(make_xlz([("a.skl", b"x", 0)])):
        assert str(error) == "kit.xlz: no XLIFF member (.xlf, .xliff) in the archive"


def test_a_malformed_xliff_member_is_named_with_its_line():
    data = make_xlz(
        [("ok.skl", b"x", 0), ("work/bad.xlf", b"<?xml version='1.0'?>\n<xliff>\n<", 8)]
    )
    for error in both_readers(data):
        assert str(error).startswith("kit.xlz!work/bad.xlf:3:")


def test_a_damaged_member_is_named():
    data = make_xlz(members())
    for error in both_readers(damage(data, "content/work/ui.html.xlf")):
        assert str(error).startswith("kit.xlz: member 'content/work/ui.html.xlf': damaged (Bad CRC")
    # A member only copied is read when the new archive is written: the error comes then.
    damaged = damage(data, "content/work/ui.skl")
    doc = XlzDocument.parse(io.BytesIO(damaged), "kit.xlz")
    doc.fill(doc.segments()[0], FillInfo("国家队", None, True, 100.0))
    with pytest.raises(InputError, match=r"^kit.xlz: member 'content/work/ui.skl': damaged"):
        doc.write(io.BytesIO())


def test_a_damaged_directory_offset_names_the_member(tmp_path):
    data = bytearray(make_xlz(members()))
    end = data.rindex(b"PK\x05\x06")  # the end record; +16: where the directory starts
    data[end + 19] = 0xFF  # far past it: every member's offset now falls before the start
    kit = tmp_path / "kit.xlz"
    kit.write_bytes(data)
    expected = "kit.xlz: member 'content/work/ui.html.xlf': damaged ("
    with pytest.raises(InputError, match=f"^{re.escape(expected)}"):
        XlzDocument.parse(kit, "kit.xlz")  # a file seeks with an OSError, a BytesIO not
    with kit.open("rb") as fh, pytest.raises(InputError, match=f"^{re.escape(expected)}"):
        list(read_xlz(fh, "kit.xlz"))
    for error in both_readers(bytes(data)):
        assert str(error).startswith(expected)


# Properties -----------------------------------------------------------------------------------

_SEGMENT = st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
_NAMES = st.lists(
    st.from_regex(r"[a-z0-9_]{1,6}(/[a-z0-9_]{1,6}){0,2}\.(skl|rkm|html|bin)", fullmatch=True),
    unique=True,
    max_size=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=_NAMES,
    contents=st.lists(st.binary(max_size=3000), min_size=5, max_size=5),
    methods=st.lists(
        st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]), min_size=6, max_size=6
    ),
    where=st.integers(0, 5),
    texts=st.lists(_SEGMENT, min_size=1, max_size=3),
)
def test_every_member_but_the_filled_xliff_is_copied_unchanged(
    names, contents, methods, where, texts
):
    entries = [(n, c, m) for n, c, m in zip(names, contents, methods, strict=False)]
    entries.insert(
        min(where, len(entries)),
        ("work/doc.xlf", xliff12("en", "zh-CN", tuple(texts)), methods[-1]),
    )
    data = make_xlz(entries)
    doc = XlzDocument.parse(io.BytesIO(data), "kit.xlz")
    for seg in doc.segments():
        doc.fill(seg, FillInfo(seg.source[::-1], None, True, 100.0))
    out = io.BytesIO()
    doc.write(out)
    assert_copied(data, out.getvalue(), {"work/doc.xlf"})
    units = list(read_xlz(io.BytesIO(out.getvalue()), "out.xlz"))
    assert [(u.variants[0].text, u.variants[1].text) for u in units] == [
        (t, t[::-1]) for t in texts
    ]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), in_a_file=st.booleans())
def test_a_damaged_archive_gives_an_input_error_or_reads(data, in_a_file):
    archive = bytearray(make_xlz(members()))
    for _ in range(data.draw(st.integers(1, 4))):
        archive[data.draw(st.integers(0, len(archive) - 1))] = data.draw(st.integers(0, 255))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kit.xlz"
        path.write_bytes(archive)

        def source():  # a file and a BytesIO fail differently on a bad offset
            return path if in_a_file else io.BytesIO(archive)

        for read in (
            lambda: list(read_xlz(source(), "kit.xlz")),
            lambda: XlzDocument.parse(source(), "kit.xlz").write(io.BytesIO()),
        ):
            try:
                read()
            except InputError as exc:
                assert str(exc).startswith("kit.xlz")


def _understated(inflated: int, declared: int) -> bytes:
    """An archive whose one XLIFF member holds *inflated* bytes but declares *declared*."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xlf", b" " * inflated)
    data = bytearray(buf.getvalue())
    struct.pack_into("<I", data, 22, declared)  # the local header's uncompressed size
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)  # and the central directory's
    return bytes(data)


@pytest.mark.parametrize("read", ["parse", "stream"])
def test_a_member_holding_more_than_it_declares_is_refused_in_bounded_memory(tmp_path, read):
    import tracemalloc

    path = tmp_path / "bomb.xlz"
    path.write_bytes(_understated(64 << 20, 100))  # 64 MiB of spaces in a 64 KiB archive
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="bomb.xlz"):
            if read == "parse":
                XlzDocument.parse(str(path), str(path), limit=1000)
            else:
                list(read_xlz(str(path), str(path), limit=1000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20  # never the whole member at once
