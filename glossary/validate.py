"""Check a TBX file: v3 core structure (RelaxNG) and TBX-Basic's data categories.

The structure check uses ``TBXcoreStructV03.rng`` (shipped in ``glossary/schemas``). The
TBX-Basic rules are those of LTAC's ``TBX-Basic_DCA.sch`` and ``TBX-Basic_module.rng``,
implemented here because the schematron needs XSLT 2: which data categories exist, at
which level each may appear, and the picklist values. DCT files (data categories as
namespaced elements) and v2 files (``martif``) get the same data-category checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import IO

from lxml import etree

from glossary.tbx import TBX3_NS
from tm.errors import InputError
from tm.xmlsafe import safe_parser

# Permitted data categories per DCA element (the schematron's dialectEnforcement).
PERMITTED = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "ref": {"crossReference"},
    "termNote": {
        "administrativeStatus",
        "partOfSpeech",
        "geographicalUsage",
        "grammaticalGender",
        "termLocation",
        "termType",
    },
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
}
KIND_OF = {cat: kind for kind, cats in PERMITTED.items() for cat in cats}

PICKLISTS = {
    "administrativeStatus": {
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
        "preferredTerm-admn-sts",
    },
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
    "grammaticalGender": {"masculine", "feminine", "neuter", "other"},
    "termLocation": {
        "checkBox", "comboBox", "comboBoxElement", "dialogBox", "groupBox",
        "informativeMessage", "interactiveMessage", "menuItem", "progressBar", "pushButton",
        "radioButton", "slider", "spinBox", "tab", "tableText", "textBox", "toolTip",
        "user-definedType",
    },
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    "transactionType": {"origination", "modification"},
}  # fmt: skip

# Levels at which each data category may appear (the schematron's module rules).
LEVELS = {
    "subjectField": {"concept"},
    "definition": {"concept", "language"},
    "context": {"term"},
    "source": {"concept", "language", "term"},
    "customerSubset": {"concept", "term"},
    "projectSubset": {"concept", "term"},
    "crossReference": {"concept", "term"},
    "xGraphic": {"concept", "language"},
    "externalCrossReference": {"concept", "language", "term"},
    "transactionType": {"concept", "language", "term"},
    "responsibility": {"concept", "language", "term"},
    **{cat: {"term"} for cat in PERMITTED["termNote"]},
}
LEVEL_OF = {
    "conceptEntry": "concept",
    "termEntry": "concept",
    "langSec": "language",
    "langSet": "language",
    "termSec": "term",
    "tig": "term",
    "ntig": "term",
}
DCT_NAMESPACES = {"http://www.tbxinfo.net/ns/min", "http://www.tbxinfo.net/ns/basic"}
_URL = re.compile(r"https?://.+")


@dataclass(frozen=True)
class Violation:
    line: int | None
    message: str

    def format(self, name: str) -> str:
        return f"{name}:{self.line or 0}: {self.message}"


@cache
def core_schema() -> etree.RelaxNG:
    """The TBX v3 core structure schema shipped with Concord."""
    ref = resources.files("glossary").joinpath("schemas/TBXcoreStructV03.rng")
    with ref.open("rb") as fh:
        return etree.RelaxNG(etree.parse(fh, safe_parser()))


def validate_tbx(fileobj: IO[bytes], name: str = "<tbx>") -> list[Violation]:
    """Every violation of the core structure (v3) and of TBX-Basic, in document order.

    A file that is not well-formed XML raises :class:`InputError` with line and column.
    """
    try:
        tree = etree.parse(fileobj, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise InputError(f"malformed XML: {exc.msg}", name, line, column) from exc
    root = tree.getroot()
    if tree.docinfo.internalDTD is not None and any(
        True for _ in tree.docinfo.internalDTD.iterentities()
    ):
        raise InputError("the document declares entities; refused for safety", name, 1)
    local = etree.QName(root).localname
    found: list[Violation] = []
    if local == "tbx":
        found += _core(tree)
        found += _dialect_root(root)
    elif local != "martif":
        raise InputError(f"not a TBX file: the root element is <{local}>", name, root.sourceline)
    found += _basic(root, style=(root.get("style") or "dca").lower() if local == "tbx" else "v2")
    found.sort(key=lambda v: v.line or 0)
    return found


def _core(tree: etree._ElementTree) -> list[Violation]:
    schema = core_schema()
    if schema.validate(tree):
        return []
    return [
        Violation(e.line, f"structure: {e.message}")
        for e in schema.error_log
        if e.level_name == "ERROR"
    ]


def _dialect_root(root: etree._Element) -> list[Violation]:
    out = []
    if root.get("type") != "TBX-Basic":
        out.append(Violation(root.sourceline, 'the dialect should be type="TBX-Basic"'))
    if (root.get("style") or "") not in ("dca", "dct"):
        out.append(Violation(root.sourceline, "style must be dca or dct"))
    return out


def _level(el: etree._Element) -> str | None:
    """The entry level an element belongs to, looking through ``*Grp`` wrappers."""
    parent = el.getparent()
    while parent is not None:
        local = etree.QName(parent).localname
        if local in LEVEL_OF:
            return LEVEL_OF[local]
        if not (local.endswith("Grp") or local == "termGrp"):
            return None
        parent = parent.getparent()
    return None


def _basic(root: etree._Element, style: str) -> list[Violation]:
    out: list[Violation] = []
    ids = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    core_ns = TBX3_NS if style != "v2" else None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        q = etree.QName(el)
        line = el.sourceline
        if q.namespace != core_ns and q.namespace is not None:
            if style == "dca" or q.namespace not in DCT_NAMESPACES:
                out.append(Violation(line, f"<{q.localname}>: DCT-style element in a {style.upper()} file"
                                     if style == "dca" else f"<{q.localname}>: namespace {q.namespace} is not TBX-Basic's"))  # fmt: skip
                continue
            cat = q.localname
            if cat not in KIND_OF:
                out.append(Violation(line, f"<{cat}> is not a TBX-Basic data category"))
                continue
        elif q.localname in PERMITTED:
            cat = el.get("type") or ""
            if not cat:
                out.append(Violation(line, f"<{q.localname}> without a data category (type)"))
                continue
            if cat not in PERMITTED[q.localname]:
                allowed = ", ".join(sorted(PERMITTED[q.localname]))
                out.append(Violation(line, f"<{q.localname} type=\"{cat}\">: not TBX-Basic; permitted: {allowed}"))  # fmt: skip
                continue
        else:
            continue
        level = _level(el)
        if level is not None and level not in LEVELS[cat]:
            where = ", ".join(sorted(LEVELS[cat]))
            out.append(
                Violation(line, f"{cat} may only appear at level(s): {where} (found at {level})")
            )
        elif level is None and cat not in ("transactionType", "responsibility"):
            out.append(Violation(line, f"{cat} outside an entry"))
        text = "".join(el.itertext()).strip()
        if cat in PICKLISTS and text not in PICKLISTS[cat]:
            values = ", ".join(sorted(PICKLISTS[cat]))
            out.append(Violation(line, f"{cat} {text!r} is not a permitted value ({values})"))
        target = el.get("target")
        if target is not None and not _URL.match(target) and target not in ids:
            out.append(Violation(line, f"target {target!r} is neither an id in the file nor an http(s) URL"))  # fmt: skip
    return out
