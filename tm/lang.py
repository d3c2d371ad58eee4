"""BCP 47 language tags: accept what real files contain, store one canonical form."""

from __future__ import annotations

import re

from tm.errors import UsageError

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


def normalize_lang(tag: str) -> str:
    """Return the canonical BCP 47 form of *tag*: ``zh_CN``, ``ZH-cn`` -> ``zh-CN``.

    Language subtags are lower case, four-letter script subtags title case
    (``zh-hans`` -> ``zh-Hans``), two-letter or three-digit regions upper case.
    """
    text = tag.strip().replace("_", "-")
    # POSIX locales carry an encoding or modifier: zh_CN.UTF-8, sr_RS@latin.
    text = text.split(".", 1)[0].split("@", 1)[0]
    parts = text.split("-")
    if not text or not all(_SUBTAG.match(p) for p in parts):
        raise UsageError(f"not a language tag: {tag!r} (expected BCP 47, e.g. en or zh-CN)")
    out = [parts[0].lower()]
    in_extension = False
    for part in parts[1:]:
        if in_extension or len(part) == 1:
            in_extension = True  # extension and private-use subtags stay lower case
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary(tag: str) -> str:
    """The primary language subtag: ``zh-CN`` -> ``zh``."""
    return tag.split("-", 1)[0].lower()


def lang_matches(wanted: str, actual: str) -> bool:
    """True when *actual* serves a request for *wanted*.

    ``zh`` accepts ``zh-CN`` (a request for the language takes any region); ``zh-CN``
    accepts ``zh-CN`` only, and also a bare ``zh`` since many files omit the region.
    """
    wanted, actual = wanted.lower(), actual.lower()
    if wanted == actual:
        return True
    if "-" not in wanted:
        return actual.split("-", 1)[0] == wanted
    return "-" not in actual and wanted.split("-", 1)[0] == actual


def is_cjk_lang(tag: str) -> bool:
    return primary(tag) in ("zh", "ja", "ko", "yue", "wuu", "lzh")
