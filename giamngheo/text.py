"""Vietnamese text helpers: NFC normalisation and the accent-insensitive search key."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(value: str | None) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def search_key(*values: str | None) -> str:
    """Lower-case, diacritics stripped, đ→d: "Nguyễn Thị Hương" → "nguyen thi huong".

    Stored beside names so search behaves the same on SQLite and PostgreSQL.
    """
    text = " ".join(clean(v) for v in values if v)
    text = text.replace("Đ", "d").replace("đ", "d").lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip()


# Generic nouns that open a place's name ("Xã Phú Vinh", "Thôn Hà Thượng"). Longest first, so
# "Tổ dân phố 3" is not read as "Tổ …".
GENERIC_PLACE_NOUNS = ("Tổ dân phố", "Thị trấn", "Đặc khu", "Phường", "Thôn", "Bản", "Xóm", "Ấp", "Xã", "Tổ")


def split_place(name: str) -> tuple[str, str]:
    """("Thôn", "Hà Thượng") for "Thôn Hà Thượng"; ("", name) when no generic noun opens it."""
    name = clean(name)
    for noun in GENERIC_PLACE_NOUNS:
        if name[: len(noun)].lower() == noun.lower() and name[len(noun) : len(noun) + 1] == " ":
            return noun, name[len(noun) + 1 :]
    return "", name


def place_in_text(name: str) -> str:
    """A place's name inside running text, generic noun in lower case (Decree 30 usage):
    "Xã Phú Vinh" → "xã Phú Vinh", "Thôn Hà Thượng" → "thôn Hà Thượng"."""
    noun, proper = split_place(name)
    return f"{noun.lower()} {proper}" if noun else proper


def proper_place(name: str) -> str:
    """The proper name without its generic noun, for the place-and-date line: "Phú Vinh".
    A unit named by a number keeps its noun ("Phường 1"), as the decree's usage does."""
    noun, proper = split_place(name)
    if noun and proper[:1].isdigit():
        return f"{noun} {proper}"
    return proper


def full_place(noun: str, name: str) -> str:
    """The name with its generic noun once: ("Thôn", "Thôn Hà Thượng") and ("Thôn", "Hà Thượng")
    both give "Thôn Hà Thượng" (names are stored either way)."""
    has_noun, _ = split_place(name)
    return clean(name) if has_noun else f"{noun} {clean(name)}".strip()
