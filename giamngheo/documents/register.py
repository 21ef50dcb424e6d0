"""Issuing documents: the one way any app turns data into a numbered, frozen PDF.

    doc = register.issue(
        kind="to_trinh", target=project, template="reports/pdf/submission.html",
        snapshot=build_submission_snapshot(project), summary="Về việc …",
        issued_on=date, by=user, signatory=signatory,
    )

- The template renders from `snap` (the snapshot after a JSON round trip, so what was printed
  is exactly what was stored), `doc` (number, date, title, summary, issuer, place, draft),
  `signer` and `recipients`, never from live objects.
- `preview()` renders the same template as a draft: "DỰ THẢO" on every page, no number.
- `issue()` takes the number under a lock, renders once, stores the PDF and its SHA-256 and
  audits; a second `issue()` for the same kind and object is refused while the first stands.
- `replace()` issues a correction: a new number, the reason, the old one marked replaced.
- Each app that issues a kind registers how to rebuild its snapshot (`builder(kind, action=…)`),
  so the register's "Ban hành văn bản thay thế" works for every kind without importing the apps.
- `key` tells apart several documents of one kind for one object (one public list per year).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from giamngheo import audit
from giamngheo.documents import numbering
from giamngheo.documents.models import DocumentKind, IssuedDocument, Signatory
from giamngheo.documents.pdf import render_pdf
from giamngheo.models import Commune, User, Village
from giamngheo.text import search_key


@dataclass(frozen=True)
class Builder:
    """How an app rebuilds a kind's snapshot from its object, and who may issue that kind."""

    build: Callable[[models.Model, str], dict[str, Any]]  # (target, key) -> snapshot
    action: str  # the access action that may issue (and so correct) the kind


BUILDERS: dict[str, Builder] = {}


def builder(kind: str, *, action: str):
    """Register `build(target, key) -> snapshot` for a kind (decorator, at import of the app)."""

    def register(build):
        BUILDERS[kind] = Builder(build=build, action=action)
        return build

    return register


def printed_in_vietnamese(words):
    """Decorator: what it returns is printed on a document, so it is Vietnamese in any UI language."""

    def wrapper(*args, **kwargs):
        with override("vi"):
            return words(*args, **kwargs)

    return wrapper


class DocumentError(Exception):
    """Issuing refused; the message says why, in Vietnamese."""


def frozen(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as it will be stored: plain JSON (dates become "YYYY-MM-DD", Decimals strings)."""
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def _place_of(target: models.Model) -> tuple[Commune, Village | None]:
    village = target if isinstance(target, Village) else getattr(target, "village", None)
    commune = getattr(target, "commune", None) or (village.commune if village else None)
    if not isinstance(commune, Commune):
        raise TypeError(f"{type(target).__name__} has no commune to issue a document in")
    return commune, village if isinstance(village, Village) else None


def issuer_lines(kind: DocumentKind, commune: Commune, village: Village | None) -> tuple[str, str]:
    """(governing body line, issuing body line) for the header, upper case as printed."""
    ubnd = f"ỦY BAN NHÂN DÂN\n{commune.name}".upper()
    match kind.issuer:
        case DocumentKind.Issuer.BCD:
            return f"UBND {commune.name}".upper(), "BAN CHỈ ĐẠO GIẢM NGHÈO"
        case DocumentKind.Issuer.COUNCIL:
            return f"UBND {commune.name}".upper(), "HỘI ĐỒNG THẨM ĐỊNH"
        case DocumentKind.Issuer.PROJECT_TEAM:
            return f"UBND {commune.name}".upper(), "TỔ QUẢN LÝ DỰ ÁN"
        case DocumentKind.Issuer.VILLAGE if village is not None:
            return f"UBND {commune.name}".upper(), village.name.upper()
    return "", ubnd


def default_signatory(kind: DocumentKind, commune: Commune) -> Signatory | None:
    return (
        Signatory.objects.filter(commune=commune, kinds=kind, is_active=True).order_by("order", "pk").first()
    )


def signatories_for(kind: str | DocumentKind, commune: Commune):
    """Who may sign this kind in this commune (to choose from at issue)."""
    kind = kind if isinstance(kind, DocumentKind) else DocumentKind.objects.get(code=kind)
    return Signatory.objects.filter(commune=commune, kinds=kind, is_active=True).order_by("order", "pk")


def _context(
    *,
    kind: DocumentKind,
    commune: Commune,
    village: Village | None,
    snapshot: dict,
    summary: str,
    title: str,
    number: str,
    issued_on: dt.date | None,
    signatory: Signatory | None,
    recipients: list[str],
    draft: bool,
    replaces: IssuedDocument | None = None,
) -> dict[str, Any]:
    parent, issuer = issuer_lines(kind, commune, village)
    return {
        "snap": snapshot,
        "doc": {
            "kind": kind.code,
            "number": number,
            "suffix": kind.suffix,
            "numbered": kind.is_numbered,
            "issued_on": issued_on,
            "title": title,
            "summary": summary,
            "issuer_parent": parent,
            "issuer": issuer,
            "place": commune.short_name,
            "commune_name": commune.name,
            "draft": draft,
            "replaces": (
                {"number": replaces.number, "issued_on": replaces.issued_on, "summary": replaces.summary}
                if replaces
                else None
            ),
        },
        "signer": {
            "name": signatory.full_name if signatory else "",
            "position": signatory.position.upper() if signatory else "",
            "authority_lines": signatory.authority_lines if signatory else [],
        },
        "recipients": recipients,
    }


def preview(*, as_html: bool = False, **kwargs) -> bytes | str:
    """The draft (DỰ THẢO, no number) of what `issue` would print now (`as_html`: its HTML)."""
    template, context = _draft_context(**kwargs)
    from giamngheo.documents.pdf import render_html

    with override("vi"):
        return render_html(template, context) if as_html else render_pdf(template, context)


def _draft_context(
    *,
    kind: str,
    target: models.Model,
    template: str,
    snapshot: dict[str, Any],
    summary: str = "",
    title: str | None = None,
    issued_on: dt.date | None = None,
    signatory: Signatory | None = None,
    recipients: list[str] | None = None,
) -> tuple[str, dict[str, Any]]:
    document_kind = DocumentKind.objects.get(code=kind)
    commune, village = _place_of(target)
    context = _context(
        kind=document_kind,
        commune=commune,
        village=village,
        snapshot=frozen(snapshot),
        summary=summary,
        title=title or document_kind.title,
        number="",
        issued_on=issued_on,
        signatory=signatory or default_signatory(document_kind, commune),
        recipients=list(document_kind.default_recipients if recipients is None else recipients),
        draft=True,
    )
    return template, context


def current_for(target: models.Model, kind: str | None = None, key: str | None = None):
    """The documents standing for an object (not replaced), newest first."""
    qs = IssuedDocument.objects.for_target(target).current().select_related("kind")
    if kind:
        qs = qs.filter(kind__code=kind)
    return qs if key is None else qs.filter(key=key)


@transaction.atomic
def issue(
    *,
    kind: str,
    target: models.Model,
    template: str,
    snapshot: dict[str, Any],
    summary: str,
    issued_on: dt.date,
    by: User,
    title: str | None = None,
    signatory: Signatory | None = None,
    recipients: list[str] | None = None,
    replaces: IssuedDocument | None = None,
    reason: str = "",
    key: str = "",
) -> IssuedDocument:
    """Number, render once, store and audit a document. The caller has checked the user's right."""
    document_kind = DocumentKind.objects.get(code=kind)
    commune, village = _place_of(target)
    # Lock the object the document belongs to: two people issuing the same document at once
    # queue here, and the second finds the first one's number.
    type(target)._default_manager.select_for_update().filter(pk=target.pk).first()
    standing = current_for(target, kind, key)
    if replaces is not None:
        replaces = IssuedDocument.objects.select_for_update().get(pk=replaces.pk)
        if IssuedDocument.objects.filter(replaces=replaces).exists():
            raise DocumentError(
                _("Văn bản số %(number)s đã được thay thế; hãy đính chính văn bản thay thế nó.")
                % {"number": replaces.number or replaces.kind.name}
            )
        if not reason.strip():
            raise DocumentError(_("Cần ghi lý do thay thế văn bản đã ban hành."))
        standing = standing.exclude(pk=replaces.pk)
    if existing := standing.first():
        raise DocumentError(
            _(
                "%(kind)s này đã được ban hành (số %(number)s ngày %(date)s). "
                "Muốn sửa, hãy ban hành văn bản thay thế và ghi lý do."
            )
            % {
                "kind": document_kind.name,
                "number": existing.number or "—",
                "date": existing.issued_on.strftime("%d/%m/%Y"),
            }
        )
    if signatory is not None and (
        signatory.commune_id != commune.pk or not signatory.kinds.filter(pk=document_kind.pk).exists()
    ):
        raise DocumentError(_("Người ký đã chọn không được giao ký loại văn bản này."))
    signatory = signatory or default_signatory(document_kind, commune)
    serial, number = (
        numbering.take(commune, document_kind.suffix, issued_on.year)
        if document_kind.is_numbered
        else (None, "")
    )
    stored = frozen(snapshot)
    recipients = list(document_kind.default_recipients if recipients is None else recipients)
    title = title or document_kind.title
    context = _context(
        kind=document_kind,
        commune=commune,
        village=village,
        snapshot=stored,
        summary=summary,
        title=title,
        number=number,
        issued_on=issued_on,
        signatory=signatory,
        recipients=recipients,
        draft=False,
        replaces=replaces,
    )
    with override("vi"):  # an official document prints in Vietnamese in any UI language
        pdf = render_pdf(template, context)
    doc = IssuedDocument(
        commune=commune,
        village=village,
        kind=document_kind,
        year=issued_on.year,
        serial=serial,
        number=number,
        issued_on=issued_on,
        title=title,
        summary=summary,
        issuer=context["doc"]["issuer"],
        signatory=signatory,
        signer_name=context["signer"]["name"],
        signer_position=context["signer"]["position"],
        signer_authority="\n".join(context["signer"]["authority_lines"]),
        recipients=recipients,
        target=target,
        key=key,
        target_repr=str(target)[:250],
        target_url=target.get_absolute_url() if hasattr(target, "get_absolute_url") else "",
        template=template,
        snapshot=stored,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        replaces=replaces,
        correction_reason=reason.strip(),
        issued_by=by,
        search_key=search_key(number, title, summary, str(target)),
    )
    # The stored name never comes from a user: a random one, under the year.
    doc.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    try:
        doc.save()
    except Exception:
        doc.file.delete(save=False)
        raise
    audit.record(
        by,
        doc,
        "document.replaced" if replaces else "document.issued",
        number=number,
        kind=document_kind.code,
        target=str(target),
        sha256=doc.sha256,
        **({"replaces": replaces.number or str(replaces.pk), "reason": reason.strip()} if replaces else {}),
    )
    return doc


def replace(
    old: IssuedDocument,
    *,
    snapshot: dict[str, Any],
    reason: str,
    issued_on: dt.date,
    by: User,
    summary: str | None = None,
    signatory: Signatory | None = None,
    recipients: list[str] | None = None,
) -> IssuedDocument:
    """A correction: a new document of the same kind for the same object, replacing `old`."""
    return issue(
        kind=old.kind.code,
        target=old.target,
        template=old.template,
        snapshot=snapshot,
        summary=old.summary if summary is None else summary,
        issued_on=issued_on,
        by=by,
        title=old.title,
        signatory=signatory or old.signatory,
        recipients=old.recipients if recipients is None else recipients,
        replaces=old,
        reason=reason,
        key=old.key,
    )


def rebuild(doc: IssuedDocument) -> dict[str, Any]:
    """The snapshot its kind's builder makes from the object now (for a correction)."""
    kind_builder = BUILDERS.get(doc.kind.code)
    if kind_builder is None:
        raise DocumentError(_("Loại văn bản này chưa ban hành thay thế được trong ứng dụng."))
    return kind_builder.build(doc.target, doc.key)


def read(doc: IssuedDocument) -> bytes:
    """The stored bytes, checked against the SHA-256 taken at issue."""
    with doc.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise DocumentError(
            _("Tệp của văn bản %(number)s đã bị thay đổi sau khi ban hành.") % {"number": doc}
        )
    return data
