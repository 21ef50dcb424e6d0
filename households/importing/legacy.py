"""Text typed in the pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI.

Old commune files were typed with .VnTime (TCVN3) or VNI-Times fonts. Opened today, their
cells hold Latin-1 look-alikes: "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for
"Nguyễn Văn An". `detect` tells which encoding a column's text is in, `cell_encoding` which
one a single cell shows on its own, `from_tcvn3` and `from_vni` convert a cell, and
`is_garbled` says a text is neither Vietnamese Unicode nor clean ASCII (never store it).
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks, so the tables below read as "base letter + marks".
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---- TCVN3 (ABC) ------------------------------------------------------------------------
# One byte per letter. Each toned vowel group lists its byte for grave, hook, tilde, acute, dot.
_TCVN3_GROUPS = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "a" + BREVE: (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "a" + CIRCUMFLEX: (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "e" + CIRCUMFLEX: (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "o" + CIRCUMFLEX: (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "o" + HORN: (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "u" + HORN: (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {
    0xA1: "A" + BREVE,
    0xA2: "A" + CIRCUMFLEX,
    0xA3: "E" + CIRCUMFLEX,
    0xA4: "O" + CIRCUMFLEX,
    0xA5: "O" + HORN,
    0xA6: "U" + HORN,
    0xA7: "Đ",
    0xA8: "a" + BREVE,
    0xA9: "a" + CIRCUMFLEX,
    0xAA: "e" + CIRCUMFLEX,
    0xAB: "o" + CIRCUMFLEX,
    0xAC: "o" + HORN,
    0xAD: "u" + HORN,
    0xAE: "đ",
}
TCVN3_TABLE: dict[int, str] = {code: _nfc(letter) for code, letter in _TCVN3_PLAIN.items()}
for _base, _codes in _TCVN3_GROUPS.items():
    for _tone, _code in zip(TONES, _codes, strict=True):
        TCVN3_TABLE[_code] = _nfc(_base + _tone)

# Latin-1 letters that are also ordinary Vietnamese letters (so they prove nothing).
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_TCVN3_MARKERS = frozenset(chr(c) for c in TCVN3_TABLE) - _VIETNAMESE_LATIN1
# "NguyÔn", "nghÌo": a capital Latin-1 vowel inside a lower-case word.
_MID_WORD_CAPITAL = re.compile(r"[a-z][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]")
# Letters only Unicode Vietnamese has (ă, đ, ơ, ư, ĩ, ũ and U+1EA0–U+1EF9).
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)


def from_tcvn3(text: str) -> str:
    """Convert one TCVN3 cell. Words typed in capitals (.VnTimeH) stay in capitals."""
    converted = "".join(TCVN3_TABLE.get(ord(ch), ch) for ch in text)
    if converted == text:
        return text
    return re.sub(r"\w+", _restore_capitals, converted)


def _restore_capitals(match: re.Match) -> str:
    word = match.group()
    cased = [c for c in word if c.isalpha() and c.lower() != c.upper()]
    # .VnTimeH shows lower-case codes as capitals: "HÉ NGHÌO" arrives as "Hé NGHÌO" after conversion
    # only when the rest of the word is upper case.
    ascii_letters = [c for c in cased if c.isascii()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
        return word.upper()
    return word


# ---- VNI --------------------------------------------------------------------------------
# A base letter followed by one modifier character.
_VNI_TONE = {"ø": GRAVE, "û": HOOK, "õ": TILDE, "ù": ACUTE, "ï": DOT}
_VNI_CIRCUMFLEX = {"â": "", "à": GRAVE, "å": HOOK, "ã": TILDE, "á": ACUTE, "ä": DOT}
_VNI_BREVE = {"ê": "", "è": GRAVE, "ú": HOOK, "ü": TILDE, "é": ACUTE, "ë": DOT}
_VNI_SINGLE = {"ô": "o" + HORN, "ö": "u" + HORN, "ñ": "đ", "î": "y" + DOT}
_VNI_I = {"ì": GRAVE, "æ": HOOK, "ó": TILDE, "í": ACUTE, "ò": DOT}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(key: str, value: str) -> None:
        table[key] = _nfc(value)
        table[key.upper()] = _nfc(value).upper()
        if len(key) == 2:  # "Aù": a capital typed before a lower-case modifier
            table.setdefault(key[0].upper() + key[1], _nfc(value).capitalize())

    for base, marks in (("a", ""), ("e", ""), ("o", ""), ("u", ""), ("y", ""), ("ô", HORN), ("ö", HORN)):
        letter = {"ô": "o", "ö": "u"}.get(base, base)
        for modifier, tone in _VNI_TONE.items():
            add(base + modifier, letter + marks + tone)
    for base in ("a", "e", "o"):
        for modifier, tone in _VNI_CIRCUMFLEX.items():
            add(base + modifier, base + CIRCUMFLEX + tone)
    for modifier, tone in _VNI_BREVE.items():
        add("a" + modifier, "a" + BREVE + tone)
    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    for single, tone in _VNI_I.items():
        add(single, "i" + tone)
    return table


VNI_TABLE = _vni_table()
# Pairs first, so "oâ" (ô) wins over "ô" (ơ) alone.
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))
# Sequences that never occur in Vietnamese written in Unicode or TCVN3: "a"/"e" followed by an
# accented Latin-1 vowel ("Nguyeãn", "Vaên"), a VNI tone after o/y/ơ/ư ("Lôïi"), "oâ" (ô),
# and "ñ" (đ) opening a word.
_VNI_SIGNS = re.compile(
    "[aeAE][\u00c0-\u00c5\u00c8-\u00cb\u00d5\u00d8-\u00dc\u00e0-\u00e5\u00e8-\u00eb\u00f5\u00f8-\u00fc]"
    "|[oOyYôÔöÖ][\u00d8\u00d9\u00db\u00cf\u00f8\u00f9\u00fb\u00ef]"
    "|[oO][\u00c2\u00c4\u00c5\u00e2\u00e4\u00e5]"
    "|(?<![A-Za-z])[ñÑ][aeoAEOöÖôÔ]"
)


def from_vni(text: str) -> str:
    """Convert one VNI cell."""
    return _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group()], text)


# ---- detection --------------------------------------------------------------------------
TCVN3 = "tcvn3"
VNI = "vni"


UNICODE = "unicode"


def cell_kind(text: str) -> str | None:
    """UNICODE for a cell holding a letter only Unicode Vietnamese has, TCVN3 or VNI for one
    whose marks prove that encoding, None for anything else (ASCII, ambiguous Latin-1)."""
    if text.isascii():
        return None
    if _UNICODE_VIETNAMESE.search(text) or any(ord(c) > 0xFF for c in text):
        return UNICODE
    if _VNI_SIGNS.search(text):
        return VNI
    # "Ð"/"ð" alone prove nothing: Unicode lists use them for Đ/đ (see `with_d`).
    if any(ch in _TCVN3_MARKERS and ch not in "Ðð" for ch in text) or _MID_WORD_CAPITAL.search(text):
        return TCVN3
    return None


def detect_kinds(kinds: list[str | None]) -> str | None:
    """ "tcvn3", "vni" or None (Unicode) from the `cell_kind`s of one column's text cells."""
    unicode, tcvn3, vni = kinds.count(UNICODE), kinds.count(TCVN3), kinds.count(VNI)
    # Headers are often retyped in Unicode above legacy data, so a quarter is enough.
    if vni >= 2 and vni >= tcvn3 and vni * 4 >= unicode:
        return VNI
    if tcvn3 >= 2 and tcvn3 * 4 >= unicode:
        return TCVN3
    return None


def detect(texts: list[str]) -> str | None:
    """ "tcvn3", "vni" or None (Unicode) for the text cells of one column (or sheet)."""
    return detect_kinds([cell_kind(text) for text in texts])


def cell_encoding(text: str) -> str | None:
    """The legacy encoding one cell shows on its own (its marks prove it), else None.

    A cell holding any Unicode Vietnamese letter, or any character past Latin-1, is Unicode.
    """
    kind = cell_kind(text)
    return kind if kind in (TCVN3, VNI) else None


_ETH_AS_D = str.maketrans("Ðð", "Đđ")


def with_d(text: str) -> str:
    """ "Ðinh" → "Đinh": the Icelandic eth (U+00D0/U+00F0) typed for Đ/đ, as Windows' Vietnamese
    code page and some keyboards write it, is the Vietnamese letter."""
    return text.translate(_ETH_AS_D)


# One pattern (names are checked row by row in 10,000-row files): a Latin-1 sign Vietnamese does
# not use, the replacement character, a capital accented letter inside a word, or VNI's pairs.
_GARBLED = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x80, 0x100) if chr(c) not in _VIETNAMESE_LATIN1)
    + "\ufffd]|"
    + _MID_WORD_CAPITAL.pattern
    + "|"
    + _VNI_SIGNS.pattern
)


def is_garbled(text: str) -> bool:
    """True for text that is not Vietnamese as Unicode writes it: Latin-1 signs Vietnamese does
    not use ("Hoµng ThÞ Mai"), a capital accented letter inside a word ("NguyÔn"), VNI's
    letter-plus-mark pairs ("Nguyeãn"), or the replacement character of a failed decoding."""
    return _GARBLED.search(text) is not None


def convert(text: str, encoding: str) -> str:
    """Convert a cell from `encoding`; cells already in Unicode Vietnamese are left alone."""
    if text.isascii() or _UNICODE_VIETNAMESE.search(text) or any(ord(c) > 0xFF for c in text):
        return text
    return from_tcvn3(text) if encoding == TCVN3 else from_vni(text)
