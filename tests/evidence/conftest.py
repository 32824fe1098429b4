import datetime

import pytest
from django.core.files.storage import storages

MARCH = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    """Each test stores its files in its own folder, and Django's temporary upload files
    in another, so that "nothing stored, no temporary file left" can be checked."""
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    assert storages["evidence"].location == str(location)
    return location


@pytest.fixture
def stored_files(evidence_storage):
    def files():
        if not evidence_storage.exists():
            return []
        return sorted(
            p.relative_to(evidence_storage) for p in evidence_storage.rglob("*") if p.is_file()
        )

    return files


@pytest.fixture
def temporary_uploads(settings):
    from pathlib import Path

    def files():
        return list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())

    return files
