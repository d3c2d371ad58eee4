"""Writing TBX-Basic documents: v3 DCA (``tbx``) and v2 (``martif``, ``tig``).

The two differ in the root and the header only; the body, each concept's markup and the
back matter are written by one :class:`~glossary.tbx.markup.MarkupWriter`. Concepts are
flushed to the file as they are written, so an export of any size keeps memory flat.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from glossary.model import Concept
from glossary.store import TermbaseInfo
from glossary.tbx.markup import MarkupWriter, xml_attr
from glossary.tbx.names import TBX3_NS


def write_tbx3(
    fileobj: IO[bytes],
    concepts: Iterable[Concept],
    *,
    source_lang: str = "en",
    info: TermbaseInfo | None = None,
) -> int:
    """Write *concepts* as TBX-Basic v3, DCA style; return how many were written."""
    info = info or TermbaseInfo()
    w = MarkupWriter(fileobj, v3=True)
    w.buf.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    w.buf.append(
        f'<tbx type="TBX-Basic" style="dca" xml:lang="{xml_attr(source_lang)}" xmlns="{TBX3_NS}">\n'
    )
    w.open(1, "tbxHeader")
    w.open(2, "fileDesc")
    _paragraphs(w, info, "publicationStmt")
    _title(w, info)
    _paragraphs(w, info, "sourceDesc", ["Exported by Concord"])
    w.close(2, "fileDesc")
    w.close(1, "tbxHeader")
    return _text_and_end(w, concepts, info, "tbx")


def write_tbx2(
    fileobj: IO[bytes],
    concepts: Iterable[Concept],
    *,
    source_lang: str = "en",
    info: TermbaseInfo | None = None,
) -> int:
    """Write *concepts* as TBX-Basic v2 (``martif``, ``tig``); return how many were written."""
    info = info or TermbaseInfo()
    w = MarkupWriter(fileobj, v3=False)
    w.buf.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    w.buf.append(f'<martif type="TBX-Basic" xml:lang="{xml_attr(source_lang)}">\n')
    w.open(1, "martifHeader")
    w.open(2, "fileDesc")
    _title(w, info)
    _paragraphs(w, info, "publicationStmt")
    _paragraphs(w, info, "sourceDesc", ["Exported by Concord"])
    w.close(2, "fileDesc")
    w.open(2, "encodingDesc")
    w.el(3, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    w.close(2, "encodingDesc")
    w.close(1, "martifHeader")
    return _text_and_end(w, concepts, info, "martif")


def _header_paragraphs(info: TermbaseInfo | None, section: str) -> list[str]:
    return [text for sec, text in (info.header if info else []) if sec == section]


def _paragraphs(
    w: MarkupWriter, info: TermbaseInfo, section: str, default: list[str] | None = None
) -> None:
    """A header section of ``<p>`` paragraphs; left out when there are none (and no default)."""
    paras = _header_paragraphs(info, section) or default
    if paras:
        w.open(3, section)
        for p in paras:
            w.el(4, "p", p)
        w.close(3, section)


def _title(w: MarkupWriter, info: TermbaseInfo) -> None:
    titles = _header_paragraphs(info, "title")
    if titles:
        w.open(3, "titleStmt")
        w.el(4, "title", titles[0])
        w.close(3, "titleStmt")


def _text_and_end(
    w: MarkupWriter, concepts: Iterable[Concept], info: TermbaseInfo, root: str
) -> int:
    """The ``<text>`` (concepts, then the people they name) and the root's end tag; the count."""
    w.open(1, "text")
    w.buf.append("    <body>\n")
    n = 0
    for n, concept in enumerate(concepts, 1):
        w.buf.append(_concept_text(w, concept, n))
        if len(w.buf) > 200:
            w.flush()
    w.buf.append("    </body>\n")
    w.back(info)
    w.close(1, "text")
    w.buf.append(f"</{root}>\n")
    w.flush()
    return n


def _concept_text(w: MarkupWriter, concept: Concept, n: int) -> str:
    saved, w.buf = w.buf, []
    try:
        w.concept(concept, n)
        return "".join(w.buf)
    finally:
        w.buf = saved
