"""The per-file size limit, enforced while the request body is read.

First in settings.FILE_UPLOAD_HANDLERS: it counts each file's bytes as they arrive and,
at the first byte over EVIDENCE_MAX_FILE_SIZE, stops reading the request (the rest of
the body is neither read nor stored) after closing the file being received (Django then
deletes its temporary file). The refusal is left on the request for the view to report
by name. Below the limit, Django's own handlers keep a file in memory up to
FILE_UPLOAD_MAX_MEMORY_SIZE and in a temporary file beyond, so a 20 MB upload never sits
in memory whole.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

REFUSED_ATTRIBUTE = "_evidence_refused"


def refused_uploads(request: HttpRequest) -> list[tuple[str, str]]:
    """(file name, reason) of the files the handler stopped, in order."""
    return getattr(request, REFUSED_ATTRIBUTE, [])


class SizeLimitedUploadHandler(FileUploadHandler):
    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        limit = settings.EVIDENCE_MAX_FILE_SIZE
        if start + len(raw_data) > limit:
            refused = getattr(self.request, REFUSED_ATTRIBUTE, [])
            refused.append(
                (
                    self.file_name or "?",
                    _("it is larger than the %(limit)s allowed per file")
                    % {"limit": filesizeformat(limit)},
                )
            )
            setattr(self.request, REFUSED_ATTRIBUTE, refused)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None
