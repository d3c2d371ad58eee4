"""Pre-translating PO and POT files: entries to queries, and fills to edited lines.

The file is edited as text (:class:`tm.potext.PoText`): entries that are not filled keep
their exact bytes, and a filled one changes only in its ``msgstr``, flags and Concord
comment. A fuzzy fill is marked ``#, fuzzy`` with a ``# Concord: 87% match from FILE:LINE``
comment. Plural entries ask for one translation per form the target language has; a
template's header is made into a translation's (charset, Language, Plural-Forms).
"""

from __future__ import annotations

import re

from tm.errors import InputError, UsageError
from tm.lang import normalize_lang, primary
from tm.potext import PoEntry, PoText, escape, render_field
from tm.pretranslate.jobs import FileJob, Item, LoadedFile
from tm.pretranslate.matching import Hit, Query

COMMENT_PREFIX = "Concord:"
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL_FORMS = {"zh": 1, "ja": 1, "ko": 1, "vi": 1, "th": 1, "id": 1, "ms": 1}


def load_po(job: FileJob, src: str | None, tgt: str | None, default_tgt: str | None) -> LoadedFile:
    """Read a PO or POT file: one item per live entry, one query per plural form."""
    po = PoText(job.path.read_bytes(), job.name)
    src = normalize_lang(src or "en")
    if not tgt:
        language = po.header_field("Language") or default_tgt
        if not language:
            raise InputError(
                "the PO header names no Language; pass the target language (--tgt)", job.name
            )
        try:
            tgt = normalize_lang(language)
        except UsageError:
            raise InputError(
                f"the PO header's Language {language!r} is not a language tag", job.name
            ) from None
    loaded = LoadedFile(job, "po", src, normalize_lang(tgt))
    loaded.doc = po
    nplurals = _nplurals(po, loaded.tgt)
    live = [e for e in po.entries if not e.obsolete and e is not po.header and e.msgid]
    for k, entry in enumerate(live):
        prev = live[k - 1].msgid if k else None
        nxt = live[k + 1].msgid if k + 1 < len(live) else None
        flags = tuple(entry.flags)
        if entry.msgid_plural is None:
            texts, forms = [entry.msgid], [0]
        elif nplurals == 1:  # the one form translates the plural (with its placeholders)
            texts, forms = [entry.msgid_plural], [0]
        else:
            forms = list(range(nplurals))
            texts = [entry.msgid] + [entry.msgid_plural] * (nplurals - 1)
        plural = entry.msgid_plural is not None
        queries = [
            Query(t, None, entry.msgctxt, prev, nxt, flags, job.name, n if plural else None)
            for t, n in zip(texts, forms, strict=True)
        ]
        loaded.items.append(Item(queries, entry.translated, entry, forms))
    return loaded


def fill_lines(
    po: PoText, item: Item, hits: list[Hit | None], exact: bool, reasons: list[str]
) -> list[str]:
    """The lines of *item*'s entry filled from *hits* (a form without a hit gets the worst)."""
    found = [h for h in hits if h is not None]
    shown = min(found, key=lambda h: h.score)
    forms = {}
    for n, hit in zip(item.forms, hits, strict=True):
        forms[n] = (hit or shown).target
    comment = None if exact else _comment(shown, reasons)
    return _entry_lines(po, item.handle, forms, not exact, comment)


def _comment(hit: Hit, reasons: list[str]) -> str:
    text = f"{int(hit.score)}% match from {hit.origin or 'the memory'}"
    return "; ".join([text, *reasons]).replace("\n", " ")


def _entry_lines(
    po: PoText, entry: PoEntry, forms: dict[int, str], fuzzy: bool, comment: str | None
) -> list[str]:
    nl = po.newline
    old = po.lines[entry.start : entry.end]
    split = entry.first_kw - entry.start
    comments, keywords = old[:split], old[split : entry.msgstr_start - entry.start]
    comments = [c for c in comments if not c.lstrip().startswith(f"# {COMMENT_PREFIX}")]
    flags = [f for f in entry.flags if f != "fuzzy"]
    if fuzzy:
        flags.insert(0, "fuzzy")
    else:
        comments = [c for c in comments if not c.startswith("#|")]
    flag_line = f"#, {', '.join(flags)}{nl}" if flags else None
    at = next((k for k, c in enumerate(comments) if c.startswith("#,")), None)
    if at is not None:
        if flag_line:
            comments[at] = flag_line
        else:
            del comments[at]
    elif flag_line:
        at = next((k for k, c in enumerate(comments) if c.startswith("#|")), len(comments))
        comments.insert(at, flag_line)
    if comment:
        comments.insert(0, f"# {COMMENT_PREFIX} {comment}{nl}")
    if entry.msgid_plural is not None:
        body = [line for n in sorted(forms) for line in render_field(f"msgstr[{n}]", forms[n], nl)]
    else:
        body = render_field("msgstr", forms[0], nl)
    tail = old[entry.msgstr_start - entry.start :]
    # Keep what follows the msgstr lines inside the entry's span (nothing, normally).
    extra = [t for t in tail if t.strip() and not (t.lstrip().startswith(("msgstr", '"')))]
    return comments + keywords + body + extra


def _nplurals(po: PoText, tgt: str) -> int:
    value = po.header_field("Plural-Forms")
    match = _NPLURALS.search(value or "")
    if match:
        return max(1, int(match.group(1)))
    return _PLURAL_FORMS.get(primary(tgt), 2)


def header_lines(po: PoText, tgt: str) -> list[str] | None:
    """The header of a template made into a translation's header, or None if it is fine."""
    header = po.header
    if header is None:
        return None
    text = header.msgstr.get(0, "")
    fields = text.split("\n")
    changed = False
    for k, line in enumerate(fields):
        key, _, value = line.partition(":")
        name = key.strip().lower()
        if name == "content-type" and "charset=CHARSET" in value:
            fields[k] = line.replace("charset=CHARSET", "charset=UTF-8")
            changed = True
        elif name == "language" and not value.strip():
            fields[k] = f"Language: {tgt.replace('-', '_')}"
            changed = True
        elif name == "plural-forms" and "INTEGER" in value:
            n = _PLURAL_FORMS.get(primary(tgt), 2)
            rule = "nplurals=1; plural=0;" if n == 1 else "nplurals=2; plural=(n != 1);"
            fields[k] = f"Plural-Forms: {rule}"
            changed = True
    if not changed:
        return None
    nl = po.newline
    old = po.lines[header.start : header.msgstr_start]
    pieces = [f + "\n" for f in fields[:-1]] + ([fields[-1]] if fields[-1] else [])
    return old + [f'msgstr ""{nl}'] + [f'"{escape(p)}"{nl}' for p in pieces]
