"""Web upload of household lists: upload → preview → confirm, plus the template and the refused copy.

The uploaded file is kept under PRIVATE_ROOT/imports/<sha256><ext> between preview and confirm
(outside MEDIA_ROOT: it holds citizen ID numbers and must never be served); the session holds its
checksum, and confirm refuses a file whose checksum changed. A confirmed file is deleted at once;
files left unconfirmed are deleted after IMPORT_UPLOAD_MAX_AGE_HOURS.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamngheo import access
from households.importing import (
    CREATE,
    UPDATE,
    ImportOptions,
    build_preview,
    checksum_of,
    import_file,
    refused_copy,
    template_xlsx,
)
from households.importing.forms import ImportUploadForm
from households.importing.reading import Unreadable

SESSION_KEY = "household_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 300
SHOWN_ROWS = 200


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(data, content_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


def upload_storage() -> FileSystemStorage:
    return FileSystemStorage(location=Path(settings.PRIVATE_ROOT) / "imports")


def _sweep_old_uploads(storage: FileSystemStorage) -> None:
    """Delete uploads nobody confirmed in time: they hold personal data."""
    if not storage.exists(""):
        return
    cutoff = timezone.now() - dt.timedelta(hours=settings.IMPORT_UPLOAD_MAX_AGE_HOURS)
    for name in storage.listdir("")[1]:
        if storage.get_modified_time(name) < cutoff:
            storage.delete(name)


def _store(data: bytes, name: str) -> tuple[str, str]:
    storage = upload_storage()
    _sweep_old_uploads(storage)
    checksum = checksum_of(data)
    suffix = Path(name).suffix.lower()
    path = f"{checksum}{suffix}"
    if not storage.exists(path):
        storage.save(path, ContentFile(data))
    return checksum, path


class _Lost(Exception):
    pass


def _stored_upload(request) -> tuple[dict, bytes, ImportOptions]:
    """The upload kept for this session, checked against its checksum, with its options."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise _Lost(_("Chưa có tệp nào đang chờ nhập. Hãy tải tệp lên."))
    try:
        with upload_storage().open(stored["path"], "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        raise _Lost(_("Không còn tìm thấy tệp đã tải lên. Hãy tải lên lại.")) from None
    if checksum_of(data) != stored["checksum"]:
        raise _Lost(_("Tệp đã tải lên bị thay đổi sau khi xem trước. Hãy tải lên lại."))
    commune = access.get_commune(request.user, stored["commune"], "household.import")
    village = None
    if stored.get("village"):
        village = access.villages_for(request.user, "household.import").filter(pk=stored["village"]).first()
    options = ImportOptions(
        commune=commune,
        user=request.user,
        year=stored["year"],
        default_village=village,
        file_name=stored["name"],
    )
    return stored, data, options


def _forget(request) -> None:
    request.session.pop(SESSION_KEY, None)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.import")
def import_upload(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            checksum, path = _store(data, upload.name)
            village = form.cleaned_data["village"]
            request.session[SESSION_KEY] = {
                "checksum": checksum,
                "path": path,
                "name": Path(upload.name).name[:200],
                "commune": form.cleaned_data["commune"].pk,
                "village": village.pk if village else None,
                "year": form.cleaned_data["year"],
            }
            return redirect("households:import_preview")
    else:
        form = ImportUploadForm(user=request.user)
    return render(request, "households/import_upload.html", {"form": form})


def _preview_context(preview, stored) -> dict:
    changed = [p for p in preview.plans if p.action == UPDATE]
    created = [p for p in preview.plans if p.action == CREATE]
    return {
        "preview": preview,
        "stored": stored,
        "errors": preview.errors[:SHOWN_PROBLEMS],
        "more_errors": max(0, len(preview.errors) - SHOWN_PROBLEMS),
        "warnings": preview.warnings[:SHOWN_PROBLEMS],
        "more_warnings": max(0, len(preview.warnings) - SHOWN_PROBLEMS),
        "changed": changed[:SHOWN_ROWS],
        "more_changed": max(0, len(changed) - SHOWN_ROWS),
        "created": created[:SHOWN_ROWS],
        "more_created": max(0, len(created) - SHOWN_ROWS),
    }


@require_GET
@login_required
@access.action_required("household.import")
def import_preview(request):
    try:
        stored, data, options = _stored_upload(request)
    except _Lost as lost:
        _forget(request)
        messages.error(request, str(lost))
        return redirect("households:import_upload")
    preview = build_preview(data, options)
    return render(request, "households/import_preview.html", _preview_context(preview, stored))


@require_POST
@login_required
@access.action_required("household.import")
def import_confirm(request):
    try:
        stored, data, options = _stored_upload(request)
    except _Lost as lost:
        _forget(request)
        messages.error(request, str(lost))
        return redirect("households:import_upload")
    if request.POST.get("checksum") != stored["checksum"]:
        messages.error(
            request, _("Tệp đang chờ nhập không phải tệp bạn đã xem trước. Hãy xem lại bản xem trước.")
        )
        return redirect("households:import_preview")
    try:
        preview, result = import_file(data, options, by=request.user)
    except IntegrityError:
        messages.error(
            request, _("Dữ liệu hộ vừa thay đổi trong lúc nhập, chưa ghi gì. Hãy xem trước và nhập lại.")
        )
        return redirect("households:import_preview")
    if result is None:
        messages.error(request, _("Tệp có lỗi, chưa nhập hộ nào. Sửa các dòng được nêu rồi tải lên lại."))
        return render(request, "households/import_preview.html", _preview_context(preview, stored))
    _forget(request)
    upload_storage().delete(stored["path"])
    if result.created or result.updated:
        messages.success(
            request,
            _("Đã nhập danh sách: thêm %(c)s hộ, cập nhật %(u)s hộ, %(n)s hộ không đổi.")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
    else:
        messages.info(
            request,
            _("Không có gì thay đổi: %(n)s hộ trong tệp đã đúng như trong sổ.") % {"n": result.unchanged},
        )
    return redirect("households:list")


@require_GET
@login_required
@access.action_required("household.import")
def import_refused_copy(request):
    try:
        stored, data, options = _stored_upload(request)
    except _Lost as lost:
        messages.error(request, str(lost))
        return redirect("households:import_upload")
    preview = build_preview(data, options)
    try:
        copy = refused_copy(data, preview)
    except (Unreadable, ValueError, KeyError, OSError, zipfile.BadZipFile):
        messages.error(request, _("Không tạo được bản có cột lỗi vì tệp không đọc được."))
        return redirect("households:import_preview")
    stem = Path(stored["name"]).stem or "danh-sach"
    return _xlsx_response(copy, f"{stem}-loi.xlsx")


@require_GET
@login_required
@access.action_required("household.import")
def import_template(request):
    return _xlsx_response(template_xlsx(), "mau-danh-sach-ho.xlsx")
