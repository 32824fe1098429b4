#!/usr/bin/env bash
# Load test: gunicorn on PostgreSQL with the demo commune, wrk with a signed-in session.
#
#   benchmarks/load.sh                 # 60 s per target at 20 connections
#   DURATION=10s CONNECTIONS=10 benchmarks/load.sh
#
# Targets: the minimal signed-in page (/accounts/password/: the framework, middleware
# and layout alone), the home page, the month workspace /months/2024-03/, the dashboard
# /dashboard/2024-03/ (cached after its first request, as in use), a POST of the Hợp Lộc
# village form with its values unchanged (saving unchanged creates nothing, so it can be
# repeated), and as the province coordinator (the demo with its province, 12 communes)
# the province dashboard /province/2024-03/ and the inbox /province/inbox/. Prints wrk's
# requests/s, latency percentiles and errors, then each page's requests/s as a ratio to
# the minimal page's (the goal for home, workspace and cached pages: ≥ 0.5). Loopback only; a temporary database and
# the server are removed on exit. Needs PostgreSQL on PG_URL, curl, and wrk (installed
# with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PORT=${PORT:-8765}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-20}
THREADS=${THREADS:-2}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
DB_NAME="ntm_load_$$"
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    psql "${PG_URL}/postgres" -qc "DROP DATABASE IF EXISTS \"${DB_NAME}\" WITH (FORCE)" || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

export DATABASE_URL="${PG_URL}/${DB_NAME}"
export SECRET_KEY="load-test-only-$$" DEBUG=0 HTTPS=0 TESTING=0 ENV_FILE=/dev/null
export ALLOWED_HOSTS=127.0.0.1 HOST=127.0.0.1 PORT LOG_LEVEL=ERROR
manage() { "$VENV/bin/python" manage.py "$@"; }

psql "${PG_URL}/postgres" -qc "CREATE DATABASE \"${DB_NAME}\""
manage migrate --no-input -v0
manage collectstatic --no-input -v0
# The 2024 seed alone: March 2024 stays the open month the figures below are posted to
# (the full demo sends, and so closes, every past month).
manage load_demo --until 2024-03 --province >/dev/null

# Signed-in sessions: the standing member (who sees and may write the most) and the
# province coordinator.
session_of() {
    manage shell -v0 -c "
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username='$1'))
print(client.cookies['sessionid'].value)"
}
SESSION=$(session_of thuongtruc)
PROVINCE_SESSION=$(session_of tinh.dieuphoi)

"$VENV/bin/gunicorn" --config ntm_portal/gunicorn_conf.py --access-logfile /dev/null \
    ntm_portal.wsgi >"$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }

# The village form as the browser would post it back: every field, values unchanged.
VILLAGE=$(manage shell -v0 -c "
from villages.models import Village
print(Village.objects.get(name='Hợp Lộc').pk)")
FORM_URL="/months/2024-03/villages/${VILLAGE}/"
curl -fs -c "$WORK/cookies" -b "sessionid=${SESSION}" "$BASE$FORM_URL" >"$WORK/form.html"
CSRF=$(awk '$6 == "csrftoken" {print $7}' "$WORK/cookies")
BODY=$("$VENV/bin/python" - "$WORK/form.html" <<'PY'
import sys
from html.parser import HTMLParser
from urllib.parse import urlencode

class Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.select = [], False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and not a.get("action"):
            self.inside = True
        elif self.inside and tag == "input" and a.get("type") != "checkbox" and "name" in a:
            self.fields.append((a["name"], a.get("value") or ""))
        elif self.inside and tag == "select":
            self.select = a["name"]
        elif self.inside and tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None

parser = Form()
parser.feed(open(sys.argv[1], encoding="utf-8").read())
print(urlencode(parser.fields))
PY
)
# Check once that the POST is accepted (302 back to the form, nothing new recorded).
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -b "sessionid=${SESSION}; csrftoken=${CSRF}" \
    --data "$BODY" "$BASE$FORM_URL")
[ "$STATUS" = 302 ] || { echo "the village form POST answered $STATUS, not 302" >&2; exit 1; }

cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "${BODY}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

RATES="$WORK/rates"
: >"$RATES"
run() {  # run LABEL PATH [wrk options...]; COOKIE= another session
    local label=$1 path=$2
    shift 2
    echo "== ${label}: ${path} (${DURATION}, ${CONNECTIONS} connections)"
    # A 10 s timeout (wrk's default is 2 s): a slow response counts in the latency
    # percentiles instead of vanishing from them as a "timeout".
    timeout 300 wrk --latency --timeout "${WRK_TIMEOUT:-10s}" -t "$THREADS" -c "$CONNECTIONS" \
        -d "$DURATION" -H "Cookie: ${COOKIE:-sessionid=${SESSION}; csrftoken=${CSRF}}" "$@" \
        "$BASE$path" >"$WORK/wrk.txt"
    grep -E "Requests/sec|  50%|  99%|requests in" "$WORK/wrk.txt"
    grep -E "Socket errors|Non-2xx" "$WORK/wrk.txt" || echo "  errors: 0"
    printf '%s\t%s\n' "$label" "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")" >>"$RATES"
}

expect_200() {  # expect_200 PATH COOKIE: a page that does not answer 200 is not measured
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "$2" "$BASE$1")
    [ "$status" = 200 ] || { echo "$1 answered $status, not 200" >&2; exit 1; }
}

PROVINCE_COOKIE="sessionid=${PROVINCE_SESSION}"
expect_200 "/accounts/password/" "sessionid=${SESSION}"
expect_200 "/dashboard/2024-03/" "sessionid=${SESSION}"
expect_200 "/province/2024-03/" "$PROVINCE_COOKIE"
expect_200 "/province/inbox/" "$PROVINCE_COOKIE"

echo "gunicorn: $(grep -c 'Booting worker' "$WORK/gunicorn.log") workers, PostgreSQL ${DB_NAME}," \
    "$(nproc) CPUs, load average$(uptime | sed 's/.*load average//')"
run "Minimal page" "/accounts/password/"
run "Home" "/"
run "Month workspace" "/months/2024-03/"
run "Dashboard" "/dashboard/2024-03/"
run "Village form POST (unchanged)" "$FORM_URL" -s "$WORK/post.lua"
COOKIE="$PROVINCE_COOKIE" run "Province dashboard" "/province/2024-03/"
COOKIE="$PROVINCE_COOKIE" run "Province inbox" "/province/inbox/"

echo "== Requests/s against the minimal page (load average$(uptime | sed 's/.*load average//'))"
awk -F '\t' 'NR == 1 {minimal = $2} {printf "  %-32s %8.1f req/s  ratio %.2f\n", $1, $2, $2 / minimal}' \
    "$RATES"
