#!/bin/bash
# The shell completions offer every subcommand and long option that the real binary's --help
# shows. bash is driven for real (COMP_WORDS in, COMPREPLY out), and fish too when it is
# installed; zsh is checked as text, and parsed when zsh is installed.
# Usage: completion_test.sh BADPORT_EXE COMPLETIONS_DIR
set -euo pipefail
BADPORT=$1
DIR=$2
. "$(dirname "$0")/help_options.sh"

. "$DIR/badport.bash"

complete_words() {  # complete_words WORD... : the candidates for the last word
  COMP_WORDS=(badport "$@")
  COMP_CWORD=$#
  COMP_LINE="badport $*"
  COMPREPLY=()
  _badport
  printf '%s\n' "${COMPREPLY[@]}"
}

mapfile -t cmds < <(commands)
[[ ${#cmds[@]} -gt 0 ]] || { echo "FAIL: no subcommands parsed from $BADPORT --help" >&2; exit 1; }

offered=$(complete_words "")
for cmd in "${cmds[@]}"; do
  grep -qx -- "$cmd" <<<"$offered" || failed "bash: 'badport <TAB>' does not offer $cmd"
  grep -q -- "'$cmd:" "$DIR/_badport" || failed "zsh: no command $cmd in _badport"
  grep -Eq -- "-a $cmd( |$)" "$DIR/badport.fish" || failed "fish: no command $cmd in badport.fish"
done
for opt in $(long_options); do
  grep -qx -- "$opt" <<<"$(complete_words -)" || failed "bash: 'badport -<TAB>' does not offer $opt"
done

checked=0
for cmd in "${cmds[@]}"; do
  for opt in $(long_options "$cmd"); do
    grep -qx -- "$opt" <<<"$(complete_words "$cmd" --)" || failed "bash: 'badport $cmd --<TAB>' does not offer $opt"
    grep -Eq -- "(\\{|'|[ ,])$opt([=}]|\\[)" "$DIR/_badport" || failed "zsh: no $opt in _badport"
    grep -Eq -- "-l ${opt#--}( |$)" "$DIR/badport.fish" || failed "fish: no -l ${opt#--} in badport.fish"
    checked=$((checked + 1))
  done
done

# Values: engines as a comma list, color modes.
[[ $(complete_words check --engine chromium,fi) == "chromium,firefox" ]] ||
  failed "bash: 'badport check --engine chromium,fi<TAB>' does not give chromium,firefox"
[[ $(complete_words --color al) == "always" ]] || failed "bash: '--color al<TAB>' does not give always"

if command -v zsh >/dev/null; then zsh -n "$DIR/_badport" || failed "zsh: _badport does not parse"; fi
if command -v fish >/dev/null; then
  # fish is here: ask it for real, as for bash.
  fish_complete() { fish --no-config -c "source '$DIR/badport.fish'; complete -C '$1'" | cut -f1; }
  offered=$(fish_complete "badport ")
  for cmd in "${cmds[@]}"; do
    grep -qx -- "$cmd" <<<"$offered" || failed "fish: 'badport <TAB>' does not offer $cmd"
  done
  for cmd in "${cmds[@]}"; do
    offered=$(fish_complete "badport $cmd --")
    for opt in $(long_options "$cmd"); do
      grep -qx -- "$opt" <<<"$offered" || failed "fish: 'badport $cmd --<TAB>' does not offer $opt"
    done
  done
fi

[[ $fail == 0 ]] && echo "completions cover ${#cmds[@]} commands and $checked command options"
exit $fail
