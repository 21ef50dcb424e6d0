"""Load the official provinces and communes (2025 two-tier system) from `vietnam-provinces`.

Idempotent: codes are the key; names are updated when the package's list changes.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from vietnam_provinces import Province as VNProvince
from vietnam_provinces import Ward as VNWard

from giamngheo.models import Commune, Province


class Command(BaseCommand):
    help = "Nạp danh mục tỉnh và xã/phường chính thức (hệ thống hai cấp từ 01/07/2025)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Chỉ nạp một tỉnh (mã tỉnh, ví dụ 46).")

    @transaction.atomic
    def handle(self, *args, province=None, **options):
        provinces = {p.code: p for p in Province.objects.all()}
        existing = {c.code: c for c in Commune.objects.all()}
        new_provinces = new_communes = updated = 0
        for vp in VNProvince.iter_all():
            code = str(int(vp.code))
            if province and code != str(int(province)):
                continue
            obj = provinces.get(code)
            if obj is None:
                obj = provinces[code] = Province.objects.create(code=code, name=vp.name)
                new_provinces += 1
            elif obj.name != vp.name:
                obj.name = vp.name
                obj.save(update_fields=["name"])
        to_create = []
        for ward in VNWard.iter_all():
            province_code = str(int(ward.province_code))
            if province_code not in provinces:
                continue
            code = str(int(ward.code))
            division_type = str(ward.division_type.value)
            commune = existing.get(code)
            if commune is None:
                to_create.append(
                    Commune(
                        code=code,
                        name=ward.name,
                        division_type=division_type,
                        province=provinces[province_code],
                    )
                )
            elif commune.name != ward.name or commune.division_type != division_type:
                commune.name, commune.division_type = ward.name, division_type
                commune.save(update_fields=["name", "division_type"])
                updated += 1
        Commune.objects.bulk_create(to_create, batch_size=500)
        new_communes = len(to_create)
        if new_provinces or new_communes or updated:
            self.stdout.write(
                f"Đã nạp {new_provinces} tỉnh, {new_communes} xã/phường mới, cập nhật {updated} xã/phường."
            )
        else:
            self.stdout.write("Danh mục tỉnh, xã đã đầy đủ.")
