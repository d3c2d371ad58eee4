"""XLZ: a ZIP archive of XLIFF files (Okapi's, and others'), read safely and rewritten whole.

An .xlz holds one or more XLIFF files (``.xlf``/``.xliff`` members) beside skeletons and
perhaps a manifest. :func:`read_xlz` streams the units of its XLIFF members, for importing;
:class:`XlzDocument` holds its XLIFF members for pre-translation and writes a new archive
in which they are filled and every other member is copied as it was.

An archive is checked before anything is read from it:

* Member names must be relative and stay inside it (no ``/x``, ``C:x``, ``../x``), each
  once: whoever unpacks what we write must not have files land outside their folder.
* Members are stored or deflated (what Okapi and ZIP tools write) and not encrypted. The
  other methods decompress a whole chunk in one step, which a crafted member turns into
  gigabytes before anything can stop it.
* The members' sizes together stay within a limit (a zip bomb expands a thousandfold and
  more). zipfile never returns more of a member than the size the archive's directory
  declares, and members are read in bounded steps (``read(n)``: ``read()`` would inflate a
  whole member at once), so checking the declared sizes bounds what is read; a member whose
  data disagrees with its declared size or CRC is an error.

Errors name the archive and the member: ``pack.xlz: member 'a.xlf': ...``, and inside a
member's XML ``pack.xlz!a.xlf:LINE:COL: ...``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tm.errors import InputError
from tm.unit import TranslationUnit
from tm.xliff.common import XliffSegment
from tm.xliff.document import FillInfo, XliffDocument
from tm.xliff.reading import read_xliff

MAX_UNCOMPRESSED = 1 << 30  # bytes, all members together
XLIFF_MEMBER_SUFFIXES = (".xlf", ".xliff")
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_DRIVE = re.compile(r"^[A-Za-z]:")
# What zipfile raises on a damaged archive or member (a bad CRC, a truncated stream, ...).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError)

Source = str | os.PathLike[str] | IO[bytes]


def is_xlz(path: str | os.PathLike[str]) -> bool:
    """Whether *path* names an XLZ archive (by its suffix)."""
    return Path(path).suffix.lower() == ".xlz"


def member_name(archive: str, member: str) -> str:
    """How a member is named in errors and as the origin of its units: ``pack.xlz!a.xlf``."""
    return f"{archive}!{member}"


def read_xlz(
    fileobj: Source,
    name: str = "<xlz>",
    include_untranslated: bool = False,
    limit: int = MAX_UNCOMPRESSED,
) -> Iterator[TranslationUnit]:
    """Stream the units of every XLIFF member of an XLZ archive (see :func:`read_xliff`)."""
    with _open(fileobj, name) as archive:
        infos = _checked(archive, name, limit)
        if not any(_is_xliff(info) for info in infos):
            raise InputError("no XLIFF member (.xlf, .xliff) in the archive", name)
        for info in infos:
            if not _is_xliff(info):
                continue
            with _member_errors(name, info):
                stream = archive.open(info)
            with stream:
                reader = _MemberReader(stream, name, info)
                yield from read_xliff(
                    reader, member_name(name, info.filename), include_untranslated
                )


@dataclass
class _Member:
    info: zipfile.ZipInfo
    document: XliffDocument | None  # None: not XLIFF, copied as it is


class XlzDocument:
    """An XLZ archive held for filling: its XLIFF members parsed, the others copied on write."""

    def __init__(self, source: Source, name: str, members: list[_Member]) -> None:
        self.source = source
        self.name = name
        self.members = members
        self._owners: dict[int, XliffDocument] | None = None  # segment id() -> its document
        self._filled: set[int] = set()  # id() of the documents filled

    @classmethod
    def parse(cls, source: Source, name: str, limit: int = MAX_UNCOMPRESSED) -> XlzDocument:
        """Check the archive and parse its XLIFF members; the others are read when writing.

        A file object must stay open (and unchanged) until :meth:`write`.
        """
        members = []
        with _open(source, name) as archive:
            for info in _checked(archive, name, limit):
                document = None
                if _is_xliff(info):
                    data = _read_member(archive, info, name)
                    document = XliffDocument.parse(data, member_name(name, info.filename))
                members.append(_Member(info, document))
        if not any(m.document is not None for m in members):
            raise InputError("no XLIFF member (.xlf, .xliff) in the archive", name)
        return cls(source, name, members)

    @property
    def documents(self) -> list[XliffDocument]:
        """The XLIFF members, in the archive's order."""
        return [m.document for m in self.members if m.document is not None]

    def segments(self) -> list[XliffSegment]:
        """Every segment of every XLIFF member, in order."""
        return [seg for doc in self.documents for seg in doc.segments()]

    def fill(self, segment: XliffSegment, fill: FillInfo) -> None:
        """Fill *segment* in the member it belongs to (see :meth:`XliffDocument.fill`)."""
        if self._owners is None:
            self._owners = {id(s): doc for doc in self.documents for s in doc.segments()}
        document = self._owners[id(segment)]
        document.fill(segment, fill)
        self._filled.add(id(document))

    def write(self, fileobj: IO[bytes]) -> None:
        """Write a new archive: filled members rewritten, every other member as it was."""
        with _open(self.source, self.name) as archive:  # again: other members are not held
            now = {info.filename: info for info in archive.infolist()}
            with zipfile.ZipFile(fileobj, "w") as out:
                for member in self.members:
                    info, document = member.info, member.document
                    if document is not None and id(document) in self._filled:
                        data = io.BytesIO()
                        document.write(data)
                        out.writestr(_copy_info(info), data.getvalue())
                        continue
                    current = now.get(info.filename)
                    if current is None or _fingerprint(current) != _fingerprint(info):
                        raise InputError(
                            f"member {info.filename!r} changed since the archive was read",
                            self.name,
                        )
                    with _member_errors(self.name, info):
                        stream = archive.open(current)
                    with stream, out.open(_copy_info(info), "w") as dst:
                        shutil.copyfileobj(_MemberReader(stream, self.name, info), dst, 1 << 20)
                out.comment = archive.comment


def _open(source: Source, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (*_ZIP_ERRORS, NotImplementedError) as exc:
        raise InputError(
            f"not a readable ZIP archive ({exc}); an .xlz is a ZIP of XLIFF files", name
        ) from exc


@contextlib.contextmanager
def _member_errors(name: str, info: zipfile.ZipInfo) -> Iterator[None]:
    """Damage found opening or reading a member: an error naming the archive and member."""
    try:
        yield
    except (*_ZIP_ERRORS, OSError) as exc:  # OSError: a damaged offset seeks before the start
        raise InputError(f"member {info.filename!r}: damaged ({exc})", name) from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A member's bytes, inflated in bounded steps. ``archive.read`` would inflate the whole
    member in one step (up to 2 GiB) before its declared size or CRC could stop it."""
    out = io.BytesIO()
    with _member_errors(name, info), archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            out.write(chunk)
            if out.tell() > info.file_size:  # zipfile stops at the declared size; be sure
                raise InputError(f"member {info.filename!r} holds more than it declares", name)
    return out.getvalue()


class _MemberReader:
    """A member's stream whose damage, found as it is read, is an error naming the member."""

    def __init__(self, stream: IO[bytes], name: str, info: zipfile.ZipInfo) -> None:
        self.stream, self.name, self.info = stream, name, info

    def read(self, size: int = -1) -> bytes:
        with _member_errors(self.name, self.info):
            return self.stream.read(size)


def _checked(archive: zipfile.ZipFile, name: str, limit: int) -> list[zipfile.ZipInfo]:
    """The archive's members, once each is known safe to read (see the module docstring)."""
    infos = archive.infolist()
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if not member or member[0] in "/\\" or _DRIVE.match(member) or ".." in parts:
            raise InputError(
                f"member {member!r}: an absolute path or one going up with '..'; refused", name
            )
        if member in seen:
            raise InputError(f"member {member!r} occurs twice; refused", name)
        seen.add(member)
        if info.flag_bits & 0x1:
            raise InputError(f"member {member!r} is encrypted; not supported", name)
        if info.compress_type not in _METHODS:
            raise InputError(
                f"member {member!r}: compression method {info.compress_type} is not supported"
                " (only stored and deflate)",
                name,
            )
        total += info.file_size
        if total > limit:
            raise InputError(
                f"member {member!r}: the members come to more than {limit:,} bytes"
                " uncompressed; refused (a zip bomb?)",
                name,
            )
    return infos


def _is_xliff(info: zipfile.ZipInfo) -> bool:
    return not info.is_dir() and info.filename.lower().endswith(XLIFF_MEMBER_SUFFIXES)


def _fingerprint(info: zipfile.ZipInfo) -> tuple:
    return info.CRC, info.file_size, info.compress_type


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A new entry with the member's name, time, method, attributes, comment and extra data."""
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.comment = info.comment
    new.extra = _without_zip64(info.extra)  # zipfile writes its own when the size needs it
    new.create_system = info.create_system
    new.external_attr = info.external_attr
    new.internal_attr = info.internal_attr
    new.file_size = info.file_size  # for zipfile to choose ZIP64 up front when copying
    return new


def _without_zip64(extra: bytes) -> bytes:
    """Extra data without its ZIP64 field (header id 1)."""
    kept, pos = [], 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        if kind != 1:
            kept.append(extra[pos : pos + 4 + size])
        pos += 4 + size
    return b"".join(kept)
