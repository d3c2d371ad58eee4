"""TBX: read v3 (ISO 30042:2019, DCA and DCT styles) and v2 (``martif``), write v3 DCA and v2.

* :func:`read_tbx` (:class:`TbxReader`) streams concepts out of a file of either version;
  :mod:`~glossary.tbx.reading`, with the element helpers of :mod:`~glossary.tbx.elements`.
* :func:`write_tbx3` and :func:`write_tbx2` write concepts as text, no tree built;
  :mod:`~glossary.tbx.writing` for the documents, :mod:`~glossary.tbx.markup` for each
  concept's markup and the escaping.
* The namespace, the TBX-Basic data categories and Concord's own notes, which reading and
  writing share, are in :mod:`~glossary.tbx.names`.

This package's namespace is the public API; import from here.
"""

from glossary.tbx.markup import xml_id
from glossary.tbx.names import (
    CATEGORY_ELEMENT,
    DCA_ELEMENTS,
    DCT_MODULE_OF,
    DCT_MODULES,
    PROVENANCE_NOTE,
    STATUS_TO_TBX,
    TBX3_NS,
    WORKFLOW_NOTE,
    Warn,
    detect_version,
)
from glossary.tbx.reading import TbxReader, read_tbx
from glossary.tbx.writing import write_tbx2, write_tbx3

__all__ = [
    "CATEGORY_ELEMENT",
    "DCA_ELEMENTS",
    "DCT_MODULES",
    "DCT_MODULE_OF",
    "PROVENANCE_NOTE",
    "STATUS_TO_TBX",
    "TBX3_NS",
    "WORKFLOW_NOTE",
    "Warn",
    "TbxReader",
    "detect_version",
    "read_tbx",
    "write_tbx2",
    "write_tbx3",
    "xml_id",
]
