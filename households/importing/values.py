"""Cell values as real files hold them, turned into what the registry stores.

Each parser takes the raw cell (str, float, int, bool, date, datetime…) and returns the value,
or raises `Invalid` with a Vietnamese message. A parser may add a warning to `notes`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo.text import clean, search_key
from households.importing import legacy
from households.models import Category, Household, Member

_TIDY = re.compile(r"\S+(?: \S+)*")


class Invalid(ValueError):
    """A cell value the registry cannot hold (a blocking problem)."""


def text(raw: object) -> str:
    """Any cell as trimmed NFC text; whole numbers without ".0", dates as dd/mm/yyyy."""
    if raw is None or raw == "":
        return ""
    if type(raw) is str and _TIDY.fullmatch(raw) and unicodedata.is_normalized("NFC", raw):
        return raw  # already clean: the common case, kept fast for 10,000-row files
    if isinstance(raw, bool):
        return "x" if raw else ""
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):  # NaN, infinities
            return ""
        return str(int(raw)) if raw.is_integer() else str(raw)
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return clean(str(raw))


@functools.lru_cache(maxsize=4096, typed=True)
def key(raw: object) -> str:
    """Accent-insensitive, punctuation-free: "Hộ  Cận-nghèo." → "ho can ngheo"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", search_key(text(raw))).split())


def bounded(value: str, limit: int) -> str:
    if len(value) > limit:
        raise Invalid(_("Quá dài (tối đa %(n)s ký tự).") % {"n": limit})
    return value


def person_name(raw: object) -> str:
    """A person's name, refused unless it is Vietnamese Unicode (or plain ASCII).

    Legacy-encoded cells were converted with the sheet (per column, and per cell where the cell
    shows its encoding); a name still garbled ("Hoµng ThÞ Mai") cannot be trusted to any
    conversion and is refused rather than stored.
    """
    name = bounded(text(raw), 150)
    if "Ð" in name or "ð" in name:
        name = legacy.with_d(name)
    if name and not any(ch.isalpha() for ch in name):
        raise Invalid(_("Họ tên phải có chữ."))
    if not name.isascii() and legacy.is_garbled(name):
        raise Invalid(
            _(
                "Họ tên “%(name)s” không phải chữ tiếng Việt Unicode và không chuyển được từ bảng mã cũ "
                "(TCVN3, VNI): hãy gõ lại họ tên này bằng Unicode (phông Times New Roman, Arial…)."
            )
            % {"name": name[:60]}
        )
    return name


# ---- identity numbers -------------------------------------------------------------------
def id_number(raw: object, notes: list[str]) -> tuple[str, str]:
    """(number, kind): a 12-digit CCCD, or a 9-digit old CMND (marked as such).

    A CCCD typed as a number loses its leading zeros (046… becomes 46…): restored, with a note.
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, float) and (raw != raw or not raw.is_integer() or raw < 0):
            raise Invalid(_("Số CCCD không hợp lệ."))
        digits = str(int(raw))
        if 9 < len(digits) < 12:
            notes.append(
                _("Số CCCD nhập dạng số đã mất số 0 ở đầu: đã khôi phục thành %(n)s.")
                % {"n": digits.zfill(12)}
            )
            digits = digits.zfill(12)
        elif 6 < len(digits) < 9:
            notes.append(
                _("Số CMND nhập dạng số đã mất số 0 ở đầu: đã khôi phục thành %(n)s.")
                % {"n": digits.zfill(9)}
            )
            digits = digits.zfill(9)
    else:
        digits = re.sub(r"[\s.\-'’‘`]", "", text(raw))
        if "•" in digits or "*" in digits:
            return "", ""  # a masked number from an export: leave the stored number alone
    if not digits:
        return "", ""
    if not digits.isdigit():
        raise Invalid(_("Số CCCD chỉ gồm chữ số (12 số; CMND cũ 9 số)."))
    if len(digits) == 12:
        return digits, Member.IdKind.CCCD
    if len(digits) == 9:
        notes.append(_("Số CMND cũ (9 số): đã ghi nhận là CMND, nên cập nhật số CCCD."))
        return digits, Member.IdKind.CMND
    raise Invalid(_("Số CCCD phải có 12 chữ số (CMND cũ 9 số), ô này có %(n)s.") % {"n": len(digits)})


def phone(raw: object, notes: list[str]) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        digits = text(raw)
        if len(digits) == 9 and digits.isdigit():
            notes.append(_("Số điện thoại mất số 0 ở đầu: đã khôi phục."))
            return "0" + digits
    value = re.sub(r"[\s.\-()]", "", text(raw))
    if value and not re.fullmatch(r"\+?\d{6,15}", value):
        raise Invalid(_("Số điện thoại không hợp lệ."))
    return value


# ---- dates ------------------------------------------------------------------------------
EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
# Other software writes dates as text year first, sometimes with a midnight time:
# "1980-03-05", "1980-03-05 00:00:00".
_YMD = re.compile(r"(\d{4})\s*[\-/.]\s*(\d{1,2})\s*[\-/.]\s*(\d{1,2})(?:[ T]0?0:00(?::00)?)?")


_today_cache: list = [None, 0.0]


def _today() -> dt.date:
    """Today in Vietnam, looked up at most once a minute (it is asked for every date cell)."""
    if time.monotonic() - _today_cache[1] > 60:
        _today_cache[:] = [timezone.localdate(), time.monotonic()]
    return _today_cache[0]


def _checked(day: int, month: int, year: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(
            _("Ngày không có thật: %(d)02d/%(m)02d/%(y)s.") % {"d": day, "m": month, "y": year}
        ) from None


def date_or_year(raw: object, notes: list[str], *, earliest: int = 1900) -> tuple[dt.date | None, int | None]:
    """(date, year) from an Excel date, "dd/mm/yyyy", "yyyy-mm-dd", "mm/yyyy" or a bare year."""
    today = _today()
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        value, year = raw, raw.year
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw != raw or not float(raw).is_integer():
            raise Invalid(_("Ngày/năm không hợp lệ."))
        number = int(raw)
        if earliest <= number <= today.year:
            return None, number
        if 20000 <= number <= 80000:  # an Excel date serial whose cell lost its date format
            value = EXCEL_EPOCH + dt.timedelta(days=number)
            year = value.year
            notes.append(_("Ô ngày ở dạng số, đã đọc là %(d)s.") % {"d": value.strftime("%d/%m/%Y")})
        else:
            raise Invalid(_("Năm không hợp lệ: %(v)s.") % {"v": number})
    else:
        value_text = text(raw)
        if not value_text:
            return None, None
        if re.fullmatch(r"\d{4}", value_text):
            year = int(value_text)
            value = None
        elif match := _DMY.fullmatch(value_text):
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 1900 if year > today.year % 100 else 2000
            value = _checked(day, month, year)
        elif match := _YMD.fullmatch(value_text):
            year, month, day = (int(g) for g in match.groups())
            value = _checked(day, month, year)
        elif match := _MY.fullmatch(value_text):
            year = int(match.group(2))
            value = None
        else:
            raise Invalid(
                _("Không đọc được ngày “%(v)s”: ghi ngày/tháng/năm (05/03/1980) hoặc chỉ năm (1980).")
                % {"v": value_text[:40]}
            )
    if not earliest <= year <= today.year or (value is not None and value > today):
        raise Invalid(
            _("Ngày/năm không hợp lý: %(v)s.") % {"v": value.strftime("%d/%m/%Y") if value else year}
        )
    return value, year


def decision_date(raw: object, notes: list[str]) -> dt.date | None:
    value, year = date_or_year(raw, notes, earliest=1990)
    if year and value is None:
        raise Invalid(_("Ngày quyết định cần đủ ngày/tháng/năm."))
    return value


# ---- numbers ----------------------------------------------------------------------------
def whole_number(raw: object, *, maximum: int) -> int | None:
    """1.500.000 / "1.500.000 đ" / 1500000.0 / "1 500 000" → 1500000."""
    if isinstance(raw, bool):
        raise Invalid(_("Cần một số."))
    if isinstance(raw, (int, float)):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise Invalid(_("Cần một số."))
        number = Decimal(str(raw))
    else:
        value = text(raw).lower().replace("đồng", "").replace("đ", "").replace("vnd", "")
        value = re.sub(r"\s+", "", value)
        if not value:
            return None
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", value):  # Vietnamese grouping
            value = value.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):  # English grouping
            value = value.replace(",", "")
        else:
            value = value.replace(",", ".")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise Invalid(_("Cần một số, ô này ghi “%(v)s”.") % {"v": text(raw)[:40]}) from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise Invalid(_("Số không hợp lý: %(v)s.") % {"v": text(raw)[:40]})
    return int(number.to_integral_value())


def year(raw: object) -> int | None:
    number = whole_number(raw, maximum=9999)
    if number is None:
        return None
    if not 2000 <= number <= _today().year + 1:
        raise Invalid(_("Năm rà soát không hợp lý: %(v)s.") % {"v": number})
    return number


# ---- choices ----------------------------------------------------------------------------
_CATEGORY_WORDS = {
    Category.POOR: ("ngheo", "hn", "ho ngheo", "poor"),
    Category.NEAR_POOR: ("can ngheo", "hcn", "cn", "ho can ngheo", "near poor"),
    Category.ESCAPED_POOR: ("moi thoat ngheo", "thoat ngheo", "htn", "mtn", "hmtn", "escaped poor"),
    Category.ESCAPED_NEAR_POOR: (
        "moi thoat can ngheo",
        "thoat can ngheo",
        "htcn",
        "mtcn",
        "hmtcn",
        "escaped near poor",
    ),
    Category.MIDDLE: ("co muc song trung binh", "muc song trung binh", "trung binh", "mstb", "tb", "middle"),
    Category.OTHER: ("khac", "ho khac", "other", "binh thuong"),
}
CATEGORY_BY_WORD = {w: c for c, words in _CATEGORY_WORDS.items() for w in words}


@functools.lru_cache(maxsize=4096, typed=True)
def category(raw: object) -> str:
    value = key(raw)
    if not value:
        return ""
    for candidate in (value, value.removeprefix("ho gia dinh ").removeprefix("ho ")):
        if candidate in CATEGORY_BY_WORD:
            return CATEGORY_BY_WORD[candidate]
    raise Invalid(
        _("Không hiểu phân loại “%(v)s” (ghi: Hộ nghèo, Hộ cận nghèo, Hộ mới thoát nghèo…).")
        % {"v": text(raw)[:40]}
    )


_SEX = {
    "nam": Member.Sex.MALE,
    "m": Member.Sex.MALE,
    "male": Member.Sex.MALE,
    "trai": Member.Sex.MALE,
    "nu": Member.Sex.FEMALE,
    "f": Member.Sex.FEMALE,
    "female": Member.Sex.FEMALE,
    "gai": Member.Sex.FEMALE,
}


@functools.lru_cache(maxsize=4096, typed=True)
def sex(raw: object) -> str:
    value = key(raw)
    if not value:
        return ""
    if value in _SEX:
        return _SEX[value]
    raise Invalid(_("Giới tính ghi “Nam” hoặc “Nữ”."))


_HEAD = {"chu ho", "ch", "chu", "chu ho gia dinh", "la chu ho", "ban than"}
# First words of a relationship as lists write it → the registry's choice; longer phrases first.
_RELATIONSHIPS: tuple[tuple[str, str], ...] = (
    ("con dau", Member.Relationship.CHILD_IN_LAW),
    ("con re", Member.Relationship.CHILD_IN_LAW),
    ("vo chong", Member.Relationship.SPOUSE),
    ("vo", Member.Relationship.SPOUSE),
    ("chong", Member.Relationship.SPOUSE),
    ("con", Member.Relationship.CHILD),
    ("bo", Member.Relationship.PARENT),
    ("me", Member.Relationship.PARENT),
    ("cha", Member.Relationship.PARENT),
    ("chau", Member.Relationship.GRANDCHILD),
    ("anh", Member.Relationship.SIBLING),
    ("chi", Member.Relationship.SIBLING),
    ("em", Member.Relationship.SIBLING),
)


def relationship(raw: object) -> str:
    """ "Chủ hộ" → head, "Vợ" → spouse, "Con trai" → child, "Con dâu" → child-in-law…; anything
    else written (ông, bà, cháu họ…) is "other"; an empty cell is ""."""
    value = key(raw)
    if not value:
        return ""
    if value in _HEAD:
        return Member.Relationship.HEAD
    words = value.split()
    for phrase, choice in _RELATIONSHIPS:
        phrase_words = phrase.split()
        if words[: len(phrase_words)] == phrase_words:
            return choice
    return Member.Relationship.OTHER


_AREA = {
    "nong thon": Household.Area.RURAL,
    "nt": Household.Area.RURAL,
    "rural": Household.Area.RURAL,
    "thanh thi": Household.Area.URBAN,
    "do thi": Household.Area.URBAN,
    "tt": Household.Area.URBAN,
    "urban": Household.Area.URBAN,
}


@functools.lru_cache(maxsize=4096, typed=True)
def area(raw: object) -> str:
    value = key(raw)
    if not value:
        return ""
    if value in _AREA:
        return _AREA[value]
    raise Invalid(_("Khu vực ghi “Nông thôn” hoặc “Thành thị”."))


_YES = {"x", "co", "1", "v", "yes", "true", "dung", "c"}
_NO = {"", "0", "khong", "k", "no", "false", "ko"}


@functools.lru_cache(maxsize=4096, typed=True)
def flag(raw: object) -> bool | None:
    """A mark column: "x", "có", 1, ✓ → True; empty, "không", 0 → False."""
    if isinstance(raw, bool):
        return raw
    value = text(raw)
    if value in ("✓", "✔", "☑", "+"):
        return True
    value = key(value)
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise Invalid(_("Ghi “x” nếu có, để trống nếu không."))


def deprivations(raw: object, codes: list[str]) -> list[str]:
    """ "1, 4; 7" → ["1", "4", "7"], checked against the standard's indicator codes."""
    found = re.findall(r"\d+", text(raw))
    if not found and text(raw):
        raise Invalid(_("Ghi số thứ tự các chỉ số thiếu hụt, ví dụ “1, 4, 7”."))
    result = sorted({str(int(c)) for c in found}, key=int)
    if unknown := [c for c in result if codes and c not in codes]:
        raise Invalid(_("Chỉ số thiếu hụt không có trong chuẩn nghèo: %(v)s.") % {"v": ", ".join(unknown)})
    return result


# ---- places -----------------------------------------------------------------------------
_VILLAGE_PREFIXES = (
    "to dan pho ",
    "khu pho ",
    "thon ",
    "ban ",
    "ap ",
    "xom ",
    "to ",
    "khom ",
    "khoi ",
    "lang ",
)
VILLAGE_WORDS = tuple(p.strip() for p in _VILLAGE_PREFIXES)


@functools.lru_cache(maxsize=4096, typed=True)
def village_key(name: object) -> str:
    """ "Thôn 01" → "1", "thon Ha Thuong" → "ha thuong": what to compare village names by."""
    value = key(name)
    for prefix in _VILLAGE_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    return re.sub(r"\b0+(\d)", r"\1", value)
