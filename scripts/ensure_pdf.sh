#!/usr/bin/env bash
# Make sure the Debian libraries WeasyPrint (the report's --pdf) draws with are present: pango
# (with its FreeType backend) and HarfBuzz, plus fonts: DejaVu, and Droid Sans Fallback for
# Chinese, Japanese and Korean text (7 MB; without it a CJK company name prints as boxes).
# WeasyPrint itself comes from PyPI (pyproject.toml); it loads these libraries when it starts.
set -euo pipefail
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
if have libpango-1.0.so.0 && have libpangoft2-1.0.so.0 && have libharfbuzz.so.0 \
    && fc-list 2>/dev/null | grep -qi dejavu && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; then
    exit 0
fi
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
fonts-dejavu-core fonts-droid-fallback"
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_pdf: pango or a font is missing and installing them needs root (apt-get)." >&2
    echo "ensure_pdf: run 'sudo apt-get install $PACKAGES'." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
have libpango-1.0.so.0
