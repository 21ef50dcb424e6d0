"""Reference data seeded by a data migration: the 2021–2025 program tree and the default rule set.

The functions take an app registry (a migration's `apps`, or `django.apps.apps`) and are
idempotent, so tests and demo data can call them again after a flush.
"""

from __future__ import annotations

import datetime as dt

PROGRAM_CODE = "CTMTQG-GNBV-2021-2025"

COMPONENTS = [
    (
        "DA1",
        "Hỗ trợ đầu tư phát triển hạ tầng kinh tế – xã hội các huyện nghèo, các xã đặc biệt khó khăn "
        "vùng bãi ngang, ven biển và hải đảo",
        [],
    ),
    ("DA2", "Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo", []),
    (
        "DA3",
        "Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng",
        [("TDA1", "Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp"), ("TDA2", "Cải thiện dinh dưỡng")],
    ),
    (
        "DA4",
        "Phát triển giáo dục nghề nghiệp, việc làm bền vững",
        [
            ("TDA1", "Phát triển giáo dục nghề nghiệp vùng nghèo, vùng khó khăn"),
            ("TDA2", "Hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng"),
            ("TDA3", "Hỗ trợ việc làm bền vững"),
        ],
    ),
    ("DA5", "Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn các huyện nghèo", []),
    (
        "DA6",
        "Truyền thông và giảm nghèo về thông tin",
        [("TDA1", "Giảm nghèo về thông tin"), ("TDA2", "Truyền thông về giảm nghèo đa chiều")],
    ),
    (
        "DA7",
        "Nâng cao năng lực và giám sát, đánh giá Chương trình",
        [("TDA1", "Nâng cao năng lực thực hiện Chương trình"), ("TDA2", "Giám sát, đánh giá Chương trình")],
    ),
]

DEFAULT_CHECKLIST = [
    {"code": "request", "label": "Đơn đề nghị hỗ trợ của tổ cộng đồng", "stage": "submit"},
    {
        "code": "plan",
        "label": "Phương án sản xuất (tên, địa điểm, quy mô, thời gian, nội dung hỗ trợ)",
        "stage": "submit",
    },
    {"code": "participants", "label": "Danh sách hộ tham gia (có phân loại hộ)", "stage": "submit"},
    {
        "code": "meeting",
        "label": "Biên bản họp cộng đồng thống nhất dự án và danh sách hộ",
        "stage": "submit",
    },
    {"code": "commitments", "label": "Bản cam kết của từng hộ tham gia", "stage": "submit"},
    {
        "code": "posting",
        "label": "Biên bản niêm yết công khai danh sách (không có khiếu nại chưa giải quyết)",
        "stage": "bcd",
    },
]

# A clause is a text (for every model) or {"text", "models"}: printed only when the project's
# model names one of `models` as a word ("Nuôi bò cái sinh sản" takes the "bò" clauses).
LIVESTOCK = ["bò", "trâu", "dê", "cừu", "lợn", "heo", "gà", "vịt", "ngan", "ngỗng", "thỏ", "chăn nuôi"]

DEFAULT_CLAUSES = [
    "Sử dụng đúng mục đích, đúng đối tượng nội dung hỗ trợ đã được phê duyệt.",
    {
        "text": "Làm chuồng trại, nuôi nhốt, chăm sóc theo đúng hướng dẫn kỹ thuật đã được tập huấn; tham gia đầy đủ các lớp tập huấn.",
        "models": LIVESTOCK,
    },
    {
        "text": "Tiêm phòng đầy đủ theo quy định; trồng cỏ, chuẩn bị thức ăn cho vật nuôi.",
        "models": LIVESTOCK,
    },
    "Không bán, cho, trao đổi, cầm cố, giết thịt con giống, vật tư được hỗ trợ trong thời gian thực hiện dự án.",
    "Đóng góp đầy đủ, đúng hạn phần vốn đối ứng theo phương án được duyệt.",
    {
        "text": "Luân chuyển con giống (hoặc hoàn trả vốn) cho hộ tiếp theo đúng thời hạn theo quy định luân chuyển của dự án.",
        "models": LIVESTOCK,
    },
    "Chấp hành sự kiểm tra, giám sát của UBND xã, Ban quản lý dự án, tổ cộng đồng và các đoàn thể.",
    "Nếu vi phạm cam kết, hộ chịu trách nhiệm hoàn trả toàn bộ giá trị đã được hỗ trợ theo quyết định của UBND xã.",
]


def seed_program(apps) -> None:
    LegalDocument = apps.get_model("projects", "LegalDocument")
    Program = apps.get_model("projects", "Program")
    Component = apps.get_model("projects", "Component")
    decision, _ = LegalDocument.objects.get_or_create(
        number="90/QĐ-TTg",
        issued_on=dt.date(2022, 1, 18),
        defaults={
            "kind": "quyet_dinh",
            "issuer": "Thủ tướng Chính phủ",
            "summary": "Phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 – 2025",
        },
    )
    LegalDocument.objects.get_or_create(
        number="27/2022/NĐ-CP",
        issued_on=dt.date(2022, 4, 19),
        defaults={
            "kind": "nghi_dinh",
            "issuer": "Chính phủ",
            "summary": "Quy định cơ chế quản lý, tổ chức thực hiện các chương trình mục tiêu quốc gia",
        },
    )
    program, _ = Program.objects.get_or_create(
        code=PROGRAM_CODE,
        defaults={
            "name": "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
            "start_year": 2021,
            "end_year": 2025,
            "decision": decision,
        },
    )
    for order, (code, name, subs) in enumerate(COMPONENTS, start=1):
        parent, _ = Component.objects.get_or_create(
            program=program, code=code, defaults={"name": name, "order": order * 10}
        )
        for sub_order, (sub_code, sub_name) in enumerate(subs, start=1):
            Component.objects.get_or_create(
                program=program,
                code=f"{code}.{sub_code}",
                defaults={"name": sub_name, "parent": parent, "order": order * 10 + sub_order},
            )


def seed_rule_set(apps) -> None:
    RuleSet = apps.get_model("projects", "RuleSet")
    RuleSet.objects.get_or_create(
        province=None,
        version=1,
        defaults={
            "name": "Quy định mặc định hỗ trợ phát triển sản xuất (Mẫu tham khảo)",
            "valid_from": dt.date(2022, 1, 1),
            "eligible_categories": ["poor", "near_poor", "escaped_poor"],
            "priority_categories": ["poor", "near_poor", "escaped_poor"],
            "min_beneficiary_share": 50,
            "priority_share": 70,
            "min_counterpart_share": 10,
            "ceiling_per_household": 30_000_000,
            "ceiling_per_project": 1_000_000_000,
            "newly_escaped_months": 36,
            "posting_days": 7,
            "rotation_months": 24,
            "rotation_rule": (
                "Hộ nhận bò cái sinh sản giao con bê cái đầu tiên (từ 6 tháng tuổi) cho hộ tiếp theo "
                "do tổ cộng đồng và UBND xã chỉ định, chậm nhất sau 24 tháng."
            ),
            "checklist": DEFAULT_CHECKLIST,
            "commitment_clauses": DEFAULT_CLAUSES,
        },
    )


def seed_all(apps=None) -> None:
    at_runtime = apps is None
    if apps is None:
        from django.apps import apps
    seed_program(apps)
    seed_rule_set(apps)
    if at_runtime:  # not inside a migration: the document kinds the workflow issues, too
        from giamngheo.documents.seed import ensure_kinds

        ensure_kinds()
