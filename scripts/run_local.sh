#!/usr/bin/env bash
# Run the portal locally, as `make run` does: migrate, load plan 5774 for a day two
# weeks ahead, create the demo accounts, then serve on http://127.0.0.1:8000 with a
# Celery worker (and its embedded beat). Ctrl-C stops all of them.
#
# Settings default to config.settings.local: SQLite and a filesystem broker under
# var/, e-mail written to var/mail/. Export DATABASE_URL and REDIS_URL to use
# PostgreSQL and Redis instead.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV_BIN="${VENV_BIN:-.venv/bin}"
PY="$VENV_BIN/python"
HOST="${PORTAL_HOST:-127.0.0.1}"
PORT="${PORTAL_PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
export PYTHONUNBUFFERED=1

port_taken() {
  "$PY" - "$HOST" "$PORT" <<'PYCODE'
import socket, sys
with socket.socket() as s:
    s.settimeout(1)
    sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PYCODE
}

if port_taken; then
  echo "Something already listens on $HOST:$PORT; stop it or set PORTAL_PORT." >&2
  exit 1
fi

mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/media

if [[ -n "${DATABASE_URL:-}" ]]; then
  echo "Database: $(sed -E 's#//([^:@/]*):[^@/]*@#//\1:***@#' <<<"$DATABASE_URL")"
else
  echo "Database: SQLite var/portal.sqlite3"
fi
if [[ -n "${REDIS_URL:-}" ]]; then
  echo "Celery broker: $(sed -E 's#//([^:@/]*):[^@/]*@#//\1:***@#' <<<"$REDIS_URL")"
else
  echo "Celery broker: filesystem, var/broker/"
fi

# The conference day, two weeks from today in Vietnam: the demo is always upcoming.
CONFERENCE_DATE="$("$PY" -c '
import datetime, zoneinfo
today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).date()
print(today + datetime.timedelta(days=14))
')"

"$PY" manage.py migrate --noinput
"$PY" manage.py load_plan --date "$CONFERENCE_DATE"
"$PY" manage.py seed_demo --accounts

# Each background job gets its own process group, so Ctrl-C reaches only this
# script, and the trap stops every process a job started (runserver's reloader
# child, the worker's pool and beat).
set -m
pids=()

stop_all() {
  trap - EXIT INT TERM
  local pid tries
  # The leaders first: the worker then shuts its pool and beat down itself, and
  # runserver its reloader child.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    tries=100
    while kill -0 -- "-$pid" 2>/dev/null && ((tries-- > 0)); do sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  echo "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No -Q: the worker consumes every queue the settings declare, e-mail's included.
"$VENV_BIN/celery" -A config worker -B --loglevel=INFO --concurrency=2 </dev/null &
pids+=("$!")
"$PY" manage.py runserver "$HOST:$PORT" </dev/null &
pids+=("$!")
set +m

echo "Portal: http://$HOST:$PORT/  (Ctrl-C stops the server, the worker and beat)"
echo "Demo accounts: admin, cchc, tttt, vpb, snv-<province code> (e.g. snv-01 Hà Nội); password demo12345"
echo "E-mail (reminders included, sent by the embedded beat and worker): one .eml file each in var/mail/; see /outbox/"
# Whichever stops first, stop the rest.
wait -n
