"""gunicorn settings for `make serve` and the systemd unit (docs/DEPLOY.md).

Workers: 2 x CPU cores + 1, the usual figure for a mostly-waiting web app, capped at 8:
a commune has tens of users, and each worker holds its own database connection and
memory. WEB_CONCURRENCY overrides it (for SQLite on a small machine 3 is plenty).
"""

import os

cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * cores + 1, 8))
# PDF and XLSX reports can take a while on a slow machine.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
