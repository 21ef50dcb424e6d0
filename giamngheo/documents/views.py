"""Issued documents are sent only from here, after checking the user may see what they belong to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from giamngheo import access
from giamngheo.documents import register
from giamngheo.documents.models import IssuedDocument
from giamngheo.documents.pdf import pdf_response


def documents_for(user):
    """Issued documents in the user's scope: a village's papers to its head and the commune
    above; commune-level papers to the commune's roles and the upper level."""
    return IssuedDocument.objects.filter(
        (Q(village__isnull=False) & access.place_q(user, "village", action="document.view"))
        | (
            Q(village__isnull=True)
            & access.place_q(user, None, commune_path="commune", action="document.view")
        )
    )


@require_GET
@login_required
def document_file(request, pk: int):
    doc = get_object_or_404(documents_for(request.user).select_related("kind"), pk=pk)
    return pdf_response(register.read(doc), doc.filename)
