#!/bin/sh
# pre-commit entry of the `sgcheck` hook: build sgcheck once inside the
# hook's checkout, then scan. pre-commit runs `entry args... files...`: the
# hook's `args:` and the staged file names arrive together in "$@", and
# sgcheck takes both as they are (file names with spaces or any other
# character stay one argument each). Files that are not CloudFormation or
# Terraform are skipped silently.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$here/build/sgcheck" ]; then
	jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
	# check-libs names a missing library and `make deps` in one line
	make -s -C "$here" -j"$jobs" build/sgcheck >&2 || exit 2
fi
exec "$here/build/sgcheck" scan --no-color --skip-non-iac "$@"
