"""Real names of people: 汉字, the middle dot of transcribed names (阿卜杜拉·买买提), Latin
letters of foreign names, and the letters of Uyghur, Tibetan and Mongolian script.

One check for every field that holds a person's name (registration, the colleague form, the
walk-in form at the counter, an organisation's contact, 实名登记), so that a tag, a digit or an
emoji never reaches a page, a printed list or an export as somebody's name.
"""

from __future__ import annotations

import unicodedata

from jobhub.security.idcard import InvalidIdentifier

MIN_LENGTH, MAX_LENGTH = 2, 40

# (first, last) code points of the scripts whose letters a name may use.
_SCRIPTS = (
    (0x0041, 0x005A),  # Latin A-Z
    (0x0061, 0x007A),  # Latin a-z
    (0x00C0, 0x024F),  # Latin-1 letters, Latin Extended-A/B (é, ü, ł, ő ...)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese ...)
    (0x0600, 0x06FF),  # Arabic script: Uyghur (ئۇيغۇر)
    (0x0750, 0x077F),
    (0xFB50, 0xFDFF),  # Arabic presentation forms
    (0xFE70, 0xFEFF),
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1800, 0x18AF),  # Mongolian (traditional script)
    (0x3400, 0x4DBF),  # CJK ideographs, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G (rare surname characters)
)
# Separators inside a name: middle dots (·, •, ・, ‧), the Tibetan tsheg, the Mongolian
# free variation selectors, a space, a hyphen and an apostrophe (Jean-Pierre, O'Neil).
_SEPARATORS = set("\u00b7\u2022\u30fb\u2027\u0f0b\u0f0c\u180b\u180c\u180d\u180e -'")


def _in_script(char: str) -> bool:
    point = ord(char)
    return any(first <= point <= last for first, last in _SCRIPTS)


def _allowed(char: str) -> bool:
    if char in _SEPARATORS:
        return True
    # letters and their combining marks only: digits of any script (٣, ༣, ᠓) are numbers
    return _in_script(char) and unicodedata.category(char)[0] in "LM"


def check_person_name(raw: object, label: str = "姓名") -> str:
    """Return the name stripped and in NFC, or raise ``InvalidIdentifier`` with a Chinese
    message naming ``label``."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidIdentifier(f"请填写{label}")
    name = unicodedata.normalize("NFC", raw.strip())
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise InvalidIdentifier(f"{label}应为 {MIN_LENGTH} 到 {MAX_LENGTH} 个字")
    if not all(_allowed(c) for c in name) or "  " in name:
        raise InvalidIdentifier(f"{label}只能包含汉字、字母和间隔号“·”，不能有数字、符号或表情")
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise InvalidIdentifier(f"{label}应包含汉字或字母")
    return name
