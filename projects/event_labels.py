"""What each timeline event means, in the reader's language.

An `Event` stores its kind (a move of `Project.MOVES` or one of the notes below) and the
parameters its words need; the words are looked up here when the page is drawn, so an officer
working in English never writes English into the record.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOTES = {
    "created": gettext_lazy("Thôn lập đề xuất"),
    "copied": gettext_lazy("Thôn đề xuất lại từ dự án «%(source)s»"),
    "posting": gettext_lazy("Niêm yết công khai danh sách hộ"),
    "results_posting": gettext_lazy("Công khai kết quả thẩm định"),
    "complaint": gettext_lazy("Tiếp nhận phản ánh của %(who)s"),
    "complaint_resolved": gettext_lazy("Giải quyết phản ánh của %(who)s"),
    "adjusted": gettext_lazy("Điều chỉnh dự án lần %(number)s"),
}

# Documents an event cites, by a code and its parameters.
DOCUMENTS = {
    "decision": gettext_lazy("Quyết định số %(number)s ngày %(date)s của %(issuer)s"),
    "council_minutes": gettext_lazy("Biên bản họp hội đồng thẩm định số %(number)s ngày %(date)s"),
    "notice": gettext_lazy("Thông báo số %(number)s, niêm yết từ %(start)s đến %(end)s tại %(place)s"),
    "acceptance": gettext_lazy("Biên bản nghiệm thu %(number)s ngày %(date)s"),
    # issued through the document register (projects/issuing.py, projects/meetings.py)
    "posting_minutes": gettext_lazy("Biên bản niêm yết từ %(start)s đến %(end)s tại %(place)s"),
    "bcd_minutes": gettext_lazy("Biên bản họp BCĐ số %(number)s ngày %(date)s"),
    "submission": gettext_lazy("Tờ trình số %(number)s ngày %(date)s"),
}


def _format(template, params: dict) -> str:
    try:
        return str(template) % params if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def event_label(kind: str, params: dict | None) -> str:
    from projects.models import Project

    params = params or {}
    if kind in Project.MOVES:
        return str(Project.MOVES[kind].label)
    if kind in NOTES:
        return _format(NOTES[kind], params)
    return params.get("text") or kind


def event_document(params: dict | None) -> str:
    """The cited document in words, or "" when the event stores it as text (older events)."""
    doc = (params or {}).get("doc")
    if not doc or doc.get("code") not in DOCUMENTS:
        return ""
    return _format(DOCUMENTS[doc["code"]], doc)


def document(code: str, **params) -> dict:
    """The `params` entry naming a document (for Event.params["doc"])."""
    return {"code": code, **{k: str(v) for k, v in params.items()}}


# Labels once stored as text, in the languages the app ships, to recover each event's parameters.
STORED_PATTERNS = {
    "complaint": ("Tiếp nhận phản ánh của ", "Feedback received from "),
    "complaint_resolved": ("Giải quyết phản ánh của ", "Feedback from "),
}


def params_from_label(kind: str, label: str) -> dict:
    """The parameters of an event whose translated label was stored (data migration)."""
    if kind == "complaint_resolved" and label.startswith("Feedback from ") and label.endswith(" resolved"):
        return {"who": label.removeprefix("Feedback from ").removesuffix(" resolved")}
    for prefix in STORED_PATTERNS.get(kind, ()):
        if label.startswith(prefix):
            return {"who": label.removeprefix(prefix)}
    return {}


__all__ = ["DOCUMENTS", "NOTES", "_", "document", "event_document", "event_label", "params_from_label"]
