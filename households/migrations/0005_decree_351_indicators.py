"""Decree 351/2025/NĐ-CP (2027–2030) beside Decree 07/2021/NĐ-CP (2022–2026), as data.

Both standards: at or below the income line of the household's area, poor with at least 3
deprivations, near-poor with fewer (Decree 07/2021 art. 3; Decree 351/2025 keeps the rule with
new lines). Decree 351 keeps the ten indicators of employment, health, education, housing and
water & sanitation; the two information indicators (telecom services, means of access to
information) give way to digital services and household waste treatment. The indicator names
of Decree 351 follow our domain notes (◐): check them against the decree's appendix and edit
them in the admin if the wording differs; codes stay.

An earlier seed gave Decree 351 thirteen indicators (11 telecom kept, 12 Internet, 13 waste);
review results already recorded under it are moved to the new codes.
"""

from django.db import migrations

EMPLOYMENT, HEALTH, EDUCATION, HOUSING = "Việc làm", "Y tế", "Giáo dục", "Nhà ở"
WATER, INFORMATION, DIGITAL = "Nước sinh hoạt và vệ sinh", "Thông tin", "Dịch vụ số và môi trường"
COMMON = [
    ("1", "Việc làm", EMPLOYMENT),
    ("2", "Người phụ thuộc trong hộ gia đình", EMPLOYMENT),
    ("3", "Dinh dưỡng", HEALTH),
    ("4", "Bảo hiểm y tế", HEALTH),
    ("5", "Trình độ giáo dục của người lớn", EDUCATION),
    ("6", "Tình trạng đi học của trẻ em", EDUCATION),
    ("7", "Chất lượng nhà ở", HOUSING),
    ("8", "Diện tích nhà ở bình quân đầu người", HOUSING),
    ("9", "Nguồn nước sinh hoạt", WATER),
    ("10", "Nhà tiêu hợp vệ sinh", WATER),
]
ND07 = COMMON + [
    ("11", "Sử dụng dịch vụ viễn thông", INFORMATION),
    ("12", "Phương tiện phục vụ tiếp cận thông tin", INFORMATION),
]
ND351 = COMMON + [
    ("11", "Sử dụng dịch vụ số", DIGITAL),
    ("12", "Thu gom, xử lý rác thải sinh hoạt", DIGITAL),
]
STANDARDS = {
    "ND07-2021": {
        "name": "Chuẩn nghèo đa chiều giai đoạn 2022–2025 (Nghị định 07/2021/NĐ-CP)",
        "legal_basis": "Nghị định 07/2021/NĐ-CP",
        "valid_from_year": 2022,
        "valid_to_year": 2026,  # 2026 still reviews under Decree 07
        "rural_income_line": 1_500_000,
        "urban_income_line": 2_000_000,
        "poor_min_deprivations": 3,
        "indicators": ND07,
    },
    "ND351-2025": {
        "name": "Chuẩn nghèo đa chiều giai đoạn 2027–2030 (Nghị định 351/2025/NĐ-CP)",
        "legal_basis": "Nghị định 351/2025/NĐ-CP",
        "valid_from_year": 2027,
        "valid_to_year": 2030,
        "rural_income_line": 2_200_000,
        "urban_income_line": 2_800_000,
        "poor_min_deprivations": 3,
        "indicators": ND351,
    },
}
# Codes of the earlier Decree 351 seed → the codes above (11 telecom has no successor; 1–10 stay).
EARLIER_ND351 = {"11": None, "12": "11", "13": "12"}


def seed(apps, schema_editor):
    PovertyStandard = apps.get_model("households", "PovertyStandard")
    Classification = apps.get_model("households", "Classification")
    for code, values in STANDARDS.items():
        defaults = dict(
            values, indicators=[{"code": c, "name": n, "dimension": d} for c, n, d in values["indicators"]]
        )
        standard, _created = PovertyStandard.objects.update_or_create(code=code, defaults=defaults)
        if code == "ND351-2025":
            order = [c for c, _n, _d in values["indicators"]]
            for classification in Classification.objects.filter(standard=standard).exclude(deprivations=[]):
                moved = {EARLIER_ND351.get(str(c), str(c)) for c in classification.deprivations} - {None}
                classification.deprivations = [c for c in order if c in moved]
                classification.save(update_fields=["deprivations"])


class Migration(migrations.Migration):
    dependencies = [("households", "0004_poverty_standard_rule")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
