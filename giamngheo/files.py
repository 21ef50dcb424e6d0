"""Uploaded files (scans of signed commitments, minutes) hold personal data.

No URL serves MEDIA_ROOT: each file is sent by a view that has already checked the user's scope.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_file_response(field: FieldFile) -> FileResponse:
    """Send a stored file inline (404 if none); the caller has checked access."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(field.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
