"""Plain text input: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

The encoding is decided from the bytes, never guessed from the locale: a BOM names UTF-16 or
UTF-8; otherwise strict UTF-8 is tried first, and GB18030 only when the whole file decodes
cleanly as GB18030 *and* the result contains Chinese text (a Latin-1 file often decodes as
GB18030 too, but into nonsense that is rarely all Han). Anything else is an
:class:`~tm.errors.InputError` naming the file, line and column of the first bad byte.
"""

from __future__ import annotations

import codecs
import os
from typing import IO

from tm.errors import InputError
from tm.normalize import is_han


def read_text(source: str | os.PathLike[str] | IO[bytes], name: str | None = None) -> str:
    """Read a plain-text file (a path or a binary file object); newlines become ``\\n``."""
    if isinstance(source, str | os.PathLike):
        name = name or os.fspath(source)
        try:
            with open(source, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", name) from exc
    else:
        data = source.read()
        name = name or getattr(source, "name", None) or "<input>"
    return _newlines(decode_text(data, name))


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of a text file (see the module docstring for the rules)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, len(codecs.BOM_UTF8), "utf-8", name)
    if data.startswith(codecs.BOM_UTF32_LE):
        raise InputError("UTF-32 is not supported; save the file as UTF-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _strict(data, 2, codec, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if "\x00" in text:
            line, column = _position(data, data.index(b"\x00"))
            raise InputError(
                "NUL byte in text: UTF-16 needs a byte-order mark (BOM)", name, line, column
            )
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if any(is_han(ch) for ch in text):
        return text
    line, column = _position(data, first_bad)
    raise InputError(
        f"not UTF-8, UTF-16 (with BOM) or GB18030: byte {data[first_bad]:#04x}"
        f" at offset {first_bad}",
        name,
        line,
        column,
    )


def _strict(data: bytes, skip: int, codec: str, name: str) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8":
            line, column = _position(data, skip + exc.start)
        else:  # count lines in the decodable prefix; columns in characters
            before = data[skip : skip + exc.start].decode(codec, "replace")
            line = before.count("\n") + 1
            column = len(before) - (before.rfind("\n") + 1) + 1
        raise InputError(
            f"not valid {codec.upper()} at offset {skip + exc.start} ({exc.reason})",
            name,
            line,
            column,
        ) from exc


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of *offset* in *data*."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
