"""``concord glossary lookup`` and ``search``: the termbase's terms found in text.

Term recognition (``glossary.recognize``) loads the segmenter: it is imported inside the
handlers only, so the command line starts fast.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from glossary.model import Concept
from glossary.store import GlossaryStore
from tm.errors import ConcordError
from tm.lang import lang_matches, normalize_lang
from tui.commands.glossary.common import open_store


def _matcher(store: GlossaryStore):
    try:
        from glossary.recognize import TermEntry, TermMatcher
    except ImportError as exc:
        raise ConcordError(
            "term recognition is not available in this build (glossary.recognize is missing)"
        ) from exc
    entries = [
        TermEntry(text, lang, (concept_id, lang, text))
        for concept_id, lang, text, state, _status in store.term_rows()
        if state != "rejected"
    ]
    return TermMatcher.build(entries)


def _sentence_lang(text: str, given: str | None, langs: list[str]) -> str:
    has_han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    wanted = normalize_lang(given) if given else ("zh" if has_han else "en")
    exact = [x for x in langs if x == wanted]
    close = [x for x in langs if lang_matches(wanted, x)]
    return (exact or close or [wanted])[0]


def _renderings(concept: Concept, lang: str) -> list[dict[str, Any]]:
    out = []
    for sec in concept.languages:
        if lang_matches(lang, sec.lang) or lang_matches(sec.lang, lang):
            continue
        for t in sec.terms:
            if t.state == "approved" and t.status not in ("deprecated", "superseded"):
                out.append({"lang": sec.lang, "text": t.text, "status": t.status})
    order = {"preferred": 0, None: 1, "admitted": 2}
    out.sort(key=lambda r: order.get(r["status"], 3))
    return out


def cmd_lookup(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        langs = list(store.stats()["languages"])
        lang = _sentence_lang(args.text, args.src, langs)
        matcher = _matcher(store)
        hits = matcher.find(args.text, lang)
        near = matcher.near_misses(args.text, lang, min_score=args.near)
        hit_keys = {h.entry.key for h in hits}
        near = [m for m in near if m.entry.key not in hit_keys]
        cache: dict[int, Concept] = {}

        def concept_of(key) -> Concept:
            if key[0] not in cache:
                cache[key[0]] = store.get(key[0])
            return cache[key[0]]

        result = {
            "text": args.text,
            "lang": lang,
            "hits": [
                {
                    "start": h.start,
                    "end": h.end,
                    "text": h.text,
                    "term": h.entry.text,
                    "lang": h.entry.lang,
                    "concept": concept_of(h.entry.key).id,
                    **_term_facts(concept_of(h.entry.key), h.entry),
                    "renderings": _renderings(concept_of(h.entry.key), h.entry.lang),
                }
                for h in hits
            ],
            "near_misses": [
                {
                    "text": m.text,
                    "term": m.entry.text,
                    "lang": m.entry.lang,
                    "score": round(m.score, 1),
                    "concept": concept_of(m.entry.key).id,
                    "renderings": _renderings(concept_of(m.entry.key), m.entry.lang),
                }
                for m in near
            ],
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for h in result["hits"]:
            tr = "; ".join(f"{r['text']} ({r['lang']})" for r in h["renderings"]) or "-"
            warn = f" [{h['status']}]" if h.get("status") in ("deprecated", "superseded") else ""
            print(f"{h['start']}-{h['end']}\t{h['text']}{warn}\t-> {tr}\t[{h['concept']}]")
        for m in result["near_misses"]:
            tr = "; ".join(f"{r['text']} ({r['lang']})" for r in m["renderings"]) or "-"
            print(f"~{m['score']:.0f}\t{m['text']} ≈ {m['term']}\t-> {tr}\t[{m['concept']}]")
    return 0 if result["hits"] or result["near_misses"] else 1


def _term_facts(concept: Concept, entry) -> dict[str, Any]:
    for t in concept.terms(entry.lang):
        if t.text == entry.text:
            return {"status": t.status, "state": t.state}
    return {}


def cmd_search(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        matcher = _matcher(store)
        found = matcher.search(args.query, limit=args.limit, min_score=args.min_score)
        rows = []
        for m in found:
            concept = store.get(m.entry.key[0])
            rows.append(
                {
                    "term": m.entry.text,
                    "lang": m.entry.lang,
                    "score": round(m.score, 1),
                    "concept": concept.id if concept else None,
                    "renderings": _renderings(concept, m.entry.lang) if concept else [],
                }
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            tr = "; ".join(f"{x['text']} ({x['lang']})" for x in r["renderings"]) or "-"
            print(f"{r['score']:.0f}\t{r['term']} ({r['lang']})\t-> {tr}\t[{r['concept']}]")
    return 0 if rows else 1
