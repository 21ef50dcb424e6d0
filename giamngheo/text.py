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
