"""What the benchmark scripts share: a median wall time and a peak memory. Running it
prints nothing (`make bench` runs every script of this folder)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def django_setup() -> None:
    """Django on a throw-away SQLite database in a temporary folder."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ntm-bench-")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def timed(function: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time over `runs` (after one warm-up run) and the last result."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_memory(function: Callable[[], object]) -> float:
    """Peak memory (MiB) Python allocated while `function` ran (tracemalloc)."""
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20
