"""The TBX markup of concepts and the back matter, written as text for either version.

No tree is built: :class:`MarkupWriter` appends lines to a buffer, escaping as XML
requires, and picks the element names of v3 DCA (``conceptEntry``/``langSec``/``termSec``)
or v2 (``termEntry``/``langSet``/``tig``).
"""

from __future__ import annotations

import json
import re
from typing import IO

from glossary.model import Concept, CrossRef, LangSection, Term, Transaction
from glossary.store import Person, TermbaseInfo
from glossary.tbx.names import CATEGORY_ELEMENT, PROVENANCE_NOTE, STATUS_TO_TBX, WORKFLOW_NOTE
from tm.errors import UsageError

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


_NEEDS_ESC = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ATTR = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_PAD = ["  " * i for i in range(12)]


def xml_text(text: str) -> str:
    if not _NEEDS_ESC.search(text):
        return text  # the common case: nothing to escape
    if _INVALID_XML.search(text):
        raise UsageError(f"text holds a character XML cannot carry: {text[:40]!r}")
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def xml_attr(text: str) -> str:
    if not _NEEDS_ATTR.search(text):
        return text
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def xml_id(value: str | None, fallback: str) -> str:
    """*value* if it is a valid XML ID, else a repaired form (spaces and the like to ``_``)."""
    if value and _NCNAME.match(value):
        return value
    if not value:
        return fallback
    fixed = re.sub(r"[^\w.\-]", "_", value)
    return fixed if _NCNAME.match(fixed) else f"_{fixed}"


class MarkupWriter:
    """Shared text writer for both versions; *v3* picks element names."""

    def __init__(self, out: IO[bytes], v3: bool) -> None:
        self.out = out
        self.v3 = v3
        self.buf: list[str] = []
        self.people_seen: dict[str, str | None] = {}
        self.entry, self.lang_sec, self.term_sec = (
            ("conceptEntry", "langSec", "termSec") if v3 else ("termEntry", "langSet", "tig")
        )

    def flush(self) -> None:
        self.out.write("".join(self.buf).encode("utf-8"))
        self.buf.clear()

    def el(self, ind: int, tag: str, text: str, **attrs: str | None) -> None:
        a = "".join(f' {k}="{xml_attr(v)}"' for k, v in attrs.items() if v is not None)
        self.buf.append(f"{_PAD[ind]}<{tag}{a}>{xml_text(text)}</{tag}>\n")

    def dc(self, ind: int, cat: str, text: str, target: str | None = None) -> None:
        """A data category as DCA markup: ``<descrip type="definition">``."""
        kind = CATEGORY_ELEMENT[cat]
        to = f' target="{xml_attr(target)}"' if target is not None else ""
        self.buf.append(f'{_PAD[ind]}<{kind} type="{cat}"{to}>{xml_text(text)}</{kind}>\n')

    def open(self, ind: int, tag: str, **attrs: str | None) -> None:
        if not attrs:
            self.buf.append(f"{_PAD[ind]}<{tag}>\n")
            return
        a = "".join(
            f' {k.replace("xml_lang", "xml:lang")}="{xml_attr(v)}"'
            for k, v in attrs.items()
            if v is not None
        )
        self.buf.append(f"{_PAD[ind]}<{tag}{a}>\n")

    def close(self, ind: int, tag: str) -> None:
        self.buf.append(f"{_PAD[ind]}</{tag}>\n")

    # --- pieces

    def transaction(self, ind: int, tr: Transaction, note: str | None = None) -> None:
        self.open(ind, "transacGrp")
        self.dc(ind + 1, "transactionType", tr.type or "modification")
        if tr.date:
            self.el(ind + 1, "date", tr.date)
        if tr.person is not None or tr.person_ref:
            ref = tr.person_ref
            if ref:
                ref = xml_id(ref, "person")
                self.people_seen.setdefault(ref, tr.person)
            self.dc(ind + 1, "responsibility", tr.person or "", ref)
        if note:
            self.el(ind + 1, "note", note)
        self.close(ind, "transacGrp")

    def described(self, ind: int, cat: str, text: str, source: str | None) -> None:
        if source is None:
            self.dc(ind, cat, text)
            return
        self.open(ind, "descripGrp")
        self.dc(ind + 1, cat, text)
        self.dc(ind + 1, "source", source)
        self.close(ind, "descripGrp")

    def xrefs(self, ind: int, xrefs: list[CrossRef]) -> None:
        for x in xrefs:
            target = x.target
            if x.kind == "crossReference" and target and not target.startswith(("http:", "https:")):
                target = xml_id(target, "ref")
            self.dc(ind, x.kind if x.kind in CATEGORY_ELEMENT else "crossReference", x.text, target)

    def concept(self, concept: Concept, n: int) -> None:
        self.open(2, self.entry, id=xml_id(concept.id, f"c{n}"))
        for tr in concept.transactions:
            self.transaction(3, tr)
        if concept.subject_field is not None:
            self.dc(3, "subjectField", concept.subject_field)
        if concept.definition is not None:
            self.described(3, "definition", concept.definition, concept.definition_source)
        for src in concept.sources:
            self.dc(3, "source", src)
        for cat, value in concept.properties:
            self.dc(3, cat, value)
        self.xrefs(3, concept.xrefs)
        for note in concept.notes:
            self.el(3, "note", note)
        for sec in concept.languages:
            if sec.terms:
                self.section(sec)
        self.close(2, self.entry)

    def section(self, sec: LangSection) -> None:
        self.open(3, self.lang_sec, xml_lang=sec.lang)
        for tr in sec.transactions:
            self.transaction(4, tr)
        if sec.definition is not None:
            self.described(4, "definition", sec.definition, sec.definition_source)
        for src in sec.sources:
            self.dc(4, "source", src)
        self.xrefs(4, sec.xrefs)
        for note in sec.notes:
            self.el(4, "note", note)
        for term in sec.terms:
            self.term(term)
        self.close(3, self.lang_sec)

    def term(self, term: Term) -> None:
        self.open(4, self.term_sec, id=xml_id(term.id, "t") if term.id else None)
        self.el(5, "term", term.text)
        if term.status:
            self.dc(5, "administrativeStatus", STATUS_TO_TBX.get(term.status, term.status))
        if term.part_of_speech is not None:
            self.dc(5, "partOfSpeech", term.part_of_speech)
        if term.term_type is not None:
            self.dc(5, "termType", term.term_type)
        if term.geographical_usage is not None:
            self.dc(5, "geographicalUsage", term.geographical_usage)
        for cat, value in term.properties:
            if CATEGORY_ELEMENT.get(cat) == "termNote":
                self.dc(5, cat, value)
        for cat, value in term.properties:
            if CATEGORY_ELEMENT.get(cat) != "termNote":
                self.dc(5, cat, value)
        for src in term.sources:
            self.dc(5, "source", src)
        for ctx in term.contexts:
            self.described(5, "context", ctx.text, ctx.source)
        for tr in term.transactions:
            self.transaction(5, tr)
        if term.state != "approved" or term.reviewer or term.review_date:
            review = Transaction("modification", term.review_date, term.reviewer)
            note = WORKFLOW_NOTE + json.dumps({"state": term.state}, ensure_ascii=False)
            self.transaction(5, review, note)
        self.xrefs(5, term.xrefs)
        for note in term.notes:
            self.el(5, "note", note)
        if term.provenance:
            self.el(5, "note", PROVENANCE_NOTE + json.dumps(term.provenance, ensure_ascii=False))
        self.close(4, self.term_sec)

    def back(self, info: TermbaseInfo) -> None:
        people = {p.id: p for p in info.people}
        for ref, name in self.people_seen.items():
            if ref not in people:
                people[ref] = Person(ref, name, [("fn", name or ref)])
        if not people:
            return
        self.open(2, "back")
        self.open(3, "refObjectSec" if self.v3 else "refObjectList", type="respPerson")
        for p in people.values():
            self.open(4, "refObject", id=xml_id(p.id, "person"))
            items = p.items or [("fn", p.name or p.id)]
            for kind, text in items:
                self.el(5, "item", text, type=kind or None)
            self.close(4, "refObject")
        self.close(3, "refObjectSec" if self.v3 else "refObjectList")
        self.close(2, "back")
