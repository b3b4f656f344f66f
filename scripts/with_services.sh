#!/usr/bin/env bash
# Run a command with the PostgreSQL and Redis that DATABASE_URL and REDIS_URL name,
# starting either one when it does not answer, and stopping afterwards only what
# this script started. Used by `make test`, so a fresh machine needs nothing
# prepared: PostgreSQL and Redis are installed with apt-get when missing (as root).
#
#   scripts/with_services.sh COMMAND [ARGS...]
#
# Only services on this machine (127.0.0.1 or localhost) are started; a remote URL
# is used as it is.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${REDIS_URL:?REDIS_URL must be set}"

log() { echo "== with_services: $*" >&2; }

# host and port of a URL such as postgres://user@127.0.0.1:5432/db
url_host() { sed -E 's#^[a-z0-9+]+://([^@/]*@)?([^:/]+).*#\2#' <<<"$1"; }
url_port() { sed -nE 's#^[a-z0-9+]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p' <<<"$1"; }
is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost ]]; }

PG_HOST="$(url_host "$DATABASE_URL")"
PG_PORT="$(url_port "$DATABASE_URL")"; PG_PORT="${PG_PORT:-5432}"
REDIS_HOST="$(url_host "$REDIS_URL")"
REDIS_PORT="$(url_port "$REDIS_URL")"; REDIS_PORT="${REDIS_PORT:-6379}"

started_pg=""
started_redis=""

apt_install() {
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing $*: install them as root with apt-get"
    return 1
  fi
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
}

wait_for() {
  local tries=30
  until "$@"; do
    ((--tries > 0)) || return 1
    sleep 1
  done
}

pg_answers() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null; }
redis_answers() {
  [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -d /etc/postgresql ]]; then
    apt_install postgresql postgresql-client || return 1
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A fresh cluster asks for passwords over TCP; the tests connect as postgres
  # without one, as on the development machines.
  if [[ -w "$hba" ]] && ! grep -qE '^host\s+all\s+postgres\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
  fi
  log "starting PostgreSQL $version on port $PG_PORT"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start -- -o "-p $PG_PORT" \
    || pg_ctlcluster --skip-systemctl-redirect "$version" main start || return 1
  wait_for pg_answers || return 1
  started_pg="$version"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || return 1
  log "starting Redis on port $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
    --save "" --appendonly no >/dev/null || return 1
  wait_for redis_answers || return 1
  started_redis="$REDIS_PORT"
}

stop_started() {
  if [[ -n "$started_redis" ]]; then
    log "stopping the Redis it started (port $started_redis)"
    redis-cli -h 127.0.0.1 -p "$started_redis" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [[ -n "$started_pg" ]]; then
    log "stopping the PostgreSQL it started ($started_pg)"
    pg_ctlcluster --skip-systemctl-redirect "$started_pg" main stop || true
  fi
}
trap stop_started EXIT

command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools

if is_local "$PG_HOST" && ! pg_answers; then
  start_postgres || { log "PostgreSQL does not answer on $PG_HOST:$PG_PORT"; exit 1; }
fi
if is_local "$REDIS_HOST" && ! redis_answers; then
  start_redis || { log "Redis does not answer on $REDIS_HOST:$REDIS_PORT"; exit 1; }
fi

"$@"
