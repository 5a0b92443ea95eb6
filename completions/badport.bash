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

  local engines="fetch chromium firefox webkit servo ladybird node deno bun all"
  local commands="check list diff sockets pick run scan fetch serve probe"

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
    --as)
      COMPREPLY=($(compgen -W "${engines% all}" -- "$cur")); return ;;
    --format)
      COMPREPLY=($(compgen -W "text json sarif" -- "$cur")); return ;;
    -b|--browser)
      COMPREPLY=($(compgen -W "chromium firefox webkit" -- "$cur")); return ;;
    -X|--request)
      COMPREPLY=($(compgen -W "GET HEAD POST PUT PATCH DELETE OPTIONS" -- "$cur")); return ;;
    --chromium-flags|--at|--near|--range|--count|--host|--interval|--max-size|--stdin-name|-H|--header|-d|--data|\
    --max-redirs|--connect-timeout|-m|--max-time|--bind|--duration|-p|--ports|--retries|--timeout|\
    --window|--chain|--port)
      return ;;
  esac

  local opts
  case $cmd in
    "")    opts="--color --help --version" ;;
    check) opts="--stdin --count --engine --chromium-flags --firefox-prefs --json --help" ;;
    list)  opts="--engine --at --json --help" ;;
    diff)  opts="--json --help" ;;
    sockets) opts="--engine --all --json --help" ;;
    pick)  opts="--near --range --count --host --engine --json --help" ;;
    run)   opts="--engine --interval --json --help" ;;
    scan)  opts="--engine --format --json --diff --no-ignore --follow --max-size --stdin-name --help" ;;
    fetch) opts="--engine --as --chromium-flags --firefox-prefs --request --header --data --max-redirs
                 --connect-timeout --max-time --insecure --body --json --help" ;;
    serve) opts="--bind --host --json --duration --help" ;;
    probe) opts="--browser --ports --json --retries --timeout --window --chain --open --port --bind --duration --help" ;;
    *)     opts="--help" ;;
  esac

  # `badport run [OPTIONS] [--] COMMAND ARGS...`: a command name, then files.
  if [[ $cmd == run ]]; then
    local j have_cmd=0 after_dd=0
    for ((j = i + 1; j < cword; j++)); do
      if ((after_dd)); then have_cmd=1; break; fi
      case ${words[j]} in
        --) after_dd=1 ;;
        -e|--engine|--interval) ((j++)) ;;
        -*) ;;
        *) have_cmd=1; break ;;
      esac
    done
    if ((have_cmd)); then
      COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return
    elif ((after_dd)) || [[ $cur != -* ]]; then
      COMPREPLY=($(compgen -c -- "$cur")); return
    fi
  fi

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  elif [[ $cmd == diff ]]; then
    COMPREPLY=($(compgen -W "${engines% all}" -- "$cur"))
  elif [[ $cmd == scan ]]; then
    COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
  fi
}
complete -F _badport badport
