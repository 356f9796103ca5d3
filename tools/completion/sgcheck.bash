# bash completion for sgcheck (installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/sgcheck)
_sgcheck()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local formats="text json sarif junit github gitlab gitlab-sast"
	local severities="critical high medium low info none"
	local opts="--rules --no-builtin --check --skip-check --format --output --report --compact
		--sarif-suppressed --fail-on --parameter --parameters-file --var --var-file --tf-source --new-only --files-from
		--skip-path --skip-non-iac --shard --max-file-size --config --no-config --baseline --write-baseline
		--jobs --no-color --quiet --verbose --help --version"
	case $prev in
	-f | --format)
		if [[ ${words[1]} == rules ]]; then
			COMPREPLY=($(compgen -W "text json markdown" -- "$cur"))
		elif [[ ${words[1]} == graph ]]; then
			COMPREPLY=($(compgen -W "mermaid dot json" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		fi
		return ;;
	--report)
		COMPREPLY=($(compgen -W "$formats" -S : -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "$severities" -- "$cur"))
		return ;;
	--check | --skip-check)
		COMPREPLY=($(compgen -W "$(sgcheck rules list 2>/dev/null | awk '{print $1}')" -- "$cur"))
		return ;;
	-j | --jobs | --shard | --max-file-size | -p | --parameter | --skip-path)
		return ;;
	-r | --rules | -o | --output | --parameters-file | --var-file | --tf-source | --files-from | --config | --baseline | --write-baseline)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cword -eq 1 && $cur != -* ]]; then
		COMPREPLY=($(compgen -W "scan graph rules help" -- "$cur") $(compgen -f -- "$cur"))
		return
	fi
	if [[ ${words[1]} == rules && $cword -eq 2 ]]; then
		COMPREPLY=($(compgen -W "list validate test" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _sgcheck sgcheck
