"""The public list (danh sách công khai) as an issued record: a TB-UBND notice of the UBND xã per
village and year, numbered once and frozen; before issue, a draft (DỰ THẢO) of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from giamngheo import access
from giamngheo.documents import register
from giamngheo.documents.models import Signatory
from giamngheo.models import User, Village
from giamngheo.text import place_in_text
from households import selectors

KIND = "thong_bao"
TEMPLATE = "reports/pdf/public_list.html"


def key_for(year: int) -> str:
    return f"cong-khai-{year}"


@register.printed_in_vietnamese
def summary(village: Village, year: int) -> str:
    return _("Công khai danh sách hộ nghèo, hộ cận nghèo năm %(year)s của %(village)s") % {
        "year": year,
        "village": place_in_text(village.name),
    }


def snapshot(village: Village, year: int) -> dict[str, Any]:
    """Everything the notice prints: names and categories only, never ID numbers."""
    with override("vi"):
        return _snapshot(village, year)


def _snapshot(village: Village, year: int) -> dict[str, Any]:
    data = selectors.public_list(village, year)
    return {
        "year": year,
        "village": village.name,
        "village_in_text": place_in_text(village.name),
        "commune_in_text": place_in_text(village.commune.name),
        "sections": [
            {"label": str(s["label"]), "rows": [{"name": r.household.head_name} for r in s["rows"]]}
            for s in data["sections"]
        ],
        "counts": [[str(label), n] for label, n in data["counts"]],
        "total": data["total"],
    }


@register.printed_in_vietnamese
def recipients(village: Village) -> list[str]:
    return [
        _("Trưởng %(village)s (niêm yết)") % {"village": place_in_text(village.name)},
        _("Ban Chỉ đạo giảm nghèo xã"),
    ]


@register.builder(KIND, action="household.publish_list")
def _rebuild(village: Village, key: str) -> dict[str, Any]:
    if not key.startswith("cong-khai-"):
        raise register.DocumentError(_("Thông báo này không ban hành thay thế được từ đây."))
    return snapshot(village, int(key.removeprefix("cong-khai-")))


def current(village: Village, year: int):
    return register.current_for(village, KIND, key_for(year)).first()


def draft(village: Village, year: int, *, as_html: bool = False):
    return register.preview(
        kind=KIND,
        target=village,
        template=TEMPLATE,
        snapshot=snapshot(village, year),
        summary=summary(village, year),
        recipients=recipients(village),
        issued_on=timezone.localdate(),
        as_html=as_html,
    )


def issue(
    village: Village, year: int, *, by: User, signatory: Signatory | None = None, on: dt.date | None = None
):
    """Issue the notice (numbered TB-UBND); refused for a role that may not, or a second time."""
    if not access.can(by, "household.publish_list", village=village):
        raise register.DocumentError(_("Bạn không có quyền ban hành thông báo công khai."))
    return register.issue(
        kind=KIND,
        target=village,
        template=TEMPLATE,
        snapshot=snapshot(village, year),
        summary=summary(village, year),
        issued_on=on or timezone.localdate(),
        by=by,
        signatory=signatory,
        recipients=recipients(village),
        key=key_for(year),
    )
