"""Module and extension attributes of inline codes, carried from the source to a new target.

A code's attributes of other namespaces (``fs:fs``, ``slr:sizeRestriction``, ``its:*``,
a tool's own) stay out of the memory's markup (:mod:`tm.xliff.codes` says why), so the
codes a fill builds lack them. The source code each target code stands for still has them:
:func:`restore_foreign_attributes` gives them back, in the source code's attribute order.

A target code stands for the source code of the same element and id (2.x ``ec``/``em``:
``startRef``; 1.2 ``mrk``: ``mid``). A code without one (a 1.2 ``mrk`` without ``mid``)
stands for the next unused source code of the same element and ``mtype``: the codes of
a segment come in the same order far more often than not.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from tm.xliff.chars import xliff_char
from tm.xliff.common import local_name, namespace_of
from tm.xmlsafe import XML_NS

_CODES = {
    "1.2": frozenset({"g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk"}),
    "2": frozenset({"pc", "ph", "sc", "ec", "mrk", "sm", "em"}),
}

Key = tuple[str, str | None, str | None]  # element, id, and mtype/type for codes without id


def restore_foreign_attributes(
    target: etree._Element, sources: Iterable[etree._Element], version: str
) -> None:
    """Give *target*'s codes the attributes of other namespaces their source codes have.

    An attribute a target code has already is left as it is.
    """
    ns = namespace_of(target)
    by_key: dict[Key, list[etree._Element]] = {}
    for source in sources:
        for code in _codes(source, ns, version):
            by_key.setdefault(_key(code, version), []).append(code)
    for code in _codes(target, ns, version):
        key = _key(code, version)
        found = by_key.get(key)
        if not found:
            continue
        # Codes with an id may repeat in a translation; those without are used in turn.
        original = found[0] if key[1] is not None else found.pop(0)
        _copy_attributes(original, code)


def _codes(element: etree._Element, ns: str, version: str) -> list[etree._Element]:
    names = _CODES[version]
    # A 1.2 character placeholder is text, not a code: an attribute more would make it one.
    return [
        e
        for e in element.iterdescendants()
        if isinstance(e.tag, str)
        and namespace_of(e) == ns
        and local_name(e) in names
        and xliff_char(e, version, ns) is None
    ]


def _key(code: etree._Element, version: str) -> Key:
    name = local_name(code)
    if version == "2" and name in ("ec", "em"):
        ident = code.get("startRef") or code.get("id")
    elif version == "1.2" and name == "mrk":
        ident = code.get("mid")
    else:
        ident = code.get("id")
    return name, ident, None if ident is not None else code.get("mtype") or code.get("type")


def _is_foreign(key: str) -> bool:
    return key.startswith("{") and not key.startswith(f"{{{XML_NS}}}")


def _copy_attributes(original: etree._Element, code: etree._Element) -> None:
    missing = [
        (k, v) for k, v in original.attrib.items() if _is_foreign(k) and k not in code.attrib
    ]
    if not missing:
        return
    in_scope = set(code.nsmap.values())
    undeclared = {
        prefix: uri
        for prefix, uri in original.nsmap.items()
        if prefix and uri not in in_scope and any(k.startswith(f"{{{uri}}}") for k, _ in missing)
    }
    merged = dict(code.attrib) | dict(missing)
    if undeclared:  # declared on the source side only: declare them here, same prefixes
        code = _redeclared(code, undeclared)
    # The source code's attribute order, then the target's own others: a copy reads alike.
    order = [k for k in original.attrib if k in merged]
    order += [k for k in merged if k not in original.attrib]
    code.attrib.clear()
    for k in order:
        code.set(k, merged[k])


def _redeclared(code: etree._Element, extra: dict[str, str]) -> etree._Element:
    """*code* replaced by a copy declaring *extra* namespaces (lxml adds them only on creation)."""
    new = etree.Element(code.tag, nsmap={**code.nsmap, **extra})
    new.text, new.tail = code.text, code.tail
    new.extend(list(code))
    code.getparent().replace(code, new)  # declarations its parents already make are dropped
    return new
