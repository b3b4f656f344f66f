#!/usr/bin/env bash
# One backup of the portal: the database (pg_dump, custom format) and every
# uploaded and rendered file (on disk or in the S3 bucket, through the storage
# API), into $BACKUP_DIR/<UTC time>/; only the newest $BACKUP_KEEP are kept.
#
#   scripts/backup.sh               one backup now
#   scripts/backup.sh --every 21600 one every 6 hours, forever (compose's `backup`)
#
# Reads DATABASE_URL and the storage settings like the portal (config/settings).
# The database goes first: every file a row of the dump names was stored before
# the dump began, so it is in the archive taken after it. A backup is written
# under <time>.partial and renamed when complete, so a crash never leaves a
# half backup that looks whole, and pruning counts only complete ones.
set -euo pipefail

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$SELF")/.."
PY="${PYTHON:-python}"
if [[ -x .venv/bin/python && -z "${PYTHON:-}" ]]; then PY=.venv/bin/python; fi
BACKUP_DIR="${BACKUP_DIR:-var/backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"

if [[ "${1:-}" == "--every" ]]; then
  interval="${2:?--every needs a number of seconds}"
  while true; do
    bash "$SELF" || echo "backup failed; next try in ${interval} s" >&2
    sleep "$interval"
  done
fi

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
if [[ "$DATABASE_URL" != postgres://* && "$DATABASE_URL" != postgresql://* ]]; then
  echo "backup.sh backs up PostgreSQL only (DATABASE_URL is not postgres://)" >&2
  exit 2
fi

mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
partial="$BACKUP_DIR/$stamp.partial"
final="$BACKUP_DIR/$stamp"
rm -rf "$partial"
mkdir -p "$partial"
started=$(date +%s)

# libpq reads postgres:// URLs itself; the password never appears in `ps`.
pg_dump --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" \
  --file="$partial/database.dump"
"$PY" manage.py backup_media --output "$partial/media.tar"
(cd "$partial" && sha256sum database.dump media.tar > SHA256SUMS)
{
  echo "created_at=$stamp"
  echo "seconds=$(( $(date +%s) - started ))"
} > "$partial/BACKUP"
mv "$partial" "$final"

# Keep the newest $BACKUP_KEEP complete backups (names sort by time).
mapfile -t backups < <(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d \
  -name '????????T??????Z' | sort)
excess=$(( ${#backups[@]} - BACKUP_KEEP ))
for (( i = 0; i < excess; i++ )); do
  rm -rf -- "${backups[$i]}"
done
echo "$final"
