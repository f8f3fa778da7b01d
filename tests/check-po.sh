#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Translators' safety net, run by meson test:
#  - every source file with translatable strings is listed in po/POTFILES.in
#    (and every listed file exists);
#  - each language in po/LINGUAS passes msgfmt --check and has no
#    untranslated or fuzzy message against the current sources.
set -u
src=$1
build=$2
status=0
n=0

tap() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; status=1; fi; }

cd "$src" || exit 1

missing=$(git ls-files 2>/dev/null '*.c' '*.ui' '*.in' '*.xml' | grep -v '^tests/' | while read -r f; do
  if grep -qE '\b(N_|_|C_|NC_)\(|g_dngettext|translatable="yes"' "$f" 2>/dev/null ||
     { case "$f" in *.desktop.in|*.metainfo.xml.in|*.gschema.xml) true;; *) false;; esac; }; then
    grep -qxF "$f" po/POTFILES.in || echo "$f"
  fi
done)
if [ -z "$missing" ]; then tap ok "POTFILES.in lists every file with translatable strings"
else echo "# missing from po/POTFILES.in: $missing" | tr '\n' ' '; echo; tap fail "POTFILES.in lists every file with translatable strings"; fi

gone=$(grep -vE '^\s*(#|$)' po/POTFILES.in | while read -r f; do [ -f "$f" ] || echo "$f"; done)
if [ -z "$gone" ]; then tap ok "every file in POTFILES.in exists"
else echo "# listed but missing: $gone"; tap fail "every file in POTFILES.in exists"; fi

pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --files-from=po/POTFILES.in \
  --directory="$src" -o "$pot" 2>/dev/null
if [ -s "$pot" ]; then tap ok "xgettext extracts the template"; else tap fail "xgettext extracts the template"; fi

for lang in $(grep -vE '^\s*(#|$)' po/LINGUAS); do
  if msgfmt --check -o /dev/null "po/$lang.po" 2>/tmp/msgfmt.$$; then tap ok "$lang: msgfmt --check"
  else sed 's/^/# /' /tmp/msgfmt.$$; tap fail "$lang: msgfmt --check"; fi
  rm -f /tmp/msgfmt.$$
  merged=$(mktemp --suffix=.po)
  msgmerge --quiet --no-fuzzy-matching -o "$merged" "po/$lang.po" "$pot" 2>/dev/null
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$merged" 2>&1)
  rm -f "$merged"
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    echo "# $lang: $stats"
    tap fail "$lang: every message translated, none fuzzy"
  else
    tap ok "$lang: every message translated, none fuzzy"
  fi
done

echo "1..$n"
exit $status
