from django.core.management.base import BaseCommand, CommandError

from giamngheo.commune_key import commune_keys, mismatches


class Command(BaseCommand):
    help = (
        "Kiểm tra mã xã chép trên các bảng con (thành viên, kiểm tra, bàn giao…) có khớp với bản ghi cha "
        "không: điều kiện trước khi phân vùng dữ liệu theo xã (docs/scaling.md)."
    )

    def handle(self, *args, **options):
        wrong = mismatches()
        if wrong:
            lines = [f"  {label}: {count} dòng" for label, count in sorted(wrong.items())]
            raise CommandError("Mã xã không khớp với bản ghi cha:\n" + "\n".join(lines))
        self.stdout.write(f"Mã xã khớp trên cả {len(commune_keys())} bảng con.")
