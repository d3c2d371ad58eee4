"""Input for extraction: files of any supported format as a list of segments.

* ``.po``/``.pot``: translated entries (msgid source, msgstr target);
* ``.tmx``: units holding both languages;
* ``.tsv``/``.tab``: ``source TAB target`` lines (a language header line is optional);
* plain text (``.txt`` or anything else): UTF-8, UTF-16 with a BOM or GB18030. Two plain
  texts, one per language, are aligned sentence by sentence (``tm.align``); a single one, or
  several in one language, is monolingual input split into sentences.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from glossary.extract.model import Segment
from tm.errors import InputError, UsageError
from tm.lang import is_cjk_lang, lang_matches, normalize_lang
from tm.unit import TranslationUnit

_PO = {".po", ".pot"}
_TMX = {".tmx"}
_TSV = {".tsv", ".tab"}
_XLIFF = {".xlf", ".xliff", ".sdlxliff", ".xlz"}  # .xlz: zipped XLIFF (Okapi)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, with directories replaced by the supported files under them (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in _PO | _TMX | _TSV | _XLIFF
                )
            )
        else:
            out.append(p)
    return out


def load(
    paths: Sequence[str | os.PathLike[str]], src_lang: str, tgt_lang: str | None = None
) -> list[Segment]:
    """Read *paths* as segments; plain texts pair up by language when both languages are given."""
    src = normalize_lang(src_lang)
    tgt = normalize_lang(tgt_lang) if tgt_lang else None
    segments: list[Segment] = []
    texts: list[tuple[Path, str]] = []
    for path in expand(paths):
        suffix = path.suffix.lower()
        name = str(path)
        if suffix in _PO:
            from tm.pofile import read_po

            segments.extend(
                _from_units(read_po(path, name, src_lang=src, tgt_lang=tgt), src, tgt, name)
            )
        elif suffix in _TMX:
            from tm.tmx import read_tmx

            with open(_readable(path), "rb") as fh:
                _, units = read_tmx(fh, name)
                segments.extend(_from_units(units, src, tgt, name))
        elif suffix in _TSV:
            from tm.tsvfile import read_tsv

            with open(_readable(path), "rb") as fh:
                units = read_tsv(fh, name, src_lang=src, tgt_lang=tgt or _other(src))
                segments.extend(_from_units(units, src, tgt, name))
        elif suffix in _XLIFF:
            segments.extend(_from_xliff(path, src, tgt))
        else:
            texts.append((path, _read_text(path)))
    if texts:
        segments.extend(_from_texts(texts, src, tgt))
    return segments


def from_memory(store, src_lang: str, tgt_lang: str | None = None) -> list[Segment]:
    """The translation units of a memory store holding both languages, as aligned segments.

    *store* is a ``tm.store`` store (anything with ``iter_units(langs)``). Units are asked
    for by exact language first; when none match (``zh`` asked, ``zh-CN`` stored), every
    unit is read and its variants matched by language.
    """
    src = normalize_lang(src_lang)
    tgt = normalize_lang(tgt_lang) if tgt_lang else None
    langs = [src, tgt] if tgt else [src]
    out: list[Segment] = []
    for units in (store.iter_units(langs), store.iter_units()):
        for unit in units:
            s = unit.variant(src)
            t = unit.variant(tgt) if tgt else None
            if s is None or not s.text.strip() or (tgt and (t is None or not t.text.strip())):
                continue
            origin = unit.origin or f"memory#{unit.id}"
            out.append(Segment(s.text, t.text if t is not None else None, origin, unit.origin_file))
        if out:
            break
    return out


def _readable(path: Path) -> Path:
    if not path.is_file():
        raise InputError("no such file", str(path))
    return path


def _other(src: str) -> str:
    return "en" if is_cjk_lang(src) else "zh-CN"


def _from_units(
    units: Iterable[TranslationUnit], src: str, tgt: str | None, name: str
) -> list[Segment]:
    out = []
    for unit in units:
        s = unit.variant(src)
        if s is None or not s.text.strip():
            continue
        t = unit.variant(tgt) if tgt else None
        out.append(Segment(s.text, t.text if t is not None else None, unit.origin or name, name))
    return out


def _from_xliff(path: Path, src: str, tgt: str | None) -> list[Segment]:
    from tm.xliff import read_xliff, read_xlz

    read = read_xlz if path.suffix.lower() == ".xlz" else read_xliff
    with open(_readable(path), "rb") as fh:
        return _from_units(read(fh, str(path)), src, tgt, str(path))


def _read_text(path: Path) -> str:
    from tm.textfile import read_text

    return read_text(path, str(path))


def _language_of(text: str) -> str:
    """ "zh" when Han characters outnumber Latin letters, else "latin"."""
    han = sum(1 for c in text[:20000] if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    latin = sum(1 for c in text[:20000] if c.isascii() and c.isalpha())
    return "zh" if han > latin / 3 else "latin"


def _from_texts(texts: list[tuple[Path, str]], src: str, tgt: str | None) -> list[Segment]:
    """Pair plain texts by language and align them; monolingual texts become sentences."""
    by_lang: dict[str, list[tuple[Path, str]]] = {"src": [], "tgt": []}
    for path, text in texts:
        script = _language_of(text)
        is_src = (script == "zh") == is_cjk_lang(src)
        is_tgt = tgt is not None and (script == "zh") == is_cjk_lang(tgt)
        by_lang["src" if is_src or not is_tgt else "tgt"].append((path, text))
    srcs, tgts = by_lang["src"], by_lang["tgt"]
    if tgts and len(srcs) != len(tgts):
        raise UsageError(
            f"plain texts pair up one per language: {len(srcs)} {src} text(s), "
            f"{len(tgts)} {tgt} text(s)"
        )
    out: list[Segment] = []
    if tgts:
        from tm.align import align_documents

        assert tgt is not None
        for (s_path, s_text), (t_path, t_text) in zip(srcs, tgts, strict=True):
            name = f"{s_path}+{t_path.name}"
            for n, bead in enumerate(align_documents(s_text, t_text, src, tgt), 1):
                if bead.source.strip() and bead.target.strip():
                    out.append(Segment(bead.source, bead.target, f"{name}#{n}", name))
        return out
    from tm.segment import split_sentences

    for path, text in srcs:
        for n, sentence in enumerate(split_sentences(text, src), 1):
            if sentence.strip():
                out.append(Segment(sentence, None, f"{path}#{n}", str(path)))
    return out


def languages_match(a: str, b: str) -> bool:
    return lang_matches(a, b) or lang_matches(b, a)
