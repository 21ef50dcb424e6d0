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


# ---- the 2026–2035 program ---------------------------------------------------------------------

PROGRAM_2026_CODE = "CTMTQG-NTM-GNBV-DTTS-2026-2035"
PROGRAM_2026_NAME = (
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển "
    "kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi"
)
LEGAL_BASES_2026 = [
    (
        "257/2025/QH15",
        "nghi_quyet",
        dt.date(2025, 12, 11),
        "Quốc hội",
        "Phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo "
        "bền vững và phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 – 2035",
    ),
    (
        "424/NQ-CP",
        "nghi_quyet",
        dt.date(2025, 12, 30),
        "Chính phủ",
        "Triển khai Nghị quyết số 257/2025/QH15 của Quốc hội về chủ trương đầu tư Chương trình",
    ),
    (
        "417/QĐ-BNNMT",
        "quyet_dinh",
        dt.date(2026, 1, 31),
        "Bộ Nông nghiệp và Môi trường",
        "Phê duyệt Chương trình mục tiêu quốc gia giai đoạn 2026 – 2035, giai đoạn I từ năm 2026 đến năm 2030",
    ),
    (
        "358/2025/NĐ-CP",
        "nghi_dinh",
        None,
        "Chính phủ",
        "Quy định cơ chế quản lý, tổ chức thực hiện các chương trình mục tiêu quốc gia (thay thế Nghị định "
        "27/2022/NĐ-CP), trong đó có dự án hỗ trợ phát triển sản xuất cộng đồng do xã phê duyệt",
    ),
]
# Our sources fix the program only as "content groups": the production-support content commune
# projects use is seeded, flagged for checking against Decision 417; the administrator keeps the
# tree up to date on the program screen.
CHECK_NOTE = "Cần đối chiếu với Quyết định 417/QĐ-BNNMT (tên, mã và cấu trúc nội dung)."
COMPONENTS_2026 = [
    (
        "ND-SX",
        "Nhóm nội dung hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế, giảm nghèo bền vững",
        [
            ("CD", "Hỗ trợ phát triển sản xuất cộng đồng (dự án do cộng đồng đề xuất)"),
            ("LK", "Hỗ trợ phát triển sản xuất liên kết theo chuỗi giá trị"),
            ("MH", "Nhân rộng mô hình giảm nghèo, đa dạng hóa sinh kế"),
        ],
    ),
]
# Decree 358/2025 has no publication date in our sources: the program's start stands in.
DECREE_358_DATE = dt.date(2025, 12, 31)


def seed_program_2026(apps) -> None:
    LegalDocument = apps.get_model("projects", "LegalDocument")
    Program = apps.get_model("projects", "Program")
    Component = apps.get_model("projects", "Component")
    bases = []
    for number, kind, issued_on, issuer, summary in LEGAL_BASES_2026:
        document = LegalDocument.objects.filter(number=number, commune__isnull=True).first()
        if document is None:
            document = LegalDocument.objects.create(
                number=number,
                kind=kind,
                issued_on=issued_on or DECREE_358_DATE,
                issuer=issuer,
                summary=summary,
            )
        bases.append(document)
    program, created = Program.objects.get_or_create(
        code=PROGRAM_2026_CODE,
        defaults={
            "name": PROGRAM_2026_NAME,
            "start_year": 2026,
            "end_year": 2035,
            "phase": "Giai đoạn I: 2026 – 2030",
            "decision": bases[2],
        },
    )
    if created:
        program.legal_bases.set(bases)
    for order, (code, name, subs) in enumerate(COMPONENTS_2026, start=1):
        parent, _ = Component.objects.get_or_create(
            program=program,
            code=code,
            defaults={"name": name, "order": order * 10, "to_verify": True, "note": CHECK_NOTE},
        )
        for sub_order, (sub_code, sub_name) in enumerate(subs, start=1):
            Component.objects.get_or_create(
                program=program,
                code=f"{code}.{sub_code}",
                defaults={
                    "name": sub_name,
                    "parent": parent,
                    "order": order * 10 + sub_order,
                    "to_verify": True,
                    "note": CHECK_NOTE,
                },
            )
    # The 2021–2025 program has ended: its rounds stay readable, new ones go under the new program.
    Program.objects.filter(code=PROGRAM_CODE).update(is_active=False)


def seed_rule_set_2026(apps) -> None:
    """Default rules from 2026: commune approval of community projects under Decree 358/2025."""
    RuleSet = apps.get_model("projects", "RuleSet")
    LegalDocument = apps.get_model("projects", "LegalDocument")
    if RuleSet.objects.filter(province__isnull=True, version=2).exists():
        return
    base = RuleSet.objects.filter(province__isnull=True, version=1).first()
    values = {
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
        "rotation_rule": base.rotation_rule if base else "",
        "checklist": DEFAULT_CHECKLIST_2026,
        "commitment_clauses": DEFAULT_CLAUSES,
    }
    RuleSet.objects.create(
        province=None,
        version=2,
        name="Quy định mặc định từ năm 2026: xã phê duyệt dự án cộng đồng (Nghị định 358/2025/NĐ-CP)",
        legal_basis=LegalDocument.objects.filter(number="358/2025/NĐ-CP").first(),
        valid_from=dt.date(2026, 1, 1),
        approval_route="commune",
        approving_body="Ủy ban nhân dân xã",
        **values,
    )


# On the commune route there is no BCĐ step: the results posting after the council replaces
# the list posting before the BCĐ, so the dossier's items are all due when the village submits.
DEFAULT_CHECKLIST_2026 = [item for item in DEFAULT_CHECKLIST if item["code"] != "posting"]


def seed_all(apps=None) -> None:
    at_runtime = apps is None
    if apps is None:
        from django.apps import apps
    seed_program(apps)
    seed_rule_set(apps)
    seed_program_2026(apps)
    seed_rule_set_2026(apps)
    if at_runtime:  # not inside a migration: the document kinds the workflow issues, too
        from giamngheo.documents.seed import ensure_kinds

        ensure_kinds()
