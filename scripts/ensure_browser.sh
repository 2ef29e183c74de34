#!/usr/bin/env bash
# Make sure Debian's chromium (and its driver) are present for the browser tests.
# Playwright drives this system browser through executable_path; we never run
# `playwright install`, which would download a browser build of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_browser: chromium is missing and installing it needs root (apt-get)." >&2
    echo "ensure_browser: run 'sudo apt-get install chromium chromium-driver'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
