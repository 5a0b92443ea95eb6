# fish completion for badport. Installed as share/fish/vendor_completions.d/badport.fish.
# Every subcommand and long option of `badport --help` must appear here (tests/doc checks it).

set -l badport_commands check list diff
set -l badport_engines fetch chromium firefox webkit node deno bun all

complete -c badport -f

# Global options and the commands.
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -l color -x -a "auto always never" -d "Color output"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -l version -d "Print version and exit"
complete -c badport -s h -l help -d "Print help and exit"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a check -d "Check ports and URLs: which engines block them, why, and what to use instead"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a list -d "List the blocked ports and their services, per engine"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a diff -d "Show the ports one engine blocks and another does not"

# check
complete -c badport -n "__fish_seen_subcommand_from check list" -s e -l engine -x -a "$badport_engines" -d "Engines to consider, comma-separated"
complete -c badport -n "__fish_seen_subcommand_from check" -l stdin -d "Read one port or URL per line from standard input"
complete -c badport -n "__fish_seen_subcommand_from check" -l count -d "With --stdin: print only the totals"
complete -c badport -n "__fish_seen_subcommand_from check" -l chromium-flags -x -d "Chromium command line to apply"
complete -c badport -n "__fish_seen_subcommand_from check" -l firefox-prefs -r -F -d "Firefox prefs.js or user.js to apply"
complete -c badport -n "__fish_seen_subcommand_from check list diff" -l json -d "Print JSON"

# list
complete -c badport -n "__fish_seen_subcommand_from list" -l at -x -d "Show the lists as they stood on a date (YYYY-MM-DD)"

# diff
complete -c badport -n "__fish_seen_subcommand_from diff" -a "fetch chromium firefox webkit node deno bun" -d "Engine"
