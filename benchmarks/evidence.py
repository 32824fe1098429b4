"""Evidence files: upload throughput and the dossier ZIP (`make bench`, docs/PERFORMANCE.md).

1. Upload of one file just under EVIDENCE_MAX_FILE_SIZE (20 MB) through the whole stack
   (WSGI handler, multipart parsing with the size-limit handler, temporary file, checks by
   content, SHA-256, storage): wall time, MB/s and peak Python memory (tracemalloc). The
   request body is read from a file, as a server hands it over, so the figure is the
   portal's own memory, not the test client's copy of the body.
2. Dossier ZIP of N files totalling S bytes, at a quarter of the size and at full size:
   build time and peak memory (the copy into the ZIP must stay flat as the dossier grows;
   the index PDF grows with the number of rows, not with their bytes).

    .venv/bin/python benchmarks/evidence.py            # --quick: 40 files, 80 MB (< 1 min)
    .venv/bin/python benchmarks/evidence.py --files 500 --total-mb 2048
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ntm-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["HTTPS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

MARCH = datetime.date(2024, 3, 1)
MB = 1024 * 1024


def measured(
    function: Callable[[], object], reset: Callable[[], object] = lambda: None
) -> tuple[float, float, object]:
    """Wall seconds (a run without tracing, which slows Python down), then peak Python
    memory in MB (a second run under tracemalloc), and the result; `reset` between."""
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    reset()
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / MB, result


def upload_benchmark(work: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.urls import reverse

    from evidence.models import Evidence
    from evidence.services import storage

    size = settings.EVIDENCE_MAX_FILE_SIZE - 64 * 1024
    token = _get_new_csrf_string()
    boundary = "BenchBoundary7MA4YWxkTrZu0gW"
    body = work / "request.bin"
    with body.open("wb") as out:
        for name, value in (
            ("csrfmiddlewaretoken", token),
            ("indicator", "17.1"),
            ("kind", "decision"),
        ):
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="Quyết định.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        out.write(b"%PDF-1.7\n")
        block = os.urandom(MB)
        written = 9
        while written < size:
            chunk = block[: min(MB, size - written)]
            out.write(chunk)
            written += len(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())

    client = Client()
    client.force_login(get_user_model().objects.get(username="thuongtruc"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    handler = WSGIHandler()

    def post() -> int:
        with body.open("rb") as stream:
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": reverse("evidence:upload_figure", kwargs={"month": MARCH}),
                "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
                "CONTENT_LENGTH": str(body.stat().st_size),
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "wsgi.input": stream,
                "wsgi.url_scheme": "http",
                "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}; "
                f"{settings.CSRF_COOKIE_NAME}={token}",
            }
            response = handler(environ, lambda status, headers: None)
            response.close()
            return Evidence.objects.count()

    def remove() -> None:
        for evidence in Evidence.objects.all():
            storage().delete(evidence.storage_name)
            evidence.delete()

    elapsed, peak, count = measured(post, remove)
    assert count == 1, "the upload was refused"
    print(
        f"upload {size / MB:.1f} MB: {elapsed:.2f} s, {size / MB / elapsed:.0f} MB/s, "
        f"peak Python memory {peak:.1f} MB"
    )


def dossier_benchmark(files: int, total_mb: int) -> None:
    from django.contrib.auth import get_user_model

    from criteria.models import Indicator
    from evidence import dossier
    from evidence.models import Evidence
    from evidence.selectors import dossier_evidence
    from evidence.services import storage
    from villages.models import Commune

    commune = Commune.objects.get()
    user = get_user_model().objects.get(username="thuongtruc")
    indicators = list(Indicator.objects.filter(criteria_set=commune.criteria_set))
    store = storage()
    per_file = total_mb * MB // files
    block = os.urandom(MB)
    for number in range(files):
        name = f"{commune.pk}/bench/{number:05d}.pdf"
        path = Path(store.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            left = per_file
            while left > 0:
                out.write(block[: min(MB, left)])
                left -= min(MB, left)
        Evidence.objects.create(
            commune=commune,
            indicator=indicators[number % len(indicators)],
            month=MARCH,
            title=f"Biên bản nghiệm thu {number}",
            kind="minutes",
            document_number=f"{number}/BB-UBND",
            original_name=f"{number}.pdf",
            storage_name=name,
            content_type="application/pdf",
            size=per_file,
            sha256=f"{number:064x}",
            uploaded_by=user,
        )
    rows = list(dossier_evidence(commune).values_list("pk", flat=True))
    # Warm-up: WeasyPrint loads its fonts once per process.
    dossier.index_pdf(commune=commune, subject="Hồ sơ", rows=[])
    for share in (4, 1):
        wanted = set(rows[: len(rows) // share])

        def build(wanted: set[int] = wanted) -> int:
            items = dossier_evidence(commune).filter(pk__in=wanted).iterator(chunk_size=200)
            with tempfile.TemporaryFile() as output:
                dossier.build_zip(
                    commune=commune, items=items, subject="Hồ sơ", members=True, output=output
                )
                return output.seek(0, os.SEEK_END)

        elapsed, peak, size = measured(build)
        print(
            f"dossier ZIP {len(wanted)} files, {size / MB:.0f} MB: {elapsed:.1f} s "
            f"({size / MB / elapsed:.0f} MB/s), peak Python memory {peak:.1f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=40, help="dossier files (default 40)")
    parser.add_argument("--total-mb", type=int, default=80, help="dossier size (default 80)")
    parser.add_argument("--quick", action="store_true", help="the defaults (under a minute)")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    # The 2024 seed alone: March 2024 stays open (the full demo sends and closes it, and
    # evidence of a closed month is frozen).
    call_command(
        "load_demo",
        until="2024-03",
        verbosity=0,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    with tempfile.TemporaryDirectory() as work:
        upload_benchmark(Path(work))
    dossier_benchmark(options.files, options.total_mb)


if __name__ == "__main__":
    main()
