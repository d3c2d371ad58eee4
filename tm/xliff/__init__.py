"""XLIFF 1.2 and 2.x (and XLZ archives of it): read segments into units, write, fill in place.

* :func:`read_xliff` streams a file (either version) and yields one unit per segment with a
  target (per ``<mrk mtype="seg">`` of a 1.2 ``<seg-source>``, per ``<segment>`` in 2.x);
  :mod:`~tm.xliff.reading`.
* :func:`write_xliff` writes units as a new XLIFF file of either version;
  :mod:`~tm.xliff.writing`.
* :class:`XliffDocument` holds a whole document for pre-translation: it lists the segments,
  fills targets with match data (1.2 ``state``/``alt-trans``, 2.x ``state`` and the
  matches module) and writes the document back with everything else untouched, module and
  extension data included; :mod:`~tm.xliff.document`, :mod:`~tm.xliff.foreign`,
  :mod:`~tm.xliff.layout`.
* XLZ archives (a ZIP of XLIFF files, skeletons and a manifest): :func:`read_xlz` streams
  the units of their XLIFF members, :class:`XlzDocument` fills them and writes a new
  archive with the other members as they were; read safely (no zip bombs, no paths out of
  the archive), :mod:`~tm.xliff.xlz`.

Inline codes map onto TMX inline markup, both ways, in :mod:`~tm.xliff.codes`; characters
XML 1.0 cannot carry travel as 2.x ``<cp>`` and a 1.2 placeholder, :mod:`~tm.xliff.chars`;
the namespaces, property names and the segment record all of them share are in
:mod:`~tm.xliff.common`.

This package's namespace is the public API; import from here.
"""

from tm.xliff.codes import set_content
from tm.xliff.common import (
    CONTEXT_TYPE,
    MTC,
    NS12,
    NS20,
    PROP_ORIGINAL,
    PROP_RESNAME,
    PROP_STATE,
    UNTRANSLATED_STATES,
    XliffSegment,
)
from tm.xliff.document import FillInfo, XliffDocument
from tm.xliff.reading import iter_segments, read_xliff, segment_unit
from tm.xliff.writing import write_xliff
from tm.xliff.xlz import MAX_UNCOMPRESSED, XlzDocument, is_xlz, member_name, read_xlz

__all__ = [
    "CONTEXT_TYPE",
    "MAX_UNCOMPRESSED",
    "MTC",
    "NS12",
    "NS20",
    "PROP_ORIGINAL",
    "PROP_RESNAME",
    "PROP_STATE",
    "UNTRANSLATED_STATES",
    "FillInfo",
    "XliffDocument",
    "XliffSegment",
    "XlzDocument",
    "is_xlz",
    "iter_segments",
    "member_name",
    "read_xliff",
    "read_xlz",
    "segment_unit",
    "set_content",
    "write_xliff",
]
