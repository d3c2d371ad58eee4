"""The names TBX reading and writing share: the v3 namespace, the TBX-Basic data
categories and the elements that carry them, status values, and Concord's own notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

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
STATUS_FROM_TBX = {v.lower(): k for k, v in STATUS_TO_TBX.items()}
STATUS_FROM_TBX.update({k: k for k in STATUS_TO_TBX})
STATUS_FROM_TBX.update({f"{k}term": k for k in STATUS_TO_TBX})
STATUS_FROM_TBX["standardizedterm-admn-sts"] = "preferred"

WORKFLOW_NOTE = "concord:workflow="
PROVENANCE_NOTE = "concord:provenance="

Warn = Callable[[str], None]


def detect_version(fileobj: IO[bytes]) -> int | None:
    """3 for a ``tbx`` root, 2 for ``martif``, None otherwise; rewinds *fileobj*."""
    head = fileobj.read(4096)
    fileobj.seek(0)
    m = re.search(rb"<(?![?!])(?:\w+:)?(\w+)", head)
    if not m:
        return None
    return {b"tbx": 3, b"martif": 2}.get(m.group(1))
