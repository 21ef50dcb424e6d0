from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamngheo.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp (kèm danh mục kiểm tra)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Đường dẫn tệp sao lưu (.tar.gz)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        try:
            manifest = make_backup(Path(output), database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {len(manifest['tables'])} bảng ({rows} dòng) và {len(manifest['files'])} tệp vào {output}."
        )
