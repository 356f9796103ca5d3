#!/bin/sh
# deps.sh - install what sgcheck needs, when it is missing.
#   tools/deps.sh          to build it (make deps, make run, the Action, the
#                          pre-commit hook's build): pkg-config, libyaml, PCRE2
#   tools/deps.sh test     to test it (make test, make sanitize, make bench):
#                          also cmocka, cJSON (the benchmark's parse-only
#                          floor), xmllint (the JUnit XSD), pre-commit (the
#                          hooks run through `pre-commit try-repo`), zsh (the
#                          zsh completion is run) and, when
#                          npm is there, HashiCorp's HCL parser
#   tools/deps.sh fuzz     also clang's libFuzzer/sanitizer runtime
#   tools/deps.sh --list [MODE]   print the packages MODE needs, install nothing
# Uses apt-get (through sudo when not root) on Debian/Ubuntu; elsewhere it
# prints the command to run.
set -u
list=0
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
mode=${1:-build}
case $mode in
build | test | fuzz) ;;
*)
	echo "usage: tools/deps.sh [--list] [build|test|fuzz]" >&2
	exit 2
	;;
esac
# pkg-config module:Debian package
libs="yaml-0.1:libyaml-dev libpcre2-8:libpcre2-dev"
[ "$mode" = build ] || libs="$libs libcjson:libcjson-dev cmocka:libcmocka-dev"
# command:Debian package
tools="pkg-config:pkg-config"
[ "$mode" = build ] || tools="$tools xmllint:libxml2-utils pre-commit:pre-commit zsh:zsh"
if [ $list = 1 ]; then
	for pair in $tools $libs; do echo "${pair#*:}"; done
	[ "$mode" = fuzz ] && echo libclang-rt-14-dev
	exit 0
fi
missing=""
for pair in $tools; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
for pair in $libs; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		missing="$missing $pkg"
	fi
done
if [ "$mode" = fuzz ] && ! ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	missing="$missing libclang-rt-14-dev"
fi
# HashiCorp's own HCL parser (Go compiled to WebAssembly, an npm package) for
# the differential test of ours (tests/hcl_diff.js). Optional: without npm,
# or when the install fails, that test is skipped, never the build.
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/build/npm"
if [ "$mode" != build ] && command -v npm >/dev/null 2>&1 && [ ! -d "$npm_dir/node_modules/@cdktf/hcl2json" ]; then
	mkdir -p "$npm_dir" &&
		npm install --silent --no-audit --no-fund --prefix "$npm_dir" @cdktf/hcl2json@0.21.0 >/dev/null 2>&1 ||
		echo "sgcheck: could not install @cdktf/hcl2json with npm; the HCL differential test will be skipped" >&2
fi
[ -z "$missing" ] && exit 0

echo "sgcheck: installing missing packages ($mode):$missing"
if command -v apt-get >/dev/null 2>&1; then
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
			echo "sgcheck: not root and no sudo; run as root: apt-get update && apt-get install -y$missing" >&2
			exit 1
		fi
	fi
	$SUDO apt-get update -qq >/dev/null || { echo "sgcheck: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null ||
		{ echo "sgcheck: apt-get install$missing failed" >&2; exit 1; }
	exit 0
fi
cat >&2 <<MSG
sgcheck: missing:$missing (Debian/Ubuntu package names). Install the equivalents:
  Fedora/RHEL:  sudo dnf install libyaml-devel cjson-devel pcre2-devel libcmocka-devel pkgconf-pkg-config
  Alpine:       sudo apk add yaml-dev cjson-dev pcre2-dev cmocka-dev pkgconf
  macOS:        brew install libyaml cjson pcre2 cmocka pkg-config
MSG
exit 1
