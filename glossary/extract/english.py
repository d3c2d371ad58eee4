"""English term candidates: noun-headed n-grams that cross no punctuation.

A candidate is 1-5 tokens inside one chunk of text (chunks end at punctuation and at markup
separators), whose last token can be a noun and whose first and last tokens are not function
words; ``of``, ``the``, ``and`` and ``&`` may stand inside ("layout of the state-owned
sector"). The part of speech comes from lemminflect's lexicon (no model); a word it does not
know (``SOEs``, ``asyncio``, ``hashable``) counts as a noun.

Variants share one key: lower case, hyphens as spaces, the head as its noun lemma, so
"central SOE"/"central SOEs", "Restructuring"/"restructurings" and "state-owned"/"state owned"
count together.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import lemminflect

MAX_TOKENS = 5

STOPWORDS = frozenset(
    """a about above across after again against all almost along already also although always
    am among an and another any anyone anything are around as at be because been before being
    below between both but by can cannot could did do does doing done down during each either
    else enough etc even ever every everything few for from further had has have having he her
    here hers him his how however i if in into is it its itself just least less let like many
    may me might more most much must my neither no nor not now of off often on once one only
    onto or other others otherwise our ours out over own per perhaps please quite rather same
    several shall she should since so some something such than that the their theirs them
    themselves then there therefore these they this those though through thus to too toward
    towards under unless until up upon us very via was we well were what whatever when whenever
    where whether which while who whom whose why will with within without would yet you your
    yours e.g i.e. eg ie vs first second third last next various certain particular
    following usually generally simply directly actually instead now also thank thanks yes
    ok okay whereas cf non""".split()
)  # fmt: skip
# May stand inside a candidate, never at its edges.
INNER = frozenset({"of", "the", "and", "&"})

_CHUNK = re.compile(r"[^\s\w'’&-]+|\s-+\s|_|\u2016")
_TOKEN = re.compile(r"[^\W_][\w'’-]*[^\W_]|[^\W_]|&")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z]s?")  # API, APIs, CPUs, GIL, UTF8X
NUMBERS = frozenset("two three four five six seven eight nine ten".split())
# Subjects: a verb form after one of these is a finite verb ("we held", "it created").
SUBJECTS = frozenset("we they it he she i you which who that this these those".split())


@dataclass(frozen=True)
class Occurrence:
    key: str
    start: int  # character span in the cleaned text
    end: int
    n: int  # tokens, not counting inner function words


@functools.lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[bool, bool, bool, str, str, str]:
    """(stop, may be first, may be head, normal form, head lemma, verb form) of a token.

    The verb form is "ing" or "ed" for a word the lexicon knows only as a verb.
    """
    if word in STOPWORDS or word in INNER:
        return True, False, False, word, word, ""
    norm = word.replace("’", "'").replace("-", " ")
    if not any(c.isalpha() for c in word):
        return (
            False,
            False,
            False,
            norm,
            norm,
            "",
        )  # a number may sit inside, as in "in 2023 budget"
    if word.endswith(("'s", "’s")):
        return False, True, False, norm, norm, ""
    if _ORDINAL.fullmatch(word) or word in NUMBERS:  # "14th Five-Year Plan": opens a name
        return False, True, False, norm, norm, ""
    last = word.rsplit("-", 1)[-1]
    if last in STOPWORDS:  # built-in, set-up: a modifier, not a head
        return False, "-" in word, False, norm, norm, ""
    readings = lemminflect.getAllLemmas(last)
    if readings and set(readings) == {"VERB"}:
        if last.endswith("ing"):  # a gerund or participle: "equipment manufacturing"
            return False, True, False, norm, norm, "ing"
        lemmas = readings["VERB"]
        if last.endswith("ed") or last not in lemmas and not last.endswith("s"):
            return False, True, False, norm, norm, "ed"  # a participle: "named tuple"
        # A finite or base verb ("deepen", "returns") ends a candidate unless hyphenated.
        return "-" not in word, "-" in word, False, norm, norm, ""
    if readings:
        head = "NOUN" in readings or "PROPN" in readings
        first = "-" in word or set(readings) != {"ADV"}  # "fully", "directly"
    else:
        head, first = any(c.isalpha() for c in last), True
    lemma = norm
    if head:
        lemmas = readings.get("NOUN") if readings else None
        if not lemmas and last.isalpha():
            lemmas = lemminflect.getAllLemmasOOV(last, "NOUN").get("NOUN")
        if lemmas:
            lemma = norm[: len(norm) - len(last)] + lemmas[0]
    return False, first, head, norm, lemma, ""


def _token_info(surface: str) -> tuple[bool, bool, bool, str, str, str]:
    """_word_info of a token as written: an acronym is a noun of its own, its plural is its
    lemma ("APIs" -> api, "CPUs" -> cpu), and the lexicon's guesses for unknown words do not
    apply to it ("API" is no Latin plural of "apus")."""
    lower = surface.lower()
    if _ACRONYM.fullmatch(surface) and lower not in STOPWORDS:
        lemma = lower[:-1] if surface.endswith("s") else lower
        return False, True, True, lower, lemma, ""
    return _word_info(lower)


def chunks(text: str) -> list[tuple[int, int]]:
    """Spans of *text* between punctuation marks."""
    spans, last = [], 0
    for m in _CHUNK.finditer(text):
        if m.start() > last:
            spans.append((last, m.start()))
        last = m.end()
    if last < len(text):
        spans.append((last, len(text)))
    return spans


def candidates(text: str, max_tokens: int = MAX_TOKENS) -> list[Occurrence]:
    """Every candidate occurrence in one cleaned segment, in text order."""
    found: list[Occurrence] = []
    for cstart, cend in chunks(text):
        toks = [m.span() for m in _TOKEN.finditer(text, cstart, cend)]
        if not toks:
            continue
        infos = [_token_info(text[a:b]) for a, b in toks]
        # Inside a run of capitalised words (a name) only the whole run is a candidate.
        caps = [text[a].isupper() and k > 0 for k, (a, _) in enumerate(toks)]
        for k in range(1, len(toks) - 1):  # "Water & Electric Corp"
            if text[toks[k][0]] == "&" and caps[k - 1] and text[toks[k + 1][0]].isupper():
                caps[k] = True
        if cstart == 0 or text[:cstart].rstrip().endswith((".", "?", "!", ":")):
            # A capital at the start of a sentence says nothing, unless a name goes on:
            # "China Electronics Technology Group Corp completed ...".
            # An acronym after it ("Central SOEs") does not make a name.
            second = text[toks[1][0] : toks[1][1]] if len(toks) > 1 else ""
            caps[0] = caps[1] and second[1:2].islower() and not infos[0][0] if second else False
        else:
            caps[0] = text[toks[0][0]].isupper()
        for i, info in enumerate(infos):
            if not info[1] or (i and caps[i] and caps[i - 1]):
                continue
            if info[3] in NUMBERS and not caps[i]:
                continue  # "two centralized signing ceremonies"; "China Three Gorges Corp" is a name
            if i and _finite_verb(
                infos[i - 1], caps[i - 1], info, text[toks[i][0] : toks[i][1]].lower()
            ):
                continue  # "Corp completed restructuring", "we held ... ceremonies"
            parts: list[str] = []
            inner = 0
            links = 0
            # A gerund opens only a short candidate ("programming language", not
            # "promoting strategic restructuring").
            limit = 2 if info[5] == "ing" else max_tokens
            for j in range(i, len(toks)):
                info = infos[j]
                if j > i and not info[0] and not info[1] and not info[2]:
                    break  # a verb
                if info[5] and parts and parts[-1] == "and":
                    break  # "chains and created advantages": verbs coordinated, not nouns
                if j > i and _finite_verb(
                    infos[j - 1], caps[j - 1], info, text[toks[j][0] : toks[j][1]].lower()
                ):
                    break
                if info[0] and info[3] in INNER:
                    # One link word at most ("layout of the sector", "backbone and ballast");
                    # "the" only right after "of".
                    if info[3] == "the":
                        if not parts or parts[-1] != "of":
                            break
                    else:
                        links += 1
                        if links > 1:
                            break
                # A gerund heads a candidate after a noun or adjective: "equipment manufacturing".
                gerund = info[5] == "ing" and j > i and not infos[j - 1][0] and not infos[j - 1][5]
                name_goes_on = j + 1 < len(toks) and caps[j] and caps[j + 1]
                # A coordination ends where its noun phrase ends: not "capital and central"
                # before "SOEs".
                if links and j + 1 < len(toks) and infos[j + 1][2] and "and" in parts:
                    name_goes_on = True
                # A gerund opening a phrase that goes on is a verb and its object: not
                # "making innovation" of "making innovation breakthroughs".
                cut = (
                    limit == 2
                    and j + 1 < len(toks)
                    and (infos[j + 1][2] or infos[j + 1][3] in INNER)
                )
                if (info[2] or gerund) and not name_goes_on and not cut:
                    key = " ".join(parts + [info[4]]) if parts else info[4]
                    found.append(Occurrence(key, toks[i][0], toks[j][1], j - i + 1 - inner))
                if info[0]:
                    if info[3] not in INNER:
                        break
                    inner += 1
                parts.append(info[3])
                if j - i + 1 - inner >= limit:
                    break
    return found


def _finite_verb(before: tuple, name: bool, info: tuple, word: str) -> bool:
    """Whether *word* is a verb in the past after its subject or after "and": a name or a
    pronoun before a past form ("Corp completed ...", "we held ...", "and created ...").

    An attributive participle follows a determiner, a preposition or an adjective ("the named
    tuple", "with integrated development"), or a common noun it makes a compound modifier with
    ("state owned sector", "user defined function").
    """
    if "-" in word:
        return False
    if info[5] == "ed" and before[3] == "and":
        return True
    if not ((before[2] and name) or before[3] in SUBJECTS):
        return False
    return info[5] == "ed" or (word.endswith("ed") and "VERB" in lemminflect.getAllLemmas(word))


def is_entity(surface: str) -> bool:
    """A name of an organisation, product or place: capitalised content words, two or more."""
    words = [w for w in re.split(r"[\s-]+", surface) if w]
    content = [w for w in words if w.lower() not in INNER]
    if len(content) < 2:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in content)
