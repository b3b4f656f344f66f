#!/usr/bin/env bash
# Install the Debian packages the portal needs and the machine lacks: gettext
# (msgfmt, for compilemessages) and WeasyPrint's Pango/HarfBuzz libraries; with
# --browser also Chromium for the browser tests. Installs nothing when all are there.
set -euo pipefail

want=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
if command -v dpkg-query >/dev/null 2>&1; then
  for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    installed "$package" || want+=("$package")
  done
fi
if [[ "${1:-}" == "--browser" && ! -x /usr/bin/chromium ]]; then
  want+=(chromium)
fi

((${#want[@]})) || exit 0
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${want[*]} (install them as root with apt-get)" >&2
  exit 1
fi
echo "Installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${want[@]}"
