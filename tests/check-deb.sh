#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package: built from a copy of the working tree with
# dpkg-buildpackage, lintian reports no error, and it holds what a desktop
# needs.  Slow (a whole build): skipped (exit 77) unless UPSKILL_TEST_DEB=1.
#   check-deb.sh SOURCE_DIR
# Needs the packages of "build-aux/deps.sh deb".
set -u
src=$1

if [ "${UPSKILL_TEST_DEB:-}" != 1 ]; then
  echo "1..0 # SKIP set UPSKILL_TEST_DEB=1 to build the Debian package"
  exit 77
fi

n=0
status=0
tap() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi; }
quote() { sed 's/^/# /'; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree="$work/upskill-0.1.0"
mkdir -p "$tree"

# The working tree as it is (uncommitted files too), without build
# directories (any folder meson configured) and Git's.
excludes=(--exclude=./.git --exclude='./obj-*' --exclude=./debian/upskill
          --exclude=./debian/.debhelper --exclude=./debian/tmp)
for d in "$src"/*/; do
  [ -d "$d/meson-private" ] && excludes+=("--exclude=./$(basename "$d")")
done
tar -C "$src" "${excludes[@]}" -cf - . | tar -C "$tree" -xf -

if (cd "$tree" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
  tap ok "dpkg-buildpackage -us -uc -b"
else
  tail -n 40 "$work/build.log" | quote
  tap fail "dpkg-buildpackage -us -uc -b"
fi

deb=$(ls "$work"/upskill_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
  echo "1..$n"
  exit 1
fi

if lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1; then
  tap ok "lintian reports no error"
else
  tap fail "lintian reports no error"
fi
quote <"$work/lintian.log"

dpkg-deb -c "$deb" >"$work/contents"
for f in \
  ./usr/bin/upskill \
  ./usr/share/applications/io.github.upskill.Upskill.desktop \
  ./usr/share/metainfo/io.github.upskill.Upskill.metainfo.xml \
  ./usr/share/icons/hicolor/scalable/apps/io.github.upskill.Upskill.svg \
  ./usr/share/icons/hicolor/symbolic/apps/io.github.upskill.Upskill-symbolic.svg \
  ./usr/share/glib-2.0/schemas/io.github.upskill.Upskill.gschema.xml \
  ./usr/share/locale/zh_CN/LC_MESSAGES/upskill.mo \
  ./usr/share/upskill/guide/C/index.html \
  ./usr/share/upskill/guide/zh_CN/index.html \
  ./usr/share/man/man1/upskill.1.gz \
  ./usr/share/doc/upskill/copyright
do
  if grep -q " $f\$" "$work/contents"; then tap ok "holds ${f#.}"; else tap fail "holds ${f#.}"; fi
done

depends=$(dpkg-deb -f "$deb" Depends)
echo "# Depends: $depends"
for d in postgresql-15 libpq5 libgtk-4-1 libadwaita-1-0; do
  if echo "$depends" | grep -q "$d"; then tap ok "depends on $d"; else tap fail "depends on $d"; fi
done

dpkg-deb -x "$deb" "$work/root"
if "$work/root/usr/bin/upskill" --version >/dev/null 2>&1; then
  tap ok "the packaged upskill runs"
else
  tap fail "the packaged upskill runs"
fi

# Left for the caller, who may install it: apt-get install ./upskill_*.deb
if [ -n "${UPSKILL_DEB_OUT:-}" ]; then
  cp "$deb" "$UPSKILL_DEB_OUT"/
fi

echo "1..$n"
exit $status
