"""Markup cleaning before counting, keeping what marks a term as a hint.

Segments from documentation carry reStructuredText roles and literals, links, HTML tags and
printf/format placeholders. Code-like pieces (``literal``, :func:`print`, ``%s``) become a
separator, so no candidate spans them; prose-like pieces keep their text (a link's label,
``:ref:`Sorting <sorting>``'s title). What tells a reader "this is a term" is kept as a
:class:`Hint` with its span in the cleaned text:

* ``quote``: a phrase in quotation marks (“国家队”, "national team");
* ``role``: a ``:term:`` or ``:dfn:`` role (the Python docs' own term markers);
* ``emphasis``: ``*text*`` or ``**text**`` (a weak hint);
* ``paren``: a parenthetical in the other script right after a phrase, as in
  ``描述器 (descriptor)`` or ``ballast (压舱石)``; ``other`` holds the bracketed text and the
  span ends where the phrase before the bracket ends.

A document's title names what it is about: the candidates in it get a ``title`` hint
(``is_title`` tells a title from a first sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What replaces code and placeholders: a character no candidate may contain.
SEP = "\u2016"

_ROLE = r"(?P<role>(?::[\w.+-]+)+):`(?P<rtext>[^`]*)`"
_LITERAL = r"``(?P<lit>.+?)``"
_LINK = r"`(?P<link>[^`<]*?)\s*<[^`>]*>`__?"
_REF = r"`(?P<ref>[^`]+)`(?P<under>__?)?"
_STRONG = r"\*\*(?P<strong>[^*\n]+?)\*\*"
_EMPH = r"(?<![\w*\\])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
_TAG = r"(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)"
_PLACEHOLDER = r"(?P<ph>%\([\w.-]+\)[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGcoa%]|%[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGco]|\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}|\$\{?\w+\}?)"
_MARKUP = re.compile("|".join((_ROLE, _LITERAL, _LINK, _REF, _STRONG, _EMPH, _TAG, _PLACEHOLDER)))
# Roles whose text is prose a translator renders; every other role names code.
_TERM_ROLES = {"term", "dfn"}
_PROSE_ROLES = {"ref", "doc", "abbr", "title", "menuselection", "guilabel", "numref"}
_ROLE_TARGET = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.S)

_QUOTE = re.compile(
    r'“(?P<a>[^“”\n]{1,40})”|"(?P<b>[^"\n]{1,60})"|「(?P<c>[^「」\n]{1,40})」|『(?P<d>[^『』\n]{1,40})』'
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# 中文（English） / 中文 (English): Latin words in brackets right after Han text.
_PAREN_LATIN = re.compile(
    rf"(?<=[{_HAN}])\s?[（(](?P<other>[A-Za-z][A-Za-z0-9 '&.-]{{0,60}}[A-Za-z.])[）)]"
)
# English (中文): Han text in brackets right after a Latin word.
_PAREN_HAN = re.compile(rf"(?<=[A-Za-z])\s?[（(](?P<other>[{_HAN}·“”]{{1,20}})[）)]")


# A title is one short line that does not end as a sentence does.
_SENTENCE_END = re.compile(r"[.!?;:。！？；：…]\s*$|[.!?]\s+\S|[。！？]\s*\S")
TITLE_MAX = 200  # characters


def is_title(text: str) -> bool:
    """Whether the first segment of a document reads as its title (no sentence ending)."""
    text = text.strip()
    return (
        0 < len(text) <= TITLE_MAX
        and "\n" not in text
        and _SENTENCE_END.search(text) is None
        and any(c.isalpha() for c in text)
    )


@dataclass(frozen=True)
class Hint:
    kind: str  # quote | role | emphasis | paren
    start: int  # span in the cleaned text
    end: int
    other: str | None = None  # for paren: the bracketed text in the other language


@dataclass
class Cleaned:
    text: str
    hints: list[Hint] = field(default_factory=list)


def clean(text: str) -> Cleaned:
    """Strip markup from one segment; return the text to count and the hints it carried."""
    out: list[str] = []
    hints: list[Hint] = []
    length = 0
    last = 0
    for m in _MARKUP.finditer(text):
        out.append(text[last : m.start()])
        length += m.start() - last
        last = m.end()
        kept, kind = _replacement(m)
        if kept is None:
            out.append(f" {SEP} ")
            length += 3
            continue
        if kind:
            hints.append(Hint(kind, length, length + len(kept)))
        out.append(kept)
        length += len(kept)
    out.append(text[last:])
    cleaned = "".join(out)
    hints.extend(_quote_hints(cleaned))
    hints.extend(_paren_hints(cleaned))
    return Cleaned(cleaned, hints)


def _replacement(m: re.Match[str]) -> tuple[str | None, str | None]:
    """The text a markup match leaves behind (None: a separator) and the hint it gives."""
    if m.group("role") is not None:
        name = m.group("role").strip(":").split(":")[-1]
        rtext = m.group("rtext")
        target = _ROLE_TARGET.match(rtext)
        shown = target.group("text") if target else rtext
        if name in _TERM_ROLES:
            return shown, "role"
        if name in _PROSE_ROLES and target:
            return shown, None
        return None, None
    if m.group("lit") is not None or m.group("tag") is not None or m.group("ph") is not None:
        return (None, None) if m.group("tag") is None else ("", None)
    if m.group("link") is not None:
        return m.group("link"), None
    if m.group("ref") is not None:
        # `text`_ is a link; a bare `text` is the default role, which Python's docs use for code.
        return (m.group("ref"), None) if m.group("under") else (None, None)
    if m.group("strong") is not None:
        return m.group("strong"), "emphasis"
    if m.group("em") is not None:
        em = m.group("em")
        # *object_or_type*: the docs emphasise parameter names, which are code.
        if "_" in em or "(" in em or "=" in em:
            return None, None
        return em, "emphasis"
    return None, None  # pragma: no cover - every alternative is handled above


def _quote_hints(text: str) -> list[Hint]:
    hints = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in ("a", "b", "c", "d") if m.group(g) is not None)
        start, end = m.span(group)
        inner = m.group(group)
        if inner.strip() and len(inner.split()) <= 6:
            hints.append(Hint("quote", start, end))
    return hints


def _paren_hints(text: str) -> list[Hint]:
    hints = []
    for rx in (_PAREN_LATIN, _PAREN_HAN):
        for m in rx.finditer(text):
            hints.append(Hint("paren", m.start(), m.start(), m.group("other").strip()))
    return hints
