"""Import a household list from the command line: the same engine and report as the web upload."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import translation

from giamngheo.models import Commune, User, Village
from households.importing import ImportOptions, import_file
from households.importing.report import report_text


class Command(BaseCommand):
    help = "Nhập danh sách hộ từ tệp .xlsx/.xls/.ods cho một xã (mã xã chính thức)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp danh sách hộ.")
        parser.add_argument("--commune", required=True, help="Mã xã/phường chính thức, ví dụ 19945.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và in báo cáo, không ghi gì."
        )
        parser.add_argument("--year", type=int, help="Năm rà soát cho các dòng không có cột Năm rà soát.")
        parser.add_argument("--village", help="Tên thôn/tổ cho các dòng không ghi thôn.")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (ghi vào nhật ký).")

    def handle(self, *args, file, commune, dry_run=False, year=None, village=None, user=None, **options):
        translation.activate("vi")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            commune_obj = Commune.objects.get(code=commune)
        except Commune.DoesNotExist:
            raise CommandError(f"Không có xã/phường mã {commune}.") from None
        default_village = None
        if village:
            default_village = Village.objects.filter(commune=commune_obj, name__iexact=village).first()
            if default_village is None:
                raise CommandError(f"Không có thôn/tổ “{village}” trong {commune_obj.name}.")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user}.")
        options_ = ImportOptions(
            commune=commune_obj, year=year, default_village=default_village, file_name=path.name
        )
        try:
            preview, result = import_file(path.read_bytes(), options_, by=actor, dry_run=dry_run)
        except IntegrityError as error:
            raise CommandError(f"Không nhập được (dữ liệu vừa thay đổi?): {error}") from error
        self.stdout.write(report_text(preview, result, dry_run=dry_run))
        if preview.blocked:
            raise CommandError("Tệp có lỗi, chưa nhập hộ nào.")
