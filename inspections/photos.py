"""Photos taken on a phone at an inspection: checked by their bytes, shrunk, stripped of location.

The browser's declared type and the file name are ignored: the first bytes say what it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_BYTES = 12 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 50_000_000  # a 12 MB file claiming 20 000 × 20 000 pixels is refused before decoding

SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)


@dataclass(frozen=True)
class Photo:
    content: bytes
    width: int
    height: int


def sniff(head: bytes) -> str | None:
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def process(upload, *, keep_location: bool = False) -> Photo:
    """Validate and re-encode one upload as JPEG (≤ MAX_SIDE px). Raises ValidationError in Vietnamese."""
    name = getattr(upload, "name", "") or _("ảnh")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Ảnh “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"name": name, "size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    data = upload.read()
    if sniff(data[:16]) is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải ảnh (chỉ nhận ảnh JPEG, PNG hoặc WebP).") % {"name": name}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Ảnh “%(name)s” có kích thước điểm ảnh quá lớn.") % {"name": name})
            probe.verify()
        image = Image.open(io.BytesIO(data))
        exif = image.getexif()
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = image.convert("RGB")
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("Không đọc được ảnh “%(name)s”: tệp bị hỏng.") % {"name": name}) from None
    out = io.BytesIO()
    options = {"quality": 82, "optimize": True}
    if keep_location and exif:
        # The orientation has been applied to the pixels; keep the rest (GPS included).
        exif.pop(0x0112, None)
        options["exif"] = exif.tobytes()
    image.save(out, "JPEG", **options)
    return Photo(out.getvalue(), image.width, image.height)
