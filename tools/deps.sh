#!/bin/sh
# deps.sh - install the libraries sgcheck builds with, when they are missing.
#   tools/deps.sh          libyaml, PCRE2, cmocka, pkg-config, and cJSON (the
#                          benchmark parses with it for its parse-only floor);
#                          for the tests: xmllint (the JUnit XSD), pre-commit
#                          (the hooks run through `pre-commit try-repo`)
#   tools/deps.sh fuzz     also clang's libFuzzer/sanitizer runtime
# Uses apt-get (through sudo when not root) on Debian/Ubuntu; elsewhere it
# prints the command to run.
set -u
missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
for pair in yaml-0.1:libyaml-dev libcjson:libcjson-dev libpcre2-8:libpcre2-dev cmocka:libcmocka-dev; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		missing="$missing $pkg"
	fi
done
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
command -v pre-commit >/dev/null 2>&1 || missing="$missing pre-commit"
if [ "${1:-}" = fuzz ] && ! ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	missing="$missing libclang-rt-14-dev"
fi
# HashiCorp's own HCL parser (Go compiled to WebAssembly, an npm package) for
# the differential test of ours (tests/hcl_diff.js). Optional: without npm,
# or when the install fails, that test is skipped, never the build.
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/build/npm"
if command -v npm >/dev/null 2>&1 && [ ! -d "$npm_dir/node_modules/@cdktf/hcl2json" ]; then
	mkdir -p "$npm_dir" &&
		npm install --silent --no-audit --no-fund --prefix "$npm_dir" @cdktf/hcl2json@0.21.0 >/dev/null 2>&1 ||
		echo "sgcheck: could not install @cdktf/hcl2json with npm; the HCL differential test will be skipped" >&2
fi
[ -z "$missing" ] && exit 0

echo "sgcheck: installing missing build dependencies:$missing"
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
