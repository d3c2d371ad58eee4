"""TBX: read v3 (ISO 30042:2019, DCA and DCT styles) and v2 (``martif``), write v3 DCA and v2.

Readers stream: one concept is parsed, converted to :class:`~glossary.model.Concept`,
yielded, and its XML freed, so a file of any size keeps memory flat. The version is told
from the root element (``tbx`` is v3, ``martif`` v2). Data categories TBX-Basic does not
define are kept as notes (``category: text``) with a warning, or refused in strict mode.

Writers take an iterable of concepts and a binary file object and write text directly
(no tree is built), escaping as XML requires.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from lxml import etree

from glossary.model import Concept, Context, CrossRef, LangSection, Term, Transaction
from glossary.store import Person, TermbaseInfo
from tm.errors import InputError, UsageError
from tm.lang import normalize_lang
from tm.xmlsafe import XML_LANG, iterparse_safe

TBX3_NS = "urn:iso:std:iso:30042:ed-2"

# TBX-Basic data categories and the DCA element that carries each.
CATEGORY_ELEMENT = {
    "subjectField": "descrip",
    "definition": "descrip",
    "context": "descrip",
    "source": "admin",
    "customerSubset": "admin",
    "projectSubset": "admin",
    "crossReference": "ref",
    "xGraphic": "xref",
    "externalCrossReference": "xref",
    "administrativeStatus": "termNote",
    "partOfSpeech": "termNote",
    "termType": "termNote",
    "geographicalUsage": "termNote",
    "grammaticalGender": "termNote",
    "termLocation": "termNote",
    "transactionType": "transac",
    "responsibility": "transacNote",
}
DCA_ELEMENTS = {"descrip", "admin", "ref", "xref", "termNote", "transac", "transacNote"}
# The DCT modules Basic uses: TBX-Min's and TBX-Basic's namespaces.
DCT_MODULES = {"min": "http://www.tbxinfo.net/ns/min", "basic": "http://www.tbxinfo.net/ns/basic"}
DCT_MODULE_OF = {
    "subjectField": "min",
    "partOfSpeech": "min",
    "administrativeStatus": "min",
    "customerSubset": "min",
    "externalCrossReference": "min",
}

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
}
_STATUS_FROM_TBX = {v.lower(): k for k, v in STATUS_TO_TBX.items()}
_STATUS_FROM_TBX.update({k: k for k in STATUS_TO_TBX})
_STATUS_FROM_TBX.update({f"{k}term": k for k in STATUS_TO_TBX})
_STATUS_FROM_TBX["standardizedterm-admn-sts"] = "preferred"

_TERM_NOTE_FIELD = {"partOfSpeech": "part_of_speech", "termType": "term_type"}

WORKFLOW_NOTE = "concord:workflow="
PROVENANCE_NOTE = "concord:provenance="

Warn = Callable[[str], None]


# --- reading --------------------------------------------------------------------------------


class TbxReader:
    """Iterate over the concepts of a TBX file; header and people are filled in as read.

    ``version`` (2 or 3) and ``style`` (``dca``/``dct``) are known after the first
    concept. ``info`` holds the header paragraphs and, once iteration ends, the people of
    the back matter. ``warnings`` lists ``file:line: reason`` for what was kept as notes.
    """

    def __init__(
        self,
        fileobj: IO[bytes],
        name: str = "<tbx>",
        *,
        strict: bool = False,
        warn: Warn | None = None,
        lang_map: dict[str, str] | None = None,
    ) -> None:
        self.fileobj = fileobj
        self.name = name
        self.strict = strict
        self.warnings: list[str] = []
        self._warn = warn
        self.lang_map = {k.lower(): v for k, v in (lang_map or {}).items()}
        self.version: int | None = None
        self.style: str | None = None
        self.source_lang: str | None = None
        self.info = TermbaseInfo()
        self._langs: dict[str, str] = {}

    def __iter__(self) -> Iterator[Concept]:
        tags = [
            "{*}tbx",
            "{*}martif",
            "{*}conceptEntry",
            "{*}termEntry",
            "{*}tbxHeader",
            "{*}martifHeader",
            "{*}back",
        ]
        for event, el in iterparse_safe(self.fileobj, self.name, ("start", "end"), tag=tags):
            local = _local(el)
            if event == "start":
                if self.version is None:
                    self._root(el, local)
                continue
            if local in ("conceptEntry", "termEntry"):
                concept = self._concept(el)
                _free(el)
                yield concept
            elif local in ("tbxHeader", "martifHeader"):
                self._header(el)
                _free(el)
            elif local == "back":
                self._back(el)
        if self.version is None:
            raise InputError("not a TBX file: no root element", self.name, 1)

    def _root(self, el: etree._Element, local: str) -> None:
        if el.getparent() is not None:
            raise InputError(f"not a TBX file: root is <{el.getparent().tag}>", self.name, 1)
        if local == "tbx":
            self.version = 3
            self.style = (el.get("style") or "dca").lower()
        elif local == "martif":
            self.version = 2
            self.style = "dca"
        lang = el.get(XML_LANG)
        if lang:
            self.source_lang = self._lang(lang, el)

    # --- small helpers

    def _problem(self, reason: str, el: etree._Element) -> None:
        """An unknown or misplaced data category: an error when strict, else a warning."""
        if self.strict:
            raise InputError(reason, self.name, el.sourceline)
        message = f"{self.name}:{el.sourceline}: {reason}"
        self.warnings.append(message)
        if self._warn:
            self._warn(message)

    def _lang(self, tag: str, el: etree._Element) -> str:
        known = self._langs.get(tag)
        if known is None:
            known = self._langs[tag] = self._normalize_lang(tag, el)
        return known

    def _normalize_lang(self, tag: str, el: etree._Element) -> str:
        mapped = self.lang_map.get(tag.lower())
        if mapped:
            return mapped
        try:
            return normalize_lang(tag)
        except Exception as exc:
            raise InputError(f"bad language tag {tag!r}", self.name, el.sourceline) from exc

    def _keep_unknown(self, el: etree._Element, notes: list[str], where: str) -> None:
        label = _data_category(el) or _local(el)
        self._problem(f"<{_local(el)}> {label!r} is not TBX-Basic at {where} level", el)
        text = _text(el)
        notes.append(f"{label}: {text}" if text else label)

    # --- header and back matter

    def _header(self, el: etree._Element) -> None:
        for child in el.iter():
            local = _local(child)
            if local == "title":
                self.info.header.append(("title", _text(child)))
            elif local == "p":
                section = _local(child.getparent())
                if section in ("publicationStmt", "sourceDesc"):
                    self.info.header.append((section, _text(child)))

    def _back(self, el: etree._Element) -> None:
        for sec in el:
            if not isinstance(sec.tag, str) or sec.get("type") != "respPerson":
                continue
            for obj in sec:
                if not isinstance(obj.tag, str) or not obj.get("id"):
                    continue
                items = [(item.get("type") or "", _text(item)) for item in obj.iter("{*}item")]
                name = next((t for k, t in items if k == "fn"), None)
                self.info.people.append(Person(obj.get("id"), name, items))

    # --- entries

    def _concept(self, el: etree._Element) -> Concept:
        concept = Concept(id=el.get("id"))
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = _LOCAL[tag]
            if local in ("langSec", "langSet"):
                concept.languages.append(self._section(child))
            else:
                self._aux(child, concept, "concept", tag)
        return concept

    def _section(self, el: etree._Element) -> LangSection:
        lang = el.get(XML_LANG) or el.get("lang")
        if not lang:
            raise InputError("a language section without xml:lang", self.name, el.sourceline)
        sec = LangSection(self._lang(lang, el))
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = _LOCAL[tag]
            if local in ("termSec", "tig", "ntig"):
                sec.terms.append(self._term(child, local == "ntig"))
            else:
                self._aux(child, sec, "language", tag)
        return sec

    def _term(self, el: etree._Element, ntig: bool = False) -> Term:
        term = Term(text="", id=el.get("id"))
        children = el
        if ntig:
            flat = []
            for child in el:
                if _local(child) == "termGrp":
                    flat.extend(child)
                else:
                    flat.append(child)
            children = flat
        found = False
        for child in children:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = _LOCAL[tag]
            if local == "term":
                term.text = _text(child)
                term.id = term.id or child.get("id")
                found = True
            elif local == "termNoteGrp":
                for sub in child:
                    if isinstance(sub.tag, str):
                        self._aux(sub, term, "term")
            else:
                self._aux(child, term, "term", tag)
        if not found:
            raise InputError("a term section without <term>", self.name, el.sourceline)
        return term

    def _aux(self, el: etree._Element, owner, level: str, tag: str | None = None) -> None:
        """One child of a concept, language section or term: route it to its field."""
        tag = tag or el.tag
        local = _LOCAL[tag]
        if local == "transacGrp":
            self._transac_grp(el, owner, level)
            return
        if local == "note":
            text = _text(el)
            if level == "term" and text.startswith(PROVENANCE_NOTE):
                owner.provenance = json.loads(text[len(PROVENANCE_NOTE) :])
            else:
                owner.notes.append(text)
            return
        if local in ("descripGrp", "adminGrp"):
            self._group(el, owner, level)
            return
        cat = _data_category(el, tag)
        text = _text(el)
        if cat == "subjectField" and level == "concept":
            if owner.subject_field is None:
                owner.subject_field = text
                return
        elif cat == "definition" and level in ("concept", "language"):
            if owner.definition is None:
                owner.definition = text
                return
        elif cat == "context" and level == "term":
            owner.contexts.append(Context(text))
            return
        elif cat == "source":
            owner.sources.append(text)
            return
        elif cat in ("crossReference", "xGraphic", "externalCrossReference"):
            owner.xrefs.append(CrossRef(text, el.get("target"), cat))
            return
        elif level == "term" and cat in (
            "administrativeStatus",
            "partOfSpeech",
            "termType",
            "geographicalUsage",
        ):
            if self._term_note(owner, cat, text, el):
                return
        elif (
            cat in ("customerSubset", "projectSubset")
            and level in ("concept", "term")
            or cat in ("grammaticalGender", "termLocation")
            and level == "term"
        ):
            owner.properties.append((cat, text))
            return
        self._keep_unknown(el, owner.notes, level)

    def _term_note(self, term: Term, cat: str, text: str, el: etree._Element) -> bool:
        value = text.strip()
        if cat == "administrativeStatus":
            status = _STATUS_FROM_TBX.get(value.lower())
            if status is None or term.status is not None:
                self._problem(f"administrativeStatus {value!r} is not a TBX-Basic value", el)
                term.notes.append(f"administrativeStatus: {text}")
            else:
                term.status = status
            return True
        field = _TERM_NOTE_FIELD.get(cat, "geographical_usage")
        if getattr(term, field) is not None:
            return False
        setattr(term, field, text)
        return True

    def _group(self, el: etree._Element, owner, level: str) -> None:
        """A descripGrp: its descrip plus the source (and other notes) attached to it."""
        children = [c for c in el if isinstance(c.tag, str)]
        if not children:
            return
        head, rest = children[0], children[1:]
        cat = _data_category(head)
        sources = [c for c in rest if _data_category(c) == "source"]
        others = [c for c in rest if c not in sources]
        source = _text(sources[0]) if len(sources) == 1 else None
        if source is None:
            others = rest
        if cat == "context" and level == "term":
            owner.contexts.append(Context(_text(head), source))
        elif cat == "definition" and level in ("concept", "language") and owner.definition is None:
            owner.definition = _text(head)
            owner.definition_source = source
        else:
            others = rest
            self._aux(head, owner, level)
        for child in others:
            self._aux(child, owner, level)

    def _transac_grp(self, el: etree._Element, owner, level: str) -> None:
        tr = Transaction(type="")
        workflow = None
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = _LOCAL[tag]
            cat = _data_category(child, tag)
            if cat == "transactionType":
                tr.type = _text(child)
            elif local == "date":
                tr.date = _text(child)
            elif cat == "responsibility":
                tr.person = _text(child)
                tr.person_ref = child.get("target")
            elif local == "note" and (text := _text(child)).startswith(WORKFLOW_NOTE):
                workflow = json.loads(text[len(WORKFLOW_NOTE) :])
            else:
                self._keep_unknown(child, owner.notes, f"{level} transaction")
        if workflow is not None and level == "term":
            owner.state = workflow.get("state", "approved")
            owner.reviewer = tr.person
            owner.review_date = tr.date
            return
        if tr.type not in ("origination", "modification"):
            self._problem(f"transactionType {tr.type!r} is not a TBX-Basic value", el)
        owner.transactions.append(tr)


class _TagCache(dict):
    """tag -> (namespace, local name), split once per distinct tag: a file has few, and
    splitting (or lxml's QName) on every element is slow in a hot loop."""

    def __missing__(self, tag: str) -> tuple[str | None, str]:
        ns, local = tag[1:].split("}", 1) if tag[:1] == "{" else (None, tag)
        self[tag] = (ns, local)
        return ns, local


class _LocalCache(dict):
    """tag -> local name (``""`` for comments and processing instructions)."""

    def __missing__(self, tag) -> str:
        local = self[tag] = _SPLIT[tag][1] if isinstance(tag, str) else ""
        return local


_SPLIT = _TagCache()
_LOCAL = _LocalCache()


def _data_category(el: etree._Element, tag: str | None = None) -> str:
    """The data category *el* carries (``definition`` for DCA ``<descrip type="definition">``
    and DCT ``<basic:definition>`` alike), or ``""`` for a structural element.

    *tag* is ``el.tag`` when the caller has it already (lxml builds it on every access).
    """
    ns, local = _SPLIT[tag or el.tag]
    if ns is None or ns == TBX3_NS:
        return (el.get("type") or "") if local in DCA_ELEMENTS else ""
    return local


def _local(el: etree._Element) -> str:
    return _LOCAL[el.tag]


def _text(el: etree._Element) -> str:
    """The text of an element, inline markup (``hi``, ``ph``) flattened."""
    if len(el) == 0:
        return el.text or ""
    return "".join(el.itertext())


def _free(el: etree._Element) -> None:
    """Release a parsed entry and the siblings before it (keeps memory flat)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def read_tbx(
    fileobj: IO[bytes],
    name: str = "<tbx>",
    *,
    strict: bool = False,
    warn: Warn | None = None,
    lang_map: dict[str, str] | None = None,
) -> TbxReader:
    """A reader for a TBX file of either version; iterate it for concepts."""
    return TbxReader(fileobj, name, strict=strict, warn=warn, lang_map=lang_map)


# --- writing --------------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


_NEEDS_ESC = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ATTR = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_PAD = ["  " * i for i in range(12)]


def _esc(text: str) -> str:
    if not _NEEDS_ESC.search(text):
        return text  # the common case: nothing to escape
    if _INVALID_XML.search(text):
        raise UsageError(f"text holds a character XML cannot carry: {text[:40]!r}")
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _attr(text: str) -> str:
    if not _NEEDS_ATTR.search(text):
        return text
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def xml_id(value: str | None, fallback: str) -> str:
    """*value* if it is a valid XML ID, else a repaired form (spaces and the like to ``_``)."""
    if value and _NCNAME.match(value):
        return value
    if not value:
        return fallback
    fixed = re.sub(r"[^\w.\-]", "_", value)
    return fixed if _NCNAME.match(fixed) else f"_{fixed}"


class _Writer:
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
        a = "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items() if v is not None)
        self.buf.append(f"{_PAD[ind]}<{tag}{a}>{_esc(text)}</{tag}>\n")

    def dc(self, ind: int, cat: str, text: str, target: str | None = None) -> None:
        """A data category as DCA markup: ``<descrip type="definition">``."""
        kind = CATEGORY_ELEMENT[cat]
        to = f' target="{_attr(target)}"' if target is not None else ""
        self.buf.append(f'{_PAD[ind]}<{kind} type="{cat}"{to}>{_esc(text)}</{kind}>\n')

    def open(self, ind: int, tag: str, **attrs: str | None) -> None:
        if not attrs:
            self.buf.append(f"{_PAD[ind]}<{tag}>\n")
            return
        a = "".join(
            f' {k.replace("xml_lang", "xml:lang")}="{_attr(v)}"'
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


def _header_paragraphs(info: TermbaseInfo | None, section: str) -> list[str]:
    return [text for sec, text in (info.header if info else []) if sec == section]


def write_tbx3(
    fileobj: IO[bytes],
    concepts: Iterable[Concept],
    *,
    source_lang: str = "en",
    info: TermbaseInfo | None = None,
) -> int:
    """Write *concepts* as TBX-Basic v3, DCA style; return how many were written."""
    info = info or TermbaseInfo()
    w = _Writer(fileobj, v3=True)
    w.buf.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    w.buf.append(
        f'<tbx type="TBX-Basic" style="dca" xml:lang="{_attr(source_lang)}" xmlns="{TBX3_NS}">\n'
    )
    w.open(1, "tbxHeader")
    w.open(2, "fileDesc")
    for section in ("publicationStmt",):
        paras = _header_paragraphs(info, section)
        if paras:
            w.open(3, section)
            for p in paras:
                w.el(4, "p", p)
            w.close(3, section)
    titles = _header_paragraphs(info, "title")
    if titles:
        w.open(3, "titleStmt")
        w.el(4, "title", titles[0])
        w.close(3, "titleStmt")
    w.open(3, "sourceDesc")
    for p in _header_paragraphs(info, "sourceDesc") or ["Exported by Concord"]:
        w.el(4, "p", p)
    w.close(3, "sourceDesc")
    w.close(2, "fileDesc")
    w.close(1, "tbxHeader")
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
    w.buf.append("</tbx>\n")
    w.flush()
    return n


def write_tbx2(
    fileobj: IO[bytes],
    concepts: Iterable[Concept],
    *,
    source_lang: str = "en",
    info: TermbaseInfo | None = None,
) -> int:
    """Write *concepts* as TBX-Basic v2 (``martif``, ``tig``); return how many were written."""
    info = info or TermbaseInfo()
    w = _Writer(fileobj, v3=False)
    w.buf.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    w.buf.append(f'<martif type="TBX-Basic" xml:lang="{_attr(source_lang)}">\n')
    w.open(1, "martifHeader")
    w.open(2, "fileDesc")
    titles = _header_paragraphs(info, "title")
    if titles:
        w.open(3, "titleStmt")
        w.el(4, "title", titles[0])
        w.close(3, "titleStmt")
    paras = _header_paragraphs(info, "publicationStmt")
    if paras:
        w.open(3, "publicationStmt")
        for p in paras:
            w.el(4, "p", p)
        w.close(3, "publicationStmt")
    w.open(3, "sourceDesc")
    for p in _header_paragraphs(info, "sourceDesc") or ["Exported by Concord"]:
        w.el(4, "p", p)
    w.close(3, "sourceDesc")
    w.close(2, "fileDesc")
    w.open(2, "encodingDesc")
    w.el(3, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    w.close(2, "encodingDesc")
    w.close(1, "martifHeader")
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
    w.buf.append("</martif>\n")
    w.flush()
    return n


def _concept_text(w: _Writer, concept: Concept, n: int) -> str:
    saved, w.buf = w.buf, []
    try:
        w.concept(concept, n)
        return "".join(w.buf)
    finally:
        w.buf = saved


def detect_version(fileobj: IO[bytes]) -> int | None:
    """3 for a ``tbx`` root, 2 for ``martif``, None otherwise; rewinds *fileobj*."""
    head = fileobj.read(4096)
    fileobj.seek(0)
    m = re.search(rb"<(?![?!])(?:\w+:)?(\w+)", head)
    if not m:
        return None
    return {b"tbx": 3, b"martif": 2}.get(m.group(1))
