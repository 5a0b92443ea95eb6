# bash completion for badport                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/badport. Needs only bash (no
# bash-completion helpers), so that tests can drive it directly.
# Every subcommand and long option of `badport --help` must appear here (tests/doc checks it).

_badport() {
  local cur prev words cword
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  words=("${COMP_WORDS[@]}")
  cword=$COMP_CWORD

  local engines="fetch chromium firefox webkit node deno bun all"
  local commands="check list diff"

  # The subcommand is the first word that is not an option or an option's value.
  local cmd="" i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --color) ((i++)) ;;
      -*) ;;
      *) cmd=${words[i]}; break ;;
    esac
  done

  case $prev in
    --color)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -e|--engine)
      # A comma-separated list: complete the last item.
      local head="" last=$cur
      if [[ $cur == *,* ]]; then head=${cur%,*},; last=${cur##*,}; fi
      COMPREPLY=($(compgen -P "$head" -W "$engines" -- "$last"))
      compopt -o nospace 2>/dev/null
      return ;;
    --firefox-prefs)
      COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
    --chromium-flags|--at)
      return ;;
  esac

  local opts
  case $cmd in
    "")    opts="--color --help --version" ;;
    check) opts="--stdin --count --engine --chromium-flags --firefox-prefs --json --help" ;;
    list)  opts="--engine --at --json --help" ;;
    diff)  opts="--json --help" ;;
    *)     opts="--help" ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  elif [[ $cmd == diff ]]; then
    COMPREPLY=($(compgen -W "${engines% all}" -- "$cur"))
  fi
}
complete -F _badport badport
