"""The kinds of document a commune issues (as data an administrator may adjust), and the running
numbers taken so far, moved here from reports.DocumentSequence without losing any."""

from django.db import migrations

# code, name, suffix, printed title, issuer, default recipients (without "Lưu: VT", which every
# sent document ends with), order
KINDS = [
    ("de_xuat", "Phương án đề nghị hỗ trợ của thôn", "", "PHƯƠNG ÁN ĐỀ NGHỊ HỖ TRỢ PHÁT TRIỂN SẢN XUẤT", "village", [], 10),
    ("cam_ket", "Bản cam kết của hộ", "", "BẢN CAM KẾT", "village", [], 20),
    ("bb_niem_yet", "Biên bản niêm yết công khai", "", "BIÊN BẢN NIÊM YẾT CÔNG KHAI", "village", ["UBND xã", "Ban Chỉ đạo giảm nghèo xã"], 30),
    ("thong_bao", "Thông báo", "TB-UBND", "THÔNG BÁO", "ubnd", ["Các thôn, tổ dân phố", "Ban Chỉ đạo giảm nghèo xã"], 40),
    ("bb_bcd", "Biên bản họp Ban Chỉ đạo", "BB-BCĐ", "BIÊN BẢN HỌP BAN CHỈ ĐẠO GIẢM NGHÈO", "bcd", ["UBND xã", "Thành viên Ban Chỉ đạo"], 50),
    ("to_trinh", "Tờ trình", "TTr-UBND", "TỜ TRÌNH", "ubnd", ["Như trên", "Thường trực Ban Chỉ đạo giảm nghèo xã"], 60),
    ("bb_hoi_dong", "Biên bản họp Hội đồng thẩm định", "BB-HĐTĐ", "BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH", "council", ["UBND xã", "Thành viên Hội đồng"], 70),
    ("quyet_dinh", "Quyết định", "QĐ-UBND", "QUYẾT ĐỊNH", "ubnd", ["Như Điều 3", "Ban Chỉ đạo giảm nghèo xã"], 80),
    ("bb_ban_giao", "Biên bản bàn giao", "BB-UBND", "BIÊN BẢN BÀN GIAO", "ubnd", ["Các hộ nhận hỗ trợ", "Ban Chỉ đạo giảm nghèo xã"], 90),
    ("bb_kiem_tra", "Biên bản kiểm tra", "BB-UBND", "BIÊN BẢN KIỂM TRA", "ubnd", ["Hộ được kiểm tra", "Ban Chỉ đạo giảm nghèo xã"], 100),
    ("bb_thu_hoi", "Biên bản thu hồi hỗ trợ", "BB-UBND", "BIÊN BẢN THU HỒI", "ubnd", ["Hộ bị thu hồi", "Ban Chỉ đạo giảm nghèo xã"], 110),
    ("bb_luan_chuyen", "Biên bản luân chuyển", "BB-UBND", "BIÊN BẢN LUÂN CHUYỂN", "ubnd", ["Các hộ giao, nhận", "Ban Chỉ đạo giảm nghèo xã"], 120),
    ("bao_cao", "Báo cáo", "BC-UBND", "BÁO CÁO", "ubnd", ["Ban Chỉ đạo giảm nghèo xã"], 130),
]


def forwards(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for code, name, suffix, title, issuer, recipients, order in KINDS:
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "suffix": suffix,
                "title": title,
                "issuer": issuer,
                "default_recipients": recipients,
                "order": order,
            },
        )
    Old = apps.get_model("reports", "DocumentSequence")
    New = apps.get_model("documents", "DocumentSequence")
    New.objects.bulk_create(
        New(commune_id=o.commune_id, suffix=o.suffix, year=o.year, last_number=o.last_number)
        for o in Old.objects.all()
    )


def backwards(apps, schema_editor):
    Old = apps.get_model("reports", "DocumentSequence")
    New = apps.get_model("documents", "DocumentSequence")
    Old.objects.bulk_create(
        Old(commune_id=n.commune_id, suffix=n.suffix, year=n.year, last_number=n.last_number)
        for n in New.objects.all()
    )
    apps.get_model("documents", "DocumentKind").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_register"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
