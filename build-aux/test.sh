#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Upskill and runs every test against throwaway PostgreSQL clusters,
# GUI tests under Xvfb.  With CI=true the tests run a second time under
# AddressSanitizer and UndefinedBehaviorSanitizer.  Ends with one line:
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash build-aux/deps.sh test || exit 1

passed=0
failed=0

# Counts TAP results (a test program's subtests) and whole non-TAP tests
# from meson's test log.
count() {
  python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, re, sys
p = f = 0
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    out = t.get("stdout") or ""
    ok = len(re.findall(r"^ok \d+(?! # SKIP)", out, re.M))
    bad = len(re.findall(r"^not ok \d+", out, re.M))
    if ok or bad:
        p += ok; f += bad
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and bad == 0:
            f += 1  # crashed or timed out after its last "ok"
    elif t["result"] == "OK":
        p += 1
    elif t["result"] not in ("SKIP", "EXPECTEDFAIL"):
        f += 1
print(p, f)
PY
}

run_suite() {
  local builddir=$1; shift
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$@" >/dev/null || { failed=$((failed + 1)); return; }
  fi
  if ! meson compile -C "$builddir"; then
    failed=$((failed + 1)); return
  fi
  # With KEYRING=1: on a session bus of its own with an unlocked keyring
  # (a throwaway one), so that the connection dialog's "remember the
  # password" is tried against a real secret service, not skipped.
  local session=()
  if [ "${KEYRING:-}" = 1 ] && command -v dbus-run-session >/dev/null \
     && command -v gnome-keyring-daemon >/dev/null; then
    session=(dbus-run-session -- bash -c \
      'printf upskill | XDG_DATA_HOME="$(mktemp -d)" gnome-keyring-daemon --unlock --components=secrets >/dev/null
       exec "$@"' keyring)
  fi
  "${session[@]}" xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$builddir" --print-errorlogs --num-processes 2 --timeout-multiplier "${TIMEOUT_MULTIPLIER:-1}"
  read -r p f < <(count "$builddir") || { p=0; f=1; }
  echo "$builddir: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f))
}

# In CI the Debian package is built and linted too (tests/check-deb.sh),
# once, in the first suite.
if [ "${CI:-}" = true ] && bash build-aux/deps.sh deb; then
  export UPSKILL_TEST_DEB=1
fi
KEYRING=1 run_suite "${BUILDDIR:-_build}" --buildtype=debugoptimized -Dwerror=true
unset UPSKILL_TEST_DEB

if [ "${CI:-}" = true ] || [ "${SANITIZE:-}" = 1 ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  TIMEOUT_MULTIPLIER=3 run_suite "${BUILDDIR:-_build}-sanitize" --buildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false
fi

# The import's readers under libFuzzer, briefly: clang builds the two fuzz
# targets (tests/fuzz), each runs for FUZZ_SECONDS from its seed corpus; a
# crash or a sanitizer report fails it.
if [ "${CI:-}" = true ] || [ "${FUZZ:-}" = 1 ]; then
  fuzz_dir="${BUILDDIR:-_build}-fuzz"
  if bash build-aux/deps.sh fuzz \
     && { [ -f "$fuzz_dir/build.ninja" ] || CC=clang meson setup "$fuzz_dir" --buildtype=debug >/dev/null; }; then
    for t in csv xlsx; do
      work=$(mktemp -d)
      if ninja -C "$fuzz_dir" "tests/fuzz/fuzz-$t-libfuzzer" >/dev/null \
         && "$fuzz_dir/tests/fuzz/fuzz-$t-libfuzzer" -max_total_time="${FUZZ_SECONDS:-20}" -print_final_stats=1 \
              -artifact_prefix="$work/" "$work" "tests/fuzz/corpus/$t" >"$work/log" 2>&1; then
        echo "fuzz-$t: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$') runs, no crash"
        passed=$((passed + 1))
      else
        echo "fuzz-$t FAILED:"; tail -30 "$work/log"
        failed=$((failed + 1))
      fi
      rm -rf "$work"
    done
  else
    echo "fuzz: cannot build with clang"; failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
