"""Text normalisation shared by the skill canonicaliser and the tokeniser."""

from __future__ import annotations

import re
import unicodedata

# Kept inside a skill because they carry meaning: c++, c#, .net, c/c++, vue.js.
_SKILL_KEEP = frozenset("+#./")
_SPACE_RE = re.compile(r"\s+")

# Words people wrap around a skill on forms and job boards ("熟练使用Excel", "持有电工证者优先").
# Longest first so that "熟练使用" is removed before "熟练".
_SKILL_PREFIXES = tuple(
    sorted(
        (
            "熟练掌握",
            "熟练使用",
            "熟练运用",
            "熟练操作",
            "能熟练",
            "熟悉使用",
            "熟练",
            "熟悉",
            "精通",
            "掌握",
            "具备",
            "具有",
            "持有",
            "拥有",
            "取得",
            "会使用",
            "会操作",
            "能使用",
        ),
        key=len,
        reverse=True,
    )
)
_SKILL_SUFFIXES = tuple(
    sorted(
        ("者优先", "优先考虑", "优先", "经验", "技能", "技术", "操作", "者", "以上"),
        key=len,
        reverse=True,
    )
)
# One-character verbs ("会电焊", "有驾照") are also the first character of real skills (会计), so
# they are only stripped when what remains is a known skill (see skills.py).
_SKILL_SHORT_PREFIXES = ("会", "能", "有", "懂")
# Certificate words: "低压电工作业证书" is "低压电工作业证"; "车工证" is the trade "车工".
_CERT_SUFFIXES = ("资格证书", "资格证", "操作证", "上岗证", "证书", "证")


# The full-width punctuation of ordinary Chinese text with its NFKC form. NFKC maps each of
# them to one ASCII character, so replacing them first and normalising the rest gives exactly
# NFKC; it only saves time (NFKC costs ~10 µs on a 100-character posting, `str.replace` and the
# quick check well under 1 µs).
_COMMON_WIDE = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in "，：；（）！？\u3000％＋")


def nfkc(text: str) -> str:
    """Unicode NFKC, fast for text that is normalised but for common full-width punctuation."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def nfkc_lower(text: str) -> str:
    """Full-width to half-width (ＥＸＣＥＬ → excel, （ → (), case folded."""
    return nfkc(text).casefold()


def normalize_skill(text: str) -> str:
    """The comparison key of a skill: NFKC, case folded, no spaces or punctuation except the
    characters that name a technology (+ # . /)."""
    folded = nfkc_lower(text)
    kept = [
        ch
        for ch in folded
        if ch in _SKILL_KEEP or not unicodedata.category(ch).startswith(("P", "S", "Z", "C"))
    ]
    return "".join(kept).strip("./")


def strip_skill_fillers(key: str, *, short_prefixes: bool = False) -> str:
    """Remove the words around a skill ("熟练使用excel" → "excel", "电工证者优先" → "电工证").

    With `short_prefixes` also one-character verbs ("会电焊" → "电焊"); the caller must only
    accept that result if it is a known skill.
    """
    prefixes = _SKILL_PREFIXES + (_SKILL_SHORT_PREFIXES if short_prefixes else ())
    changed = True
    while changed and key:
        changed = False
        for prefix in prefixes:
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                key = key[len(prefix) :]
                changed = True
                break
        for suffix in _SKILL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
                break
    return key


def strip_certificate_suffix(key: str) -> str:
    """ "车工证" → "车工"; "" if there is no certificate word to strip."""
    for suffix in _CERT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return ""


def normalize_text(text: str) -> str:
    """Normalise free text for tokenising: NFKC, case folded, whitespace collapsed."""
    return _SPACE_RE.sub(" ", nfkc_lower(text)).strip()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# A person's own words that say what they do NOT have or cannot do ("没有焊工证，想考证",
# "不会电脑", "还没考证"): the negated words are not evidence of fit and must never be shown as
# shared keywords. A span runs from the negation to the end of its clause, or to the first word
# that turns back to what the person has, can or wants (但, 也, 会, 能, 想 …): ending early keeps
# a word, never drops an affirmed one. Bare 无 and 未 are not cues (无人机, 无损检测, 未来).
_NEGATED_RE = re.compile(
    r"(?:还没有|没有|还没|尚未|从未|并未|未曾|暂无|不会|不懂|不熟悉|不擅长|没)"
    r".*?"
    r"(?=[，,。．.；;！!？?\n]|但|不过|可是|只是|也|还|会|能|可以|想|希望|愿意|准备|打算|$)"
)


def affirmed(text: str) -> str:
    """`text` without its negated spans (each replaced by a space)."""
    return _NEGATED_RE.sub(" ", text) if text else text
