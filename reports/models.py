from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.models import Commune


class DocumentSequence(models.Model):
    """The commune's running number for one kind of document in one year ("12/BB-UBND")."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+")
    suffix = models.CharField(_("ký hiệu"), max_length=30, help_text=_("Ví dụ: BB-UBND, TTr-UBND, BC-UBND"))
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        constraints = [
            models.UniqueConstraint(fields=["commune", "suffix", "year"], name="one_sequence_per_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.suffix} {self.year}: {self.last_number}"
