#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and storage:
#
#   DATABASE_URL=postgres://…/portal_new scripts/restore.sh var/backups/20221122T010000Z
#
# The database must exist and have no table (createdb, or a new managed
# instance): restoring over live data is refused. The files go to the storage the
# settings name (MEDIA_ROOT, or the S3 bucket with DJANGO_STORAGE=s3). Then start
# the portal on this database; /readyz answers 200 once its migrations match.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PYTHON:-python}"
if [[ -x .venv/bin/python && -z "${PYTHON:-}" ]]; then PY=.venv/bin/python; fi
backup="${1:?usage: scripts/restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the empty database to restore into}"

for part in database.dump media.tar SHA256SUMS; do
  [[ -f "$backup/$part" ]] || { echo "$backup/$part is missing" >&2; exit 2; }
done
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || {
  echo "$backup is damaged: its checksums do not match" >&2
  exit 2
}

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [[ "$tables" != "0" ]]; then
  echo "the database already has $tables tables: restore into an empty one" >&2
  exit 3
fi

started=$(date +%s)
pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$backup/database.dump"
"$PY" manage.py restore_media --input "$backup/media.tar"
echo "restored $backup in $(( $(date +%s) - started )) s"
