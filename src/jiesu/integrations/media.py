"""Pictures that come with a request — a citizen's photos on the portal, an Open311 client's
``media`` upload: recognised by their first bytes, never by the name or the type the sender
claims, and held to a size; and a small thumbnail the application serves to the desk."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jiesu.core.errors import ValidationFailed

# The first bytes of the picture formats a phone sends.
_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
THUMBNAIL_PIXELS = 320  # the longer side of a thumbnail


def image_type(upload: UploadedFile, *, field: str) -> str:
    """The picture's MIME type from its first bytes, or ``invalid_photo``."""
    head = upload.read(12)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, content_type in _SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    raise ValidationFailed(
        "invalid_photo",
        _("“%(name)s”不是照片：只接受 JPEG、PNG、GIF、WebP 图片。") % {"name": upload.name},
        field=field,
    )


def check_images(uploads: list[UploadedFile], *, field: str, most: int) -> list[str]:
    """Their MIME types, once every upload is a picture within ``JIESU_PORTAL_PHOTO_BYTES``."""
    size = settings.JIESU_PORTAL_PHOTO_BYTES
    if len(uploads) > most:
        raise ValidationFailed(
            "too_many_photos", _("最多上传 %(most)d 张照片。") % {"most": most}, field=field
        )
    for upload in uploads:
        if (upload.size or 0) > size:
            raise ValidationFailed(
                "photo_too_large",
                _("“%(name)s”超过 %(mb)d MB，请压缩后再上传。")
                % {"name": upload.name, "mb": size // (1024 * 1024)},
                field=field,
            )
    return [image_type(upload, field=field) for upload in uploads]


def thumbnail(data: bytes) -> bytes | None:
    """A JPEG at most ``THUMBNAIL_PIXELS`` on its longer side, or None if the picture cannot be
    read (the page then offers the original as a link)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
