#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Upskill needs that are missing.
#   deps.sh run    what building and running needs
#   deps.sh test   that, plus what the tests need
#   deps.sh deb    what building the Debian package and checking it needs
#                  (tests/check-deb.sh, run with UPSKILL_TEST_DEB=1)
#   deps.sh fuzz   what the fuzz run needs (clang with its libFuzzer runtime)
#   deps.sh --list test   only print the package names
set -euo pipefail

want=(
  meson ninja-build gcc pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libpq-dev libxlsxwriter-dev libcsv-dev libzip-dev libxml2-dev
  libsecret-1-dev
  postgresql postgresql-contrib
  fonts-noto-cjk
)
test_want=(xvfb xauth python3 python3-openpyxl desktop-file-utils appstream gnome-keyring dbus-bin)
# Only for the package check: not in the default test list.
deb_want=(debhelper dpkg-dev fakeroot lintian)
# Only for the fuzz run of build-aux/test.sh (CI, or FUZZ=1).
fuzz_want=(clang libclang-rt-14-dev)

# deps.sh --list [run|test] prints the packages on one line, for apt-get.
list=false
if [ "${1:-}" = --list ]; then
  list=true
  shift
fi
if [ "${1:-run}" = test ]; then
  want+=("${test_want[@]}")
fi
if [ "${1:-run}" = deb ]; then
  want+=("${deb_want[@]}")
fi
if [ "${1:-run}" = fuzz ]; then
  want+=("${fuzz_want[@]}")
fi
if $list; then
  echo "${want[*]}"
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
# Debian's postgresql package starts a cluster of its own; Upskill does not
# use it (it runs a private server), so it may stay as it is.
