"""The memory's model: translation units and their language variants.

Nothing here knows about files. Format modules (``tmx``, ``pofile``, ``tsvfile``) convert
to and from these classes; the store persists them.

Inline markup is kept as the TMX 1.4 inline content of the segment (``bpt``, ``ept``,
``ph``, ``it``, ``hi``, ``ut``, ``sub`` elements as an XML fragment): TMX inline markup is the
lingua franca that other formats map their codes onto, as Okapi does. ``text`` is always the
plain text with codes neutralised, which is what matching sees.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp (``2024-01-24T09:30:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Variant:
    """One language's text of a unit (a TMX ``tuv``)."""

    lang: str
    text: str
    markup: str | None = None  # TMX inline XML of the segment when it has inline codes
    notes: list[str] = field(default_factory=list)
    props: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # other tuv attributes, kept verbatim

    @property
    def content(self) -> str:
        """What identifies the segment: its markup when it has any, else its text."""
        return self.markup if self.markup is not None else self.text


# The largest line number an origin can have: SQLite's largest INTEGER.
MAX_LINE = 2**63 - 1
_LINE_DIGITS = len(str(MAX_LINE))


@dataclass(frozen=True)
class Origin:
    """One place a unit was read from: a file and the unit's line in it (None if unknown).

    A unit read from several files (the same pair in many PO files) has one origin for each;
    the unit's own ``origin_file`` and ``origin_line`` are the first of them.
    """

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @classmethod
    def parse(cls, text: str) -> Origin:
        """The origin :meth:`__str__` wrote: a trailing ``:N`` is the line, if N (whitespace
        around it ignored) is a number from 1 to :data:`MAX_LINE`, the most a store holds.
        Otherwise (``a.po:0``, ``a.po:99999999999999999999``, ``C:/po/a.po``) the whole
        text is the file name."""
        file, colon, line = text.rpartition(":")
        digits = line.strip().lstrip("0")  # no int() of 5000 digits: Python refuses it
        if colon and digits.isascii() and digits.isdigit() and len(digits) <= _LINE_DIGITS:
            number = int(digits)
            if number <= MAX_LINE:
                return cls(file, number)
        return cls(text)


@dataclass
class TranslationUnit:
    """A unit of the memory: variants in two or more languages plus what is known about them."""

    variants: list[Variant]
    tuid: str | None = None
    context: str | None = None  # msgctxt or another disambiguating context
    origin_file: str | None = None
    origin_line: int | None = None
    notes: list[str] = field(default_factory=list)
    props: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # other tu attributes, kept verbatim
    created_at: str | None = None
    created_by: str | None = None
    changed_at: str | None = None
    changed_by: str | None = None
    usage_count: int = 0
    last_used_at: str | None = None
    id: int | None = None  # assigned by the store
    # Every origin, when there is more to know than origin_file and origin_line: a unit from
    # SQLiteStore.iter_units(with_origins=True) lists all of its origins, its own first; one
    # read from a Concord TMX export lists those it had in the memory exported (origin_file
    # and origin_line then name the TMX itself). Empty: the unit's own place is its origin.
    origins: list[Origin] = field(default_factory=list)

    def variant(self, lang: str) -> Variant | None:
        """The first variant whose language serves *lang* (``zh`` accepts ``zh-CN``)."""
        from tm.lang import lang_matches

        for v in self.variants:
            if v.lang == lang:
                return v
        for v in self.variants:
            if lang_matches(lang, v.lang):
                return v
        return None

    @property
    def languages(self) -> list[str]:
        return sorted({v.lang for v in self.variants})

    @property
    def origin(self) -> str | None:
        """Where the unit came from: ``file:line``, ``file#tuid`` or the tuid alone."""
        if self.origin_file and self.origin_line:
            return f"{self.origin_file}:{self.origin_line}"
        if self.origin_file and self.tuid:
            return f"{self.origin_file}#{self.tuid}"
        return self.origin_file or self.tuid

    def recorded_origins(self) -> list[Origin]:
        """The origins a store records for the unit: :attr:`origins`, else its own place."""
        if self.origins:
            return list(self.origins)
        return [Origin(self.origin_file, self.origin_line)] if self.origin_file else []

    def content_key(self) -> str:
        """A digest of what makes two units the same pair: context and every variant's content.

        Re-importing a unit with the same key does not duplicate it.
        """
        h = hashlib.blake2b(digest_size=16)
        h.update((self.context or "").encode())
        for lang, content in sorted((v.lang, v.content) for v in self.variants):
            h.update(b"\x00" + lang.encode() + b"\x01" + content.encode())
        return h.hexdigest()
