#!/usr/bin/env bash
# The scan step of the GitHub Action (action.yml), kept in a file so that it
# can be tested like any script (tests/checks.py runs it with the same
# environment the Action sets).
#
#   SG_BIN          the sgcheck binary
#   SG_PATHS        what to scan: one path per line (a path may hold spaces)
#   SG_ARGS         more arguments for sgcheck scan, split like a shell line
#                   ('--parameters-file "params/prod stack.json" --new-only')
#   SG_FAIL_ON, SG_CONFIG, SG_FORMAT, SG_OUTPUT, SG_ANNOTATIONS, SG_CATEGORY
#
# One sgcheck run writes the report file and prints the GitHub annotations
# (--report github). Writes exit-code and category to $GITHUB_OUTPUT; the
# default category tells apart the jobs, matrix entries and steps that scan
# different things, so their code-scanning results do not overwrite each
# other.
set -uo pipefail

paths=()
while IFS= read -r line || [ -n "$line" ]; do
	line=${line#"${line%%[![:space:]]*}"}  # trim both ends
	line=${line%"${line##*[![:space:]]}"}
	[ -n "$line" ] && paths+=("$line")
done <<<"${SG_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

args=()
if [ -n "${SG_ARGS:-}" ]; then
	# xargs splits on blanks and honours '...' and "..." quoting, never
	# expands anything
	mapfile -d '' args < <(printf '%s' "$SG_ARGS" | xargs printf '%s\0') || {
		echo "::error title=sgcheck::cannot split the args input: $SG_ARGS"
		exit 2
	}
fi

opts=(--fail-on "${SG_FAIL_ON:-medium}" --format "${SG_FORMAT:-sarif}" --output "${SG_OUTPUT:-sgcheck.sarif}")
[ -n "${SG_CONFIG:-}" ] && opts+=(--config "$SG_CONFIG")
[ "${SG_ANNOTATIONS:-true}" = true ] && opts+=(--report github)

category=${SG_CATEGORY:-}
if [ -z "$category" ]; then
	key=$(printf '%s\n' "${paths[@]}" "${args[@]}" "${SG_CONFIG:-}" | cksum | cut -d' ' -f1)
	category="sgcheck/${GITHUB_JOB:-job}/$key"
fi

"${SG_BIN:-sgcheck}" scan "${opts[@]}" "${args[@]}" -- "${paths[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	echo "exit-code=$code" >>"$GITHUB_OUTPUT"
	echo "category=$category" >>"$GITHUB_OUTPUT"
fi
exit 0
