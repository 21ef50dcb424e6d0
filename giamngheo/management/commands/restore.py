from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamngheo.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu và thư mục tệp đang cấu hình (phải trống), "
        "rồi đối chiếu từng bảng và từng tệp với danh mục kiểm tra."
    )

    # The target database is empty: checks that read it would fail before we start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu do lệnh backup tạo")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            manifest = restore_backup(Path(path), database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục và đối chiếu {len(manifest['tables'])} bảng ({rows} dòng) "
            f"và {len(manifest['files'])} tệp: khớp với bản sao lưu."
        )
