"""One way to make an official document: a template rendered to HTML, then to A4 PDF.

The stylesheet embeds Liberation Serif (Times New Roman metrics, full Vietnamese coverage,
shipped in static/reports/fonts) so every machine produces the same document.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    # WeasyPrint is imported inside write_pdf: it costs ~0.6 s and most requests never need it.
    return write_pdf(render_html(template_name, context), finders.find("reports/pdf.css"))


def write_pdf(html: str, css_path: str) -> bytes:
    """WeasyPrint's part: the same HTML and stylesheet always give the same document."""
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=str(css_path)).write_pdf(stylesheets=[CSS(filename=css_path)])


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )
    # Documents carry names and ID numbers: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response
