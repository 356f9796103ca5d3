#!/bin/sh
# pre-commit entry: build sgcheck once inside the hook's checkout, then scan
# the files pre-commit passes (the staged templates and plans). Files that
# are not CloudFormation or Terraform are skipped silently.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$here/build/sgcheck" ]; then
	make -s -C "$here" deps >&2
	make -s -C "$here" build/sgcheck >/dev/null
fi
printf '%s\n' "$@" | "$here/build/sgcheck" scan --no-color --files-from -
