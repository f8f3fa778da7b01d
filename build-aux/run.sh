#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Upskill, fills the embedded database with demo data the first time,
# and opens the window.  Extra arguments go to upskill.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/deps.sh run
builddir=${BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=debugoptimized
fi
meson compile -C "$builddir"

"$builddir/app/upskill" demo --if-empty "$@"
exec "$builddir/app/upskill" "$@"
