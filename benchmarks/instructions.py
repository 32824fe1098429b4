"""Instructions per uncached request, counted by valgrind (callgrind): a figure that does
not move with what else the machine is doing, unlike the milliseconds of
`benchmarks/dashboard.py` on a shared 2-core machine. Use it to compare two versions of
the code; the milliseconds still decide the goals.

The 110 villages × 10 years database is built as `benchmarks/dashboard.py` builds it.
Then, for each page, the requests run under callgrind with counting switched on only
around them (`callgrind_control -i on/off`), once with 2 and once with 7 requests, the
page cache emptied before each: (count of 7 − count of 2) / 5 is the count of one
request, without the start-up and the switching. Prints millions of instructions per
request and the ratio minimal ÷ page. Without valgrind it says so and stops.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
PAGES = {
    "minimal": "/accounts/password/",
    "dashboard": "/dashboard/2024-03/",
    "criterion": "/dashboard/2024-03/criteria/17/",
}
FEW, MANY = 2, 7


def load_dashboard_benchmark():
    spec = importlib.util.spec_from_file_location("bench_dashboard", HERE.with_name("dashboard.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def switch_counting(on: bool) -> None:
    """Counting on or off in this process, which keeps running Python meanwhile:
    callgrind takes the command while its guest executes, not while it sleeps."""
    command = subprocess.Popen(
        ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
        stdout=subprocess.DEVNULL,
    )
    while command.poll() is None:
        sum(range(1000))


def child() -> None:
    """Under callgrind: `NTM_REQUESTS` uncached requests of `NTM_URL` on `NTM_DATABASE`."""
    bench = load_dashboard_benchmark()  # sets up Django as the dashboard benchmark does
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    connection.settings_dict["NAME"] = os.environ["NTM_DATABASE"]
    url = os.environ["NTM_URL"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="truongban"))
    for _ in range(2):  # imports, template compilation, first queries
        cache.clear()
        assert client.get(url).status_code == 200, url
    switch_counting(True)
    for _ in range(int(os.environ["NTM_REQUESTS"])):
        cache.clear()
        client.get(url)
    switch_counting(False)
    shutil.rmtree(bench.DATA_DIR, ignore_errors=True)


def counted(database: str, url: str, requests: int) -> int:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            str(HERE),
        ],
        env={
            **os.environ,
            "NTM_CALLGRIND_CHILD": "1",
            "NTM_DATABASE": database,
            "NTM_URL": url,
            "NTM_REQUESTS": str(requests),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : ([\d,]+)", result.stderr)
    assert found, result.stderr[-2000:]
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("valgrind is not installed (apt-get install valgrind): nothing measured.")
        return
    bench = load_dashboard_benchmark()
    from django.db import connection

    template = bench.prepare()
    bench.use_database(template, "110x10")
    records = bench.fill(110, 120)
    database = connection.settings_dict["NAME"]
    connection.close()
    print(f"110 villages × 120 months ({records:,} records added); callgrind, uncached.")
    print(f"{'page':36} {'M instructions':>15} {'ratio':>7}")
    per_request = {}
    for name, url in PAGES.items():
        few, many = counted(database, url, FEW), counted(database, url, MANY)
        per_request[name] = (many - few) / (MANY - FEW)
        ratio = per_request["minimal"] / per_request[name]
        print(f"{url:36} {per_request[name] / 1e6:15.1f} {ratio:7.3f}")
    shutil.rmtree(bench.DATA_DIR, ignore_errors=True)


if __name__ == "__main__":
    child() if os.environ.get("NTM_CALLGRIND_CHILD") else main()
