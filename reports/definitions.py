"""Report definitions: the JSON shape they must have, and the reference versions we ship.

The official annexes of Circular 10/2022 were not available; the reference versions follow
forms.md §1–2 (built from real provincial reports) and are labelled "Mẫu tham khảo".
A data migration loads them (`seed`, idempotent: update_or_create by code, program, version).
"""

from __future__ import annotations

from projects.seed import PROGRAM_2026_CODE as PROGRAM_2026  # noqa: E402
from projects.seed import PROGRAM_CODE as PROGRAM_2021  # noqa: E402
from reports.tables import COLUMN_KINDS

ROW_KINDS = ("total", "component", "components", "heading")


def check(columns, rows) -> list[str]:
    """What is wrong with a definition's columns and rows, in Vietnamese (empty: it is valid)."""
    from reports.exporters import MEASURES

    errors: list[str] = []
    if not isinstance(columns, list) or not columns:
        return ["Các cột phải là một danh sách (mảng JSON) có ít nhất một cột."]
    keys: list[str] = []
    for n, column in enumerate(columns, start=1):
        if not isinstance(column, dict):
            errors.append(f"Cột thứ {n} phải là một đối tượng JSON có key, label, kind.")
            continue
        key, label, kind = column.get("key"), column.get("label"), column.get("kind")
        if not key or not isinstance(key, str):
            errors.append(f"Cột thứ {n} thiếu mã cột (key).")
            continue
        if key in keys:
            errors.append(f"Mã cột “{key}” bị trùng.")
        keys.append(key)
        if not label or not isinstance(label, str):
            errors.append(f"Cột “{key}” thiếu tên cột (label).")
        if kind not in COLUMN_KINDS:
            errors.append(f"Cột “{key}”: loại cột (kind) phải là một trong: {', '.join(COLUMN_KINDS)}.")
            continue
        if kind in ("money", "count") and key not in MEASURES:
            errors.append(f"Cột “{key}”: chưa có số liệu tên “{key}”. Các số liệu có: {', '.join(MEASURES)}.")
        if kind in ("sum", "rate"):
            parts = column.get("of")
            if not isinstance(parts, list) or not parts or (kind == "rate" and len(parts) != 2):
                errors.append(
                    f"Cột “{key}”: cần “of” là danh sách "
                    + ("hai cột (tử số, mẫu số)." if kind == "rate" else "các cột được cộng.")
                )
    for column in columns:
        if isinstance(column, dict) and column.get("kind") in ("sum", "rate"):
            for part in column.get("of") or []:
                if part not in keys and part not in MEASURES:
                    errors.append(f"Cột “{column.get('key')}” tham chiếu cột “{part}” không có trong mẫu.")
    if "label" not in [c.get("kind") for c in columns if isinstance(c, dict)]:
        errors.append("Mẫu cần một cột nội dung (kind: label).")
    if not isinstance(rows, list) or not rows:
        return [*errors, "Các dòng phải là một danh sách (mảng JSON) có ít nhất một dòng."]
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(f"Dòng thứ {n} phải là một đối tượng JSON.")
            continue
        present = [k for k in ROW_KINDS if row.get(k)]
        if len(present) != 1:
            errors.append(
                f"Dòng thứ {n} phải có đúng một trong: total (dòng tổng), component (mã dự án), "
                'components ("all": mọi dự án của chương trình), heading (dòng tiêu đề).'
            )
        elif present[0] == "components" and row["components"] != "all":
            errors.append(f'Dòng thứ {n}: components chỉ nhận giá trị "all".')
        elif present[0] == "component" and not isinstance(row["component"], str):
            errors.append(f'Dòng thứ {n}: mã dự án (component) phải là chữ, ví dụ "DA3.TDA1".')
    return errors


# ---- the reference versions ------------------------------------------------------------------


def _money(key, label, group):
    return {"key": key, "label": label, "group": group, "kind": "money"}


def _count(key, label, group=None):
    return {"key": key, "label": label, "kind": "count"} | ({"group": group} if group else {})


PLAN = "Kế hoạch vốn giao"
APPROVED = "Vốn được phân bổ (phê duyệt)"
PAID = "Giải ngân đến cuối kỳ"

BIEU_02_COLUMNS = [
    {"key": "stt", "label": "STT", "kind": "stt"},
    {"key": "name", "label": "Nội dung", "kind": "label"},
    _money("plan_central", "NSTW", PLAN),
    _money("plan_local", "NSĐP", PLAN),
    {
        "key": "plan_total",
        "label": "Tổng",
        "group": PLAN,
        "kind": "sum",
        "of": ["plan_central", "plan_local"],
    },
    _money("approved_central", "NSTW", APPROVED),
    _money("approved_local", "NSĐP", APPROVED),
    {
        "key": "approved_total",
        "label": "Tổng",
        "group": APPROVED,
        "kind": "sum",
        "of": ["approved_central", "approved_local"],
    },
    {"key": "approved_other", "label": "Vốn huy động khác", "kind": "money"},
    _money("paid_central", "NSTW", PAID),
    _money("paid_local", "NSĐP", PAID),
    {
        "key": "paid_total",
        "label": "Tổng",
        "group": PAID,
        "kind": "sum",
        "of": ["paid_central", "paid_local"],
    },
    {"key": "rate", "label": "Tỷ lệ giải ngân (%)", "kind": "rate", "of": ["paid_total", "approved_total"]},
    _count("projects", "Số dự án", "Đầu ra"),
    _count("hh_poor", "Hộ nghèo", "Đầu ra"),
    _count("hh_near_poor", "Hộ cận nghèo", "Đầu ra"),
    _count("hh_other", "Hộ khác", "Đầu ra"),
    _count("items_delivered", "Hàng hóa, vật tư đã bàn giao", "Đầu ra"),
    _count("escaped", "Hộ được hỗ trợ đã thoát nghèo, cận nghèo", "Kết quả"),
    _count("models_effective", "Mô hình được đánh giá hiệu quả", "Kết quả"),
    _count("inspections", "Số cuộc kiểm tra", "Kiểm tra, giám sát"),
    _count("breaches", "Vi phạm phát hiện", "Kiểm tra, giám sát"),
    _count("recoveries", "Thu hồi", "Kiểm tra, giám sát"),
]

SN = "Vốn sự nghiệp"
DTPT = "Vốn đầu tư phát triển"
FUNDING_COLUMNS = [
    {"key": "stt", "label": "STT", "kind": "stt"},
    {"key": "name", "label": "Nội dung", "kind": "label"},
    {
        "key": "plan_total",
        "label": "Tổng",
        "group": "Kế hoạch",
        "kind": "sum",
        "of": ["plan_dtpt_central", "plan_dtpt_local", "plan_sn_central", "plan_sn_local", "plan_other"],
    },
    {
        "key": "plan_state",
        "label": "Trong đó NSNN",
        "group": "Kế hoạch",
        "kind": "sum",
        "of": ["plan_dtpt_central", "plan_dtpt_local", "plan_sn_central", "plan_sn_local"],
    },
    _money("plan_dtpt_central", "ĐTPT NSTW", "Kế hoạch"),
    _money("plan_dtpt_local", "ĐTPT NSĐP", "Kế hoạch"),
    _money("plan_sn_central", "SN NSTW", "Kế hoạch"),
    _money("plan_sn_local", "SN NSĐP", "Kế hoạch"),
    _money("plan_other", "Huy động khác", "Kế hoạch"),
    {
        "key": "paid_total",
        "label": "Tổng",
        "group": "Giải ngân đến cuối kỳ",
        "kind": "sum",
        "of": ["paid_dtpt_central", "paid_dtpt_local", "paid_sn_central", "paid_sn_local"],
    },
    {
        "key": "paid_dtpt",
        "label": "ĐTPT",
        "group": "Giải ngân đến cuối kỳ",
        "kind": "sum",
        "of": ["paid_dtpt_central", "paid_dtpt_local"],
    },
    {
        "key": "paid_sn",
        "label": "SN",
        "group": "Giải ngân đến cuối kỳ",
        "kind": "sum",
        "of": ["paid_sn_central", "paid_sn_local"],
    },
    {"key": "rate", "label": "Tỷ lệ (%)", "kind": "rate", "of": ["paid_total", "plan_state"]},
]


def _rows_2021() -> list[dict]:
    from projects.seed import COMPONENTS

    rows: list[dict] = [{"total": True, "stt": "A", "label": "Tổng cộng"}]
    for n, (code, name, subs) in enumerate(COMPONENTS, start=1):
        # DA1 builds infrastructure: development investment capital; the rest is recurrent.
        capital = {"capital": "dtpt"} if code == "DA1" else {}
        rows.append({"component": code, "stt": str(n), "label": f"Dự án {n}: {name}"} | capital)
        for sub_code, sub_name in subs:
            rows.append(
                {
                    "component": f"{code}.{sub_code}",
                    "stt": f"{n}.{sub_code.removeprefix('TDA')}",
                    "label": f"Tiểu dự án {sub_code.removeprefix('TDA')}: {sub_name}",
                }
            )
    return rows


def reference_definitions() -> list[dict]:
    """The shipped versions: Biểu 02 and the funding table, for each program."""
    rows_2026 = [{"total": True, "stt": "A", "label": "Tổng cộng"}, {"components": "all"}]
    out = []
    for program, rows in ((PROGRAM_2021, _rows_2021()), (PROGRAM_2026, rows_2026)):
        out.append(
            {
                "code": "bieu-02",
                "program_code": program,
                "name": "Biểu số 02 – Kết quả thực hiện Chương trình",
                "form_label": "Biểu số 02",
                "title": "Kết quả thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững",
                "columns": BIEU_02_COLUMNS,
                "rows": rows,
            }
        )
        out.append(
            {
                "code": "nguon-von",
                "program_code": program,
                "name": "Tình hình giao kế hoạch, huy động, sử dụng vốn và giải ngân",
                "form_label": "Phụ lục",
                "title": "Tình hình giao kế hoạch vốn và giải ngân Chương trình mục tiêu quốc gia giảm nghèo bền vững",
                "columns": FUNDING_COLUMNS,
                "rows": rows,
            }
        )
    return out


def seed(apps) -> None:
    ReportDefinition = apps.get_model("reports", "ReportDefinition")
    for values in reference_definitions():
        key = {"code": values["code"], "program_code": values["program_code"], "version": 1, "province": None}
        ReportDefinition.objects.update_or_create(**key, defaults=values | {"is_reference": True})
    DocumentKind = apps.get_model("documents", "DocumentKind")
    # The register seeds "bao_cao"; make sure monitoring reports find it (no-op if present).
    DocumentKind.objects.get_or_create(
        code="bao_cao",
        defaults={"name": "Báo cáo", "suffix": "BC-UBND", "title": "BÁO CÁO", "issuer": "ubnd"},
    )
    PublicHoliday = apps.get_model("reports", "PublicHoliday")
    import datetime as dt

    for year in (2026, 2027):
        for month, day, name in (
            (1, 1, "Tết Dương lịch"),
            (4, 30, "Ngày Chiến thắng"),
            (5, 1, "Quốc tế Lao động"),
            (9, 2, "Quốc khánh"),
        ):
            PublicHoliday.objects.get_or_create(date=dt.date(year, month, day), defaults={"name": name})
