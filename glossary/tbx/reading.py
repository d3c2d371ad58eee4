"""Reading TBX v3 (DCA and DCT styles) and v2 (``martif``, ``tig`` and ``ntig``) into concepts.

The reader streams: one concept is parsed, converted to :class:`~glossary.model.Concept`,
yielded, and its XML freed, so a file of any size keeps memory flat. The version is told
from the root element (``tbx`` is v3, ``martif`` v2). Data categories TBX-Basic does not
define are kept as notes (``category: text``) with a warning, or refused in strict mode.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from lxml import etree

from glossary.model import Concept, Context, CrossRef, LangSection, Term, Transaction
from glossary.store import Person, TermbaseInfo
from glossary.tbx.elements import LOCAL_NAMES, data_category, element_text, local_name, release
from glossary.tbx.names import PROVENANCE_NOTE, STATUS_FROM_TBX, WORKFLOW_NOTE, Warn
from tm.errors import InputError
from tm.lang import normalize_lang
from tm.xmlsafe import XML_LANG, iterparse_safe

_TERM_NOTE_FIELD = {"partOfSpeech": "part_of_speech", "termType": "term_type"}


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
            local = local_name(el)
            if event == "start":
                if self.version is None:
                    self._root(el, local)
                continue
            if local in ("conceptEntry", "termEntry"):
                concept = self._concept(el)
                release(el)
                yield concept
            elif local in ("tbxHeader", "martifHeader"):
                self._header(el)
                release(el)
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
        label = data_category(el) or local_name(el)
        self._problem(f"<{local_name(el)}> {label!r} is not TBX-Basic at {where} level", el)
        text = element_text(el)
        notes.append(f"{label}: {text}" if text else label)

    # --- header and back matter

    def _header(self, el: etree._Element) -> None:
        for child in el.iter():
            local = local_name(child)
            if local == "title":
                self.info.header.append(("title", element_text(child)))
            elif local == "p":
                section = local_name(child.getparent())
                if section in ("publicationStmt", "sourceDesc"):
                    self.info.header.append((section, element_text(child)))

    def _back(self, el: etree._Element) -> None:
        for sec in el:
            if not isinstance(sec.tag, str) or sec.get("type") != "respPerson":
                continue
            for obj in sec:
                if not isinstance(obj.tag, str) or not obj.get("id"):
                    continue
                items = [
                    (item.get("type") or "", element_text(item)) for item in obj.iter("{*}item")
                ]
                name = next((t for k, t in items if k == "fn"), None)
                self.info.people.append(Person(obj.get("id"), name, items))

    # --- entries

    def _concept(self, el: etree._Element) -> Concept:
        concept = Concept(id=el.get("id"))
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = LOCAL_NAMES[tag]
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
            local = LOCAL_NAMES[tag]
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
                if local_name(child) == "termGrp":
                    flat.extend(child)
                else:
                    flat.append(child)
            children = flat
        found = False
        for child in children:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = LOCAL_NAMES[tag]
            if local == "term":
                term.text = element_text(child)
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
        local = LOCAL_NAMES[tag]
        if local == "transacGrp":
            self._transac_grp(el, owner, level)
            return
        if local == "note":
            text = element_text(el)
            if level == "term" and text.startswith(PROVENANCE_NOTE):
                owner.provenance = json.loads(text[len(PROVENANCE_NOTE) :])
            else:
                owner.notes.append(text)
            return
        if local in ("descripGrp", "adminGrp"):
            self._group(el, owner, level)
            return
        cat = data_category(el, tag)
        text = element_text(el)
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
            status = STATUS_FROM_TBX.get(value.lower())
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
        cat = data_category(head)
        sources = [c for c in rest if data_category(c) == "source"]
        others = [c for c in rest if c not in sources]
        source = element_text(sources[0]) if len(sources) == 1 else None
        if source is None:
            others = rest
        if cat == "context" and level == "term":
            owner.contexts.append(Context(element_text(head), source))
        elif cat == "definition" and level in ("concept", "language") and owner.definition is None:
            owner.definition = element_text(head)
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
            local = LOCAL_NAMES[tag]
            cat = data_category(child, tag)
            if cat == "transactionType":
                tr.type = element_text(child)
            elif local == "date":
                tr.date = element_text(child)
            elif cat == "responsibility":
                tr.person = element_text(child)
                tr.person_ref = child.get("target")
            elif local == "note" and (text := element_text(child)).startswith(WORKFLOW_NOTE):
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
