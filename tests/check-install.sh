#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A DESTDIR install, as a packager runs it (no root needed): every file a
# desktop needs is in place.  TAP, run by meson test.
set -u
build=$1
prefix=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0
status=0
tap() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi; }

if DESTDIR="$dest" meson install -C "$build" --no-rebuild --quiet >"$dest.log" 2>&1; then
  tap ok "meson install into DESTDIR"
else
  sed 's/^/# /' "$dest.log"; tap fail "meson install into DESTDIR"
fi
rm -f "$dest.log"

root="$dest$prefix"
for f in \
  bin/upskill \
  share/applications/io.github.upskill.Upskill.desktop \
  share/metainfo/io.github.upskill.Upskill.metainfo.xml \
  share/icons/hicolor/scalable/apps/io.github.upskill.Upskill.svg \
  share/icons/hicolor/symbolic/apps/io.github.upskill.Upskill-symbolic.svg \
  share/glib-2.0/schemas/io.github.upskill.Upskill.gschema.xml \
  share/upskill/guide/C/index.html \
  share/upskill/guide/zh_CN/index.html \
  share/upskill/guide/guide.css \
  share/locale/zh_CN/LC_MESSAGES/upskill.mo \
  share/locale/zh_TW/LC_MESSAGES/upskill.mo
do
  if [ -s "$root/$f" ]; then tap ok "installs $f"; else tap fail "installs $f"; fi
done

if [ -x "$root/bin/upskill" ] && "$root/bin/upskill" --version >/dev/null 2>&1; then
  tap ok "the installed upskill runs"
else
  tap fail "the installed upskill runs"
fi

echo "1..$n"
exit $status
