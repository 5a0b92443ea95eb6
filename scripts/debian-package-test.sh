#!/bin/bash
# Builds the Debian packages (badport, libbadport-dev, python3-badport) from this tree, checks
# them with lintian, installs them with apt-get, runs the installed `badport`, builds the
# consumer programs of tests/consumer against the installed package (find_package and
# pkg-config), imports the installed Python module outside the tree and runs its pytest
# fixture, and removes the packages again (KEEP_PACKAGES=1 keeps them).
#
#   scripts/debian-package-test.sh [OUTPUT_DIR]
#
# The build runs in a copy of the tree (tracked and untracked, not ignored, files) in a
# temporary directory; the .deb files are copied to OUTPUT_DIR when given.
# DEB_BUILD_OPTIONS defaults to "nocheck parallel=2": the test suite runs in CI on its own.
# Needs root or sudo for apt-get. Exit status: 0 all good, 1 a check failed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out_dir=${1:-}
work=$(mktemp -d -t badport-deb.XXXXXX)
installed=0

sudo_cmd=()
if [[ $(id -u) != 0 ]]; then sudo_cmd=(sudo); fi

cleanup() {
  if [[ $installed == 1 && ${KEEP_PACKAGES:-0} != 1 ]]; then
    "${sudo_cmd[@]}" apt-get remove -y -qq badport libbadport-dev python3-badport >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
die() { printf 'debian-package-test: %s\n' "$*" >&2; exit 1; }

# What dpkg-buildpackage, lintian and the consumer builds need; Build-Depends come from
# debian/control itself.
"$root/scripts/ensure-packages" dpkg-dev debhelper lintian fakeroot build-essential pkgconf python3-pytest
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq --no-install-recommends "$root" >/dev/null

version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
upstream=${version%-*}
src="$work/badport-$upstream"

step "copying the tree to $src"
mkdir -p "$src"
git -C "$root" ls-files -z --cached --others --exclude-standard |
  (cd "$root" && tar --null -T - -cf - 2>/dev/null) | tar -x -C "$src"
# Files deleted from the work tree but still in the index are skipped by tar; that is fine.

step "dpkg-buildpackage -us -uc -b"
# With the system's PATH, as on a build daemon: pybuild runs the first python3.X on PATH, which
# must be Debian's, not another installation's (pyenv, /usr/local).
(cd "$src" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck parallel=2} \
  PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg-buildpackage -us -uc -b)
arch=$(dpkg --print-architecture)
debs=("$work/badport_${version}_${arch}.deb" "$work/libbadport-dev_${version}_${arch}.deb"
      "$work/python3-badport_${version}_${arch}.deb")
for deb in "${debs[@]}"; do [[ -f $deb ]] || die "missing $deb"; done
if [[ -n $out_dir ]]; then mkdir -p "$out_dir" && cp "${debs[@]}" "$out_dir/"; fi

step "lintian (errors fail, warnings are shown)"
lintian --fail-on error --tag-display-limit 0 "$work/badport_${version}_${arch}.changes" ||
  die "lintian reports errors"

step "contents"
for deb in "${debs[@]}"; do dpkg-deb -c "$deb" | awk '{print $6}' | grep -v '/$'; done

step "libbadport-dev depends on what its static libraries need"
# Every module in the Requires and Requires.private of badport*.pc (badport's own aside) must
# come from a package that libbadport-dev depends on, or `pkg-config --static` and
# find_package fail on a clean system.
dev_depends=$(dpkg-deb -f "${debs[1]}" Depends)
modules=$(dpkg-deb --fsys-tarfile "${debs[1]}" | tar -xO --wildcards './usr/lib/*/pkgconfig/*.pc' |
  sed -n 's/^Requires\(\.private\)\{0,1\}: *//p' | tr ',' '\n' | awk '{print $1}' |
  grep -v '^badport' | sort -u)
for module in $modules; do
  pc=$(pkg-config --variable=pcfiledir "$module")/$module.pc
  owner=$(dpkg -S "$pc" | cut -d: -f1 | head -n1)
  [[ -n $owner ]] || die "no package owns $pc"
  grep -Eq "(^|[ ,])$owner([ ,(]|$)" <<<"$dev_depends" ||
    die "libbadport-dev needs \"$module\" (package $owner) but does not depend on it: add it to debian/control"
  echo "$module: $owner"
done

step "apt-get install"
installed=1
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "${debs[@]}"

step "the installed badport"
[[ $(command -v badport) == /usr/bin/badport ]] || die "badport is not /usr/bin/badport"
badport --version
set +e
badport check 6000 >"$work/check.out"
status=$?
set -e
[[ $status == 1 ]] || die "badport check 6000 exited $status, expected 1 (blocked)"
grep -q "x11" "$work/check.out" || die "badport check 6000 does not name x11"
badport check 6001 >/dev/null || die "badport check 6001 should exit 0"
[[ -f /usr/share/man/man1/badport.1.gz ]] || die "missing the man page"
for f in /usr/share/bash-completion/completions/badport /usr/share/zsh/vendor-completions/_badport \
         /usr/share/fish/vendor_completions.d/badport.fish; do
  [[ -f $f ]] || die "missing completion $f"
done
echo "badport check 6000: exit 1, as expected"

for mode in find_package pkg-config; do
  step "consumers against /usr: $mode"
  cmake -DMODE=$mode -DPREFIX=/usr -DWORK_DIR="$work/consumer" -P "$root/tests/consumer/run.cmake"
done

step "the installed Python module, outside the tree"
(
  cd "$work"
  /usr/bin/python3 - <<'EOF'
import json, subprocess
import badport
assert badport.__file__.startswith("/usr/lib/python3/dist-packages/badport/"), badport.__file__
assert badport.is_blocked(6000) and not badport.is_blocked(6001)
cli = json.loads(subprocess.run(["badport", "check", "6000", "http://localhost:5060/", "--json"],
                                capture_output=True, text=True).stdout)
assert [d.to_dict() for d in badport.check(["6000", "http://localhost:5060/"])] == cli["results"]
assert badport.parse_url("HTTP://EXAMPLE.com:80/a/../b").href == "http://example.com/b"
print("badport", badport.__version__, "from", badport.__file__, "agrees with the badport command")
EOF
  cat >test_fixture.py <<'EOF'
import http.server, threading, urllib.request
import badport

def test_browser_safe_port(browser_safe_port):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", browser_safe_port), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{browser_safe_port}/test_fixture.py", timeout=10) as r:
            assert b"browser_safe_port" in r.read()
    finally:
        server.shutdown()
        server.server_close()
    assert not badport.is_blocked(browser_safe_port)
EOF
  /usr/bin/python3 -m pytest -p no:cacheprovider -q --badport-engines=chromium,firefox test_fixture.py
) || die "the installed Python module failed"

step "all good"
