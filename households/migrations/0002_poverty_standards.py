"""Seed the two poverty standards in force (reference data; editable afterwards)."""

from django.db import migrations

ND07_INDICATORS = [
    ("1", "Việc làm"),
    ("2", "Người phụ thuộc trong hộ gia đình"),
    ("3", "Dinh dưỡng"),
    ("4", "Bảo hiểm y tế"),
    ("5", "Trình độ giáo dục của người lớn"),
    ("6", "Tình trạng đi học của trẻ em"),
    ("7", "Chất lượng nhà ở"),
    ("8", "Diện tích nhà ở bình quân đầu người"),
    ("9", "Nguồn nước sinh hoạt"),
    ("10", "Nhà tiêu hợp vệ sinh"),
    ("11", "Sử dụng dịch vụ viễn thông"),
    ("12", "Phương tiện phục vụ tiếp cận thông tin"),
]
ND351_INDICATORS = ND07_INDICATORS[:11] + [("12", "Sử dụng Internet"), ("13", "Thu gom, xử lý rác thải sinh hoạt")]


def seed(apps, schema_editor):
    PovertyStandard = apps.get_model("households", "PovertyStandard")
    PovertyStandard.objects.update_or_create(
        code="ND07-2021",
        defaults={
            "name": "Chuẩn nghèo đa chiều giai đoạn 2022–2025 (Nghị định 07/2021/NĐ-CP)",
            "valid_from_year": 2022,
            "valid_to_year": 2026,
            "rural_income_line": 1_500_000,
            "urban_income_line": 2_000_000,
            "indicators": [{"code": c, "name": n} for c, n in ND07_INDICATORS],
        },
    )
    PovertyStandard.objects.update_or_create(
        code="ND351-2025",
        defaults={
            "name": "Chuẩn nghèo đa chiều giai đoạn 2027–2030 (Nghị định 351/2025/NĐ-CP)",
            "valid_from_year": 2027,
            "valid_to_year": 2030,
            "rural_income_line": 2_200_000,
            "urban_income_line": 2_800_000,
            "indicators": [{"code": c, "name": n} for c, n in ND351_INDICATORS],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
