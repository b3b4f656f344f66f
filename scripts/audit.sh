#!/usr/bin/env bash
# `make audit`: pip-audit over the pinned dependencies (requirements.lock when the
# project has one, else the virtualenv `make test` installs from the requirements
# files). Fails on a known vulnerability. Where pip-audit's vulnerability database
# (PyPI's JSON API, or OSV with PIP_AUDIT_SERVICE=osv) cannot be reached, it says
# so plainly and exits 0: "no vulnerability found" would be a lie, and a machine
# without that network must still run `make test`. Run it where pypi.org is
# reachable before each release (docs/deploy.md).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN="${VENV_BIN:-.venv/bin}"
SERVICE="${PIP_AUDIT_SERVICE:-pypi}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

if [[ -f requirements.lock ]]; then
  what="requirements.lock"
  args=(--no-deps --disable-pip -r requirements.lock)
else
  what="the packages installed in $BIN/.. (requirements.txt, requirements-dev.txt)"
  args=()
fi

"$BIN/pip-audit" "${args[@]}" --vulnerability-service "$SERVICE" --progress-spinner off \
  --format json --output "$report" 2>"$report.err"
status=$?
if [[ ! -s "$report" ]]; then
  echo "pip-audit could not run: its vulnerability database ($SERVICE) is out of reach from this machine." >&2
  tail -3 "$report.err" >&2
  echo "NOT AUDITED. Run 'make audit' where pypi.org (or api.osv.dev) is reachable." >&2
  rm -f "$report.err"
  exit 0
fi
rm -f "$report.err"

"$BIN/python" - "$report" "$what" "$status" <<'PYCODE'
import json
import sys

report, what, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
dependencies = json.load(open(report))["dependencies"]
skipped = [d for d in dependencies if d.get("skip_reason")]
vulnerable = [d for d in dependencies if d.get("vulns")]
audited = len(dependencies) - len(skipped)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
if vulnerable:
    sys.exit(1)
if skipped and not audited:
    print(
        f"NOT AUDITED: pip-audit reached no vulnerability database from this machine "
        f"(all {len(skipped)} packages of {what} skipped: "
        f"{skipped[0]['skip_reason']}). Run 'make audit' where pypi.org is reachable.",
        file=sys.stderr,
    )
    sys.exit(0)
if skipped:
    names = ", ".join(d["name"] for d in skipped)
    print(f"Not audited ({len(skipped)}): {names}", file=sys.stderr)
print(f"No known vulnerability in {audited} packages of {what}.")
sys.exit(0)
PYCODE
