"""Issued documents are sent only from here, after checking the user may see what they belong to;
the commune's register (sổ văn bản), corrections, and who signs."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo import access, audit
from giamngheo.documents import register, services
from giamngheo.documents.forms import RegisterFilterForm, ReplaceForm, SignatoryForm
from giamngheo.documents.models import IssuedDocument, Signatory
from giamngheo.documents.pdf import pdf_response
from giamngheo.text import search_key

PAGE_SIZE = 30


def documents_for(user, action: str = "document.view"):
    """Issued documents in the user's scope: a village's papers to its head and the commune
    above; commune-level papers to the commune's roles and the upper level."""
    return IssuedDocument.objects.filter(
        (Q(village__isnull=False) & access.place_q(user, "village", action=action))
        | (Q(village__isnull=True) & access.place_q(user, None, commune_path="commune", action=action))
    )


def may_replace(user, doc: IssuedDocument) -> bool:
    """Those who may issue the kind may issue its replacement (not once it is replaced)."""
    builder = register.BUILDERS.get(doc.kind.code)
    if builder is None or doc.successor is not None:
        return False
    if doc.village_id:
        return access.can(user, builder.action, village=doc.village)
    return access.can(user, builder.action, commune=doc.commune)


@require_GET
@login_required
def document_file(request, pk: int):
    doc = get_object_or_404(documents_for(request.user).select_related("kind", "village", "commune"), pk=pk)
    data = register.read(doc)
    # Issued documents carry names (and minutes, ID numbers): each download is logged.
    audit.record_export(
        request.user,
        f"{doc.kind.code}.pdf",
        place=doc.village or doc.commune,
        rows=1,
        filters={"number": doc.number or str(doc.pk)},
    )
    return pdf_response(data, doc.filename)


# What may stand before a word in a number, title or trích yếu: "1/TTr-UBND", "(Thôn Hà Trữ)".
WORD_STARTS = (" ", "/", "-", "(", ".", ",")


def starts_a_word(word: str) -> Q:
    """Match `word` at the start of a word of the search key: "an" finds "dự án" and "an toàn",
    not the "an" inside "Ban Chỉ đạo"."""
    found = Q(search_key__startswith=word)
    for before in WORD_STARTS:
        found |= Q(search_key__contains=before + word)
    return found


@require_GET
@login_required
@access.action_required("document.register")
def register_list(request):
    """Sổ văn bản: the commune's issued documents, searchable, newest first."""
    communes = access.communes_for(request.user, "document.register").order_by("name")
    commune = None
    if chosen := request.GET.get("xa"):
        commune = communes.filter(pk=chosen if chosen.isdigit() else 0).first()
        if commune is None:
            raise Http404
    commune = commune or communes.first()
    if commune is None:
        raise PermissionDenied
    form = RegisterFilterForm(request.GET or None)
    docs = (
        documents_for(request.user, "document.register")
        .filter(commune=commune)
        .select_related("kind", "village", "replaced_by", "replaces")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in search_key(data["q"]).split():
                docs = docs.filter(starts_a_word(word))
        if data["kind"]:
            docs = docs.filter(kind=data["kind"])
        if data["date_from"]:
            docs = docs.filter(issued_on__gte=data["date_from"])
        if data["date_to"]:
            docs = docs.filter(issued_on__lte=data["date_to"])
    page = Paginator(docs.order_by("-issued_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(doc, may_replace(request.user, doc)) for doc in page]
    return render(
        request,
        "documents/register.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "commune": commune,
            "communes": communes if communes.count() > 1 else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_replace(request, pk: int):
    """Ban hành văn bản thay thế: a new number, rebuilt from the object now, with a reason."""
    doc = get_object_or_404(
        documents_for(request.user).select_related("kind", "commune", "village", "replaced_by"), pk=pk
    )
    if not may_replace(request.user, doc):
        raise PermissionDenied
    form = ReplaceForm(request.POST or None, doc=doc)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            new = register.replace(
                doc,
                snapshot=register.rebuild(doc),
                reason=data["reason"],
                issued_on=data["issued_on"],
                by=request.user,
                signatory=data["signatory"],
            )
        except register.DocumentError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("Đã ban hành văn bản thay thế số %(new)s; văn bản %(old)s được đánh dấu đã bị thay thế.")
                % {"new": new.number or new.title, "old": doc.number or doc.title},
            )
            return redirect(new.target_url or "documents:register")
    return render(request, "documents/replace.html", {"doc": doc, "form": form})


# ---- who signs -----------------------------------------------------------------------------------


def _signatory_form(request, commune, signatory: Signatory | None):
    # The form validates a copy: the service compares the signatory as it was with the new values.
    form = SignatoryForm(request.POST or None, instance=copy.copy(signatory) if signatory else None)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        kinds = data.pop("kinds")
        services.save_signatory(commune, by=request.user, signatory=signatory, kinds=kinds, **data)
        messages.success(request, _("Đã lưu người ký %(name)s.") % {"name": data["full_name"]})
        return redirect("commune_settings", commune.pk)
    return render(
        request, "documents/signatory_form.html", {"form": form, "commune": commune, "signatory": signatory}
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("document.signatories")
def signatory_add(request, commune_pk: int):
    commune = access.get_commune(request.user, commune_pk, "document.signatories")
    return _signatory_form(request, commune, None)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("document.signatories")
def signatory_edit(request, pk: int):
    signatory = get_object_or_404(
        Signatory.objects.filter(
            commune__in=access.communes_for(request.user, "document.signatories")
        ).select_related("commune"),
        pk=pk,
    )
    return _signatory_form(request, signatory.commune, signatory)
