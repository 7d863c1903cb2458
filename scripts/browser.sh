#!/usr/bin/env bash
# Install (if missing) Debian's headless-capable Chromium for the real-browser tests, as root.
# Playwright drives it through ExecutablePath (PIPELINE_CHROMIUM, default /usr/bin/chromium), so nothing downloads a
# browser build. Idempotent: a second run only checks, without touching apt. Called by scripts/services.sh.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "browser.sh: must run as root" >&2; exit 1; }
# fonts-liberation: pages render with real glyphs in the screenshots, not boxes.
pkgs=(chromium fonts-liberation)
missing=(); for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "==> $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing') ready for the browser tests"
