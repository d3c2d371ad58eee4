"""One safe way to parse untrusted XML: no external entities, no network, no DTD, no bombs.

Every reader of TMX, TBX and XLIFF goes through here. Files are streamed with
``iterparse``, so a file of gigabytes keeps memory flat as long as the caller clears
elements it is done with.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from tm.errors import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"


def safe_parser() -> etree.XMLParser:
    """A parser for whole (small) documents, with every dangerous feature off."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def iterparse_safe(
    source: IO[bytes], name: str, events: tuple[str, ...] = ("start", "end"), tag: Any = None
) -> Iterator[tuple[str, etree._Element]]:
    """Stream *source* with lxml's iterparse, safely; errors become :class:`InputError`.

    A document type declaration that defines entities is refused outright: entity
    expansion bombs ("billion laughs") and external entities (XXE) both need one.
    """
    parser = etree.iterparse(
        source,
        events=events,
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # long text nodes are legitimate; entity expansion is off anyway
        remove_comments=True,
    )
    checked_doctype = False
    try:
        for event, element in parser:
            if not checked_doctype:
                checked_doctype = True
                _refuse_entity_declarations(element, name)
            yield event, element
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise InputError(f"malformed XML: {exc.msg}", name, line, column) from exc


def _refuse_entity_declarations(element: etree._Element, name: str) -> None:
    docinfo = element.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(
            "the document declares entities in its DTD; refused for safety "
            "(external entities or entity expansion)",
            name,
            1,
        )
