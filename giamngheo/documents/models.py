"""The document register: what kinds of document a commune issues, who signs them, and every
document issued, frozen as the bytes that were printed."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from giamngheo.models import Commune, Village


class PrivateDocumentStorage(FileSystemStorage):
    """Issued PDFs live under PRIVATE_ROOT (read at use, so tests can point it elsewhere): no
    URL serves that folder; `views.document_file` sends a file after checking scope."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(Path(settings.PRIVATE_ROOT) / "van-ban")

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> PrivateDocumentStorage:
    return PrivateDocumentStorage()


class DocumentKind(models.Model):
    """A kind of document (tờ trình, biên bản họp BCĐ, quyết định…), as data.

    `suffix` is the part of the number after the slash ("12/TTr-UBND"); kinds with the same
    suffix share one running number. `issuer` says whose header the document carries.
    """

    class Issuer(models.TextChoices):
        UBND = "ubnd", _("Ủy ban nhân dân xã")
        BCD = "bcd", _("Ban Chỉ đạo giảm nghèo xã")
        COUNCIL = "council", _("Hội đồng thẩm định của xã")
        PROJECT_TEAM = "project_team", _("Tổ quản lý dự án của xã")
        VILLAGE = "village", _("Thôn / tổ cộng đồng")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại văn bản"), max_length=150)
    suffix = models.CharField(
        _("ký hiệu số"), max_length=30, blank=True, help_text=_("Ví dụ: TTr-UBND. Để trống: không đánh số.")
    )
    title = models.CharField(_("tên in trên văn bản"), max_length=200, help_text=_("Ví dụ: TỜ TRÌNH"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=12, choices=Issuer, default=Issuer.UBND)
    default_recipients = models.JSONField(
        _("nơi nhận mặc định"), default=list, blank=True, help_text=_("Mỗi phần tử một nơi nhận.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self) -> str:
        return self.name

    @property
    def is_numbered(self) -> bool:
        return bool(self.suffix)


class DocumentSequence(models.Model):
    """The commune's running number for one suffix in one year ("12/BB-UBND")."""

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="+")
    suffix = models.CharField(_("ký hiệu"), max_length=30)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số thứ tự văn bản")
        verbose_name_plural = _("số thứ tự văn bản")
        constraints = [
            models.UniqueConstraint(fields=["commune", "suffix", "year"], name="one_sequence_per_suffix_year")
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.suffix} {self.year}: {self.last_number}"


class Signatory(models.Model):
    """Someone who signs a commune's documents, with the authority lines above the name.

    Chủ tịch: authority "TM. ỦY BAN NHÂN DÂN", position "CHỦ TỊCH"; a Phó Chủ tịch signing for
    the Chủ tịch: authority "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH", position "PHÓ CHỦ TỊCH".
    """

    commune = models.ForeignKey(Commune, models.PROTECT, related_name="signatories", verbose_name=_("xã"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ ký"), max_length=100, help_text=_("Ví dụ: CHỦ TỊCH, TRƯỞNG BAN"))
    authority = models.CharField(
        _("dòng thẩm quyền"),
        max_length=200,
        blank=True,
        help_text=_("Mỗi dòng một dòng in, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"),
    )
    kinds = models.ManyToManyField(
        DocumentKind, related_name="signatories", blank=True, verbose_name=_("ký các loại văn bản")
    )
    is_active = models.BooleanField(_("đang đảm nhiệm"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["commune", "order", "pk"]
        verbose_name = _("người ký văn bản")
        verbose_name_plural = _("người ký văn bản")

    def __str__(self) -> str:
        return f"{self.full_name} – {self.position.capitalize()}"

    @property
    def authority_lines(self) -> list[str]:
        return [line.strip() for line in self.authority.replace("/", "\n").splitlines() if line.strip()]


class IssuedDocumentQuerySet(models.QuerySet):
    def for_target(self, obj: models.Model) -> IssuedDocumentQuerySet:
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))

    def current(self) -> IssuedDocumentQuerySet:
        return self.filter(replaced_by__isnull=True)


class IssuedDocument(models.Model):
    """One issued document: its number, what it says it is, who signed it, what it was rendered
    from, and the PDF bytes that every download serves. Never edited after issue; a correction
    is a new document that replaces this one."""

    commune = models.ForeignKey(
        Commune, models.PROTECT, related_name="issued_documents", verbose_name=_("xã")
    )
    # The village whose object it belongs to, so a village head sees their own village's papers.
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("thôn")
    )
    kind = models.ForeignKey(DocumentKind, models.PROTECT, related_name="+", verbose_name=_("loại"))
    year = models.PositiveSmallIntegerField(_("năm"))
    serial = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("tên văn bản"), max_length=200)
    summary = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=200, blank=True)
    signatory = models.ForeignKey(
        Signatory, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    target_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    # Tells apart documents of one kind for one object (the public list of one year): "2025".
    key = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(_("thuộc về"), max_length=250)
    target_url = models.CharField(max_length=250, blank=True)
    template = models.CharField(max_length=200)
    snapshot = models.JSONField(_("dữ liệu khi ban hành"))
    file = models.FileField(_("tệp PDF"), storage=private_storage, upload_to="%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    replaces = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("thay thế văn bản"),
    )
    correction_reason = models.TextField(_("lý do đính chính, thay thế"), blank=True)
    # Number, title, trích yếu and object without diacritics, for the register's search.
    search_key = models.TextField(blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("sổ văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "number", "year"],
                condition=~Q(number=""),
                name="document_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(correction_reason=""),
                name="replacement_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "-issued_on"], name="document_commune_recent"),
            models.Index(fields=["target_type", "target_id"], name="document_target"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.kind.name} ngày {self.issued_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("documents:file", args=[self.pk])

    @property
    def filename(self) -> str:
        stem = self.number.replace("/", "-") if self.number else f"{self.kind.code}-{self.pk}"
        return f"{stem}.pdf"

    @property
    def successor(self) -> IssuedDocument | None:
        """The document that replaced this one (None while it stands)."""
        return getattr(self, "replaced_by", None)

    @property
    def signer_authority_lines(self) -> list[str]:
        return [line for line in self.signer_authority.splitlines() if line]
