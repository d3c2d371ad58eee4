"""CSV and TSV termbases with a header that maps columns, and OmegaT's glossary TSV.

A header names each column: a language tag (``en``, ``zh-CN``, ``zh_CN``) holds that
language's term, several synonyms split by ``|``; ``pos``, ``status``, ``type``, ``state``,
``context``, ``geo`` describe the row's terms (``pos:zh-CN`` only that language's);
``definition``, ``note``, ``source``, ``subject``, ``id`` describe the concept
(``definition:en`` the English section). Unknown columns become notes with a warning.

OmegaT's glossary is headerless: ``source TAB target TAB comment``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from glossary.model import STATUSES, Concept, Context, LangSection, Term
from tm.errors import InputError, UsageError
from tm.lang import normalize_lang

SYNONYM_SEP = "|"
TERM_FIELDS = {
    "pos": "part_of_speech",
    "partofspeech": "part_of_speech",
    "part_of_speech": "part_of_speech",
    "status": "status",
    "administrativestatus": "status",
    "type": "term_type",
    "termtype": "term_type",
    "state": "state",
    "context": "context",
    "geo": "geographical_usage",
    "geographicalusage": "geographical_usage",
    "reviewer": "reviewer",
}
CONCEPT_FIELDS = {
    "id": "id",
    "definition": "definition",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "source": "source",
    "subject": "subject_field",
    "subjectfield": "subject_field",
    "domain": "subject_field",
}

Warn = Callable[[str], None]


class _Column:
    def __init__(self, kind: str, field: str | None = None, lang: str | None = None) -> None:
        self.kind, self.field, self.lang = (
            kind,
            field,
            lang,
        )  # kind: term | term-field | concept | unknown


def _lang_or_none(text: str) -> str | None:
    if text.lower() in TERM_FIELDS or text.lower() in CONCEPT_FIELDS:
        return None
    try:
        tag = normalize_lang(text)
    except UsageError:
        return None
    primary = tag.split("-", 1)[0]
    return tag if 2 <= len(primary) <= 3 and primary.isalpha() else None


def map_header(header: list[str]) -> list[_Column]:
    """Classify each header cell; languages are BCP 47 tags, fields may be ``field:lang``."""
    columns = []
    for raw in header:
        name = raw.strip().lstrip("\ufeff")
        key = name.lower().replace(" ", "").replace("-", "") if ":" not in name else ""
        lang = _lang_or_none(name)
        if lang:
            columns.append(_Column("term", lang=lang))
            continue
        if ":" in name:
            a, b = (p.strip() for p in name.split(":", 1))
            field, tag = (a, b) if _lang_or_none(b) else (b, a)
            fkey, flang = field.lower().replace("-", ""), _lang_or_none(tag)
            if flang and fkey in TERM_FIELDS:
                columns.append(_Column("term-field", TERM_FIELDS[fkey], flang))
                continue
            if flang and fkey in ("definition", "note", "source"):
                columns.append(_Column("section", fkey, flang))
                continue
        elif key in TERM_FIELDS:
            columns.append(_Column("term-field", TERM_FIELDS[key]))
            continue
        elif key in CONCEPT_FIELDS:
            columns.append(_Column("concept", CONCEPT_FIELDS[key]))
            continue
        columns.append(_Column("unknown", name))
    return columns


def has_language_columns(header: list[str]) -> bool:
    return any(c.kind == "term" for c in map_header(header))


def read_csv(
    fileobj: IO[str],
    name: str = "<csv>",
    *,
    delimiter: str = ",",
    strict: bool = False,
    warn: Warn | None = None,
    default_state: str = "approved",
) -> Iterator[Concept]:
    """Concepts from a CSV/TSV file whose first row maps the columns."""
    reader = csv.reader(fileobj, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError(f"cannot read the header: {exc}", name, 1) from exc
    columns = map_header(header)
    if not any(c.kind == "term" for c in columns):
        raise InputError(
            "the header names no language column (e.g. en, zh-CN); for OmegaT's headerless "
            "glossary use --format omegat",
            name,
            1,
        )
    for c in columns:
        if c.kind == "unknown":
            message = f"column {c.field!r} is not a known field; kept as a note"
            if strict:
                raise InputError(message, name, 1)
            if warn:
                warn(f"{name}:1: {message}")
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield _row_concept(row, columns, name, reader.line_num, default_state)
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", name, reader.line_num) from exc


def _row_concept(
    row: list[str], columns: list[_Column], name: str, line: int, default_state: str
) -> Concept:
    if len(row) > len(columns):
        raise InputError(f"{len(row)} cells but the header has {len(columns)}", name, line)
    concept = Concept()
    term_fields: list[tuple[str, str | None, str]] = []
    for col, cell in zip(columns, row, strict=False):
        value = cell.strip()
        if not value:
            continue
        if col.kind == "term":
            sec = concept.section(col.lang, create=True)
            for text in value.split(SYNONYM_SEP):
                if text.strip():
                    sec.terms.append(Term(text.strip(), state=default_state))
        elif col.kind == "term-field":
            term_fields.append((col.field, col.lang, value))
        elif col.kind == "section":
            sec = concept.section(col.lang, create=True)
            if col.field == "definition":
                sec.definition = value
            elif col.field == "note":
                sec.notes.append(value)
            else:
                sec.sources.append(value)
        elif col.kind == "concept":
            if col.field == "note":
                concept.notes.append(value)
            elif col.field == "source":
                concept.sources.append(value)
            else:
                setattr(concept, col.field, value)
        else:
            concept.notes.append(f"{col.field}: {value}")
    concept.languages = [s for s in concept.languages if s.terms]
    if not concept.languages:
        raise InputError("a row without any term", name, line)
    for field, lang, value in term_fields:
        for sec in concept.languages:
            if lang is not None and sec.lang != lang:
                continue
            for i, term in enumerate(sec.terms):
                _set_term_field(term, field, value, first=i == 0, name=name, line=line)
    return concept


def _set_term_field(term: Term, field: str, value: str, first: bool, name: str, line: int) -> None:
    if field == "context":
        if first:
            term.contexts.append(Context(value))
        return
    if field == "status":
        value = value.lower().removesuffix("term-admn-sts").removesuffix("term")
        if value not in STATUSES:
            raise InputError(f"status {value!r}: use one of {', '.join(STATUSES)}", name, line)
        if not first and value == "preferred":
            value = "admitted"  # synonyms after the first are not also preferred
    if field == "state" and value not in ("candidate", "approved", "rejected"):
        raise InputError(f"state {value!r}: use candidate, approved or rejected", name, line)
    setattr(term, field, value)


def write_csv(
    fileobj: IO[str],
    concepts: Iterable[Concept],
    langs: list[str],
    *,
    delimiter: str = ",",
) -> int:
    """Write one row per concept: id, a column per language (synonyms ``|``-joined),
    then per-language pos and status, and the concept's definition, note and subject."""
    writer = csv.writer(fileobj, delimiter=delimiter, lineterminator="\n")
    header = ["id", *langs]
    for lang in langs:
        header += [f"pos:{lang}", f"status:{lang}", f"state:{lang}"]
    header += ["definition", "note", "subject"]
    writer.writerow(header)
    n = 0
    for concept in concepts:
        row = [concept.id or ""]
        terms_by_lang = {lang: concept.terms(lang) for lang in langs}
        for lang in langs:
            row.append(f" {SYNONYM_SEP} ".join(t.text for t in terms_by_lang[lang]))
        for lang in langs:
            first = terms_by_lang[lang][0] if terms_by_lang[lang] else None
            row += [
                (first.part_of_speech or "") if first else "",
                (first.status or "") if first else "",
                first.state if first else "",
            ]
        row += [concept.definition or "", "; ".join(concept.notes), concept.subject_field or ""]
        writer.writerow([_one_line(cell) for cell in row] if delimiter == "\t" else row)
        n += 1
    return n


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")


# --- OmegaT ---------------------------------------------------------------------------------


def read_omegat(
    fileobj: IO[str], name: str, src: str, tgt: str, default_state: str = "approved"
) -> Iterator[Concept]:
    """OmegaT's glossary TSV: ``source TAB target [TAB comment]`` per line, no header."""
    src, tgt = normalize_lang(src), normalize_lang(tgt)
    for line_no, line in enumerate(fileobj, 1):
        line = line.rstrip("\r\n").lstrip("\ufeff") if line_no == 1 else line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError("expected source TAB target [TAB comment]", name, line_no)
        concept = Concept(
            languages=[
                LangSection(src, [Term(cells[0].strip(), state=default_state)]),
                LangSection(tgt, [Term(cells[1].strip(), state=default_state)]),
            ]
        )
        if len(cells) > 2 and cells[2].strip():
            concept.notes.append("\t".join(cells[2:]).strip())
        yield concept


def write_omegat(fileobj: IO[str], concepts: Iterable[Concept], src: str, tgt: str) -> int:
    """One line per pair of usable terms (rejected, deprecated and superseded are left out)."""
    n = 0
    for concept in concepts:
        target = concept.preferred(tgt)
        if target is None:
            continue
        comment = "; ".join([*(concept.definition and [concept.definition] or []), *concept.notes])
        for term in concept.terms(src):
            if term.state == "rejected" or term.status in ("deprecated", "superseded"):
                continue
            cells = [term.text, target.text] + ([comment] if comment else [])
            fileobj.write("\t".join(_one_line(c) for c in cells) + "\n")
            n += 1
    return n


def sniff_text(data: bytes, name: str) -> str:
    """Decode a CSV/TSV file: UTF-8 (with or without BOM), else UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", name, line) from exc


def text_stream(data: bytes, name: str) -> io.StringIO:
    return io.StringIO(sniff_text(data, name), newline="")
