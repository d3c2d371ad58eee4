"""English surface variants of a term: inflection, acronyms, hyphen/space joints.

The matcher never lemmatises the text it scans; instead each term is expanded once, at build
time, into every surface form it may take, and those forms go into the multi-pattern
automaton. That keeps scanning a 63k-segment corpus a pure string search.

The rule, kept deliberately narrow so that a term does not match words it is not:

* **The head** (last word) takes its noun number forms in both directions: ``SOE``/``SOEs``,
  ``analysis``/``analyses``, ``restructurings`` -> ``restructuring``. It takes verb forms
  (``integrate`` -> ``integrates/integrated/integrating``) only when the word is a verb's
  base form and has no noun reading, so ``building`` never matches ``build`` and ``process``
  does not match ``processing``.
* **The leading word** of a multi-word term takes verb forms when the term is a phrasal verb
  (second word a particle: ``shore up`` -> ``shored up``, ``shoring up``) or when the word is
  known only as a verb (``deepen reform`` -> ``deepening reform``). The particle of a phrasal
  verb is never inflected.
* Other words are left as written.
* **Acronyms** (two or more letters, all upper case: ``SOE``, ``SASAC``) match only in
  capitals; their plural adds a lower-case ``s``. Each variant carries the positions that must
  be upper case in the text.
* **Joints**: a space joint is matched as one space (the text's hyphens between word
  characters are folded to spaces too, so ``state owned`` matches ``state-owned``); a hyphen
  joint matches a space or nothing (``e-mail`` matches ``e mail``, ``e-mail``, ``email``).

The lexicon is lemminflect's (dictionary forms of English, with irregular plurals such as
``indices``, ``children``, ``criteria``) plus its suffix rules for unknown words.
"""

from __future__ import annotations

import functools
import itertools
import re

import lemminflect

# A variant is the lower-case surface form plus the offsets that must be upper case.
Variant = tuple[str, tuple[int, ...]]

PARTICLES = frozenset(
    {"up", "down", "out", "off", "in", "on", "over", "back", "away", "through", "forward",
     "together", "apart", "around", "about", "along", "aside"}
)  # fmt: skip

# Joints between words: runs of spaces, or a hyphen between two word characters.
_JOINT = re.compile(r"(\s+|(?<=[^\W_])-(?=[^\W_]))")
_ACRONYM = re.compile(r"^([A-Z]{2,})(s?)$")
# Cap the cross product of a long term full of hyphens and inflectable words.
_MAX_VARIANTS = 64


@functools.lru_cache(maxsize=100_000)
def _readings(word: str) -> dict[str, tuple[str, ...]]:
    # Cached: a termbase repeats its words, and each term asks several times (read-only).
    return lemminflect.getAllLemmas(word)


def noun_forms(word: str) -> set[str]:
    """Singular and plural forms of *word* (lower case) taken as a noun."""
    lemmas = _readings(word).get("NOUN")
    if lemmas is None:
        # Not in the lexicon as a noun: fall back on suffix rules (namespaces -> namespace).
        if _readings(word):
            return {word}  # a known verb/adjective/adverb: leave it alone
        lemmas = lemminflect.getAllLemmasOOV(word, "NOUN").get("NOUN", (word,))
    forms = {word}
    for lemma in lemmas:
        forms.add(lemma)
        inflections = lemminflect.getAllInflections(lemma, "NOUN") or (
            lemminflect.getAllInflectionsOOV(lemma, "NOUN")
        )
        for tagged in inflections.values():
            forms.update(tagged)
    return forms


def verb_forms(word: str) -> set[str]:
    """Every inflection of each verb lemma of *word*; ``{word}`` when it is no verb."""
    forms = {word}
    for lemma in _readings(word).get("VERB", ()):
        forms.add(lemma)
        for tagged in lemminflect.getAllInflections(lemma, "VERB").values():
            forms.update(tagged)
    return forms


def _is_verb_only(word: str) -> bool:
    readings = _readings(word)
    return "VERB" in readings and "NOUN" not in readings and "ADJ" not in readings


def head_forms(word: str) -> set[str]:
    """Forms of the last word of a term (lower case)."""
    if not word.isalpha():
        return {word}
    readings = _readings(word)
    if "VERB" in readings and "NOUN" not in readings:
        if word in readings["VERB"] and "ADJ" not in readings:
            return verb_forms(word)
        return {word}  # integrated, owned: participles used as adjectives stay as written
    return noun_forms(word)


def leading_forms(word: str, next_word: str) -> set[str]:
    """Forms of the first word of a multi-word term: verb forms for verb phrases only."""
    if not word.isalpha():
        return {word}
    if next_word in PARTICLES or _is_verb_only(word):
        return verb_forms(word)
    return {word}


def _acronym_forms(token: str) -> list[Variant] | None:
    m = _ACRONYM.match(token)
    if m is None:
        return None
    base = m.group(1).lower()
    mask = tuple(range(len(base)))
    return [(base, mask), (base + "s", mask)]


def surface_variants(term: str, inflect: bool = True) -> list[Variant]:
    """All lower-case surface forms of *term* with their upper-case masks.

    *inflect* False keeps the joint and acronym rules only (for languages other than English).
    """
    pieces = _JOINT.split(term.strip())
    tokens, joints = pieces[0::2], pieces[1::2]
    words = [t.lower() for t in tokens]
    choices: list[list[Variant]] = []
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        acronym = _acronym_forms(token)
        if acronym is not None:
            # An acronym keeps its case wherever it stands; inflect it only as the head.
            choices.append(acronym if i == len(tokens) - 1 else acronym[:1])
            continue
        if not inflect:
            forms = {word}
        elif i == len(tokens) - 1 and not (i == 1 and words[1] in PARTICLES):
            forms = head_forms(word)
        elif i == 0 and len(tokens) > 1:
            forms = leading_forms(word, words[1])
        else:
            forms = {word}
        choices.append([(form, ()) for form in sorted(forms)])
    joint_choices = [[" "] if joint.strip() == "" else [" ", ""] for joint in joints]

    variants: dict[str, tuple[int, ...]] = {}
    for combo in itertools.product(*choices):
        for glue in itertools.product(*joint_choices):
            text, mask, offset = "", [], 0
            for k, (form, form_mask) in enumerate(combo):
                mask.extend(offset + m for m in form_mask)
                text += form
                offset += len(form)
                if k < len(glue):
                    text += glue[k]
                    offset += len(glue[k])
            variants.setdefault(text, tuple(mask))
            if len(variants) >= _MAX_VARIANTS:
                return list(variants.items())
    return list(variants.items())
