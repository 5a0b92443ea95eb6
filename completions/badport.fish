# fish completion for badport. Installed as share/fish/vendor_completions.d/badport.fish.
# Every subcommand and long option of `badport --help` must appear here (tests/doc checks it).

set -l badport_commands check list diff sockets pick run scan fetch serve probe
set -l badport_engines fetch chromium firefox webkit servo ladybird node deno bun all

complete -c badport -f

# Global options and the commands.
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -l color -x -a "auto always never" -d "Color output"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -l version -d "Print version and exit"
complete -c badport -s h -l help -d "Print help and exit"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a check -d "Check ports and URLs: which engines block them, why, and what to use instead"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a list -d "List the blocked ports and their services, per engine"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a diff -d "Show the ports one engine blocks and another does not"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a sockets -d "List listeners on ports that browsers refuse, and who holds them"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a pick -d "Print free TCP ports that no browser blocks"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a run -d "Run a command and warn when it listens on a blocked port"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a scan -d "Find browser-blocked ports in a project's files"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a fetch -d "Make an HTTP(S) request and show where each engine would stop"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a serve -d "Serve a page on several ports to test a browser"
complete -c badport -n "not __fish_seen_subcommand_from $badport_commands" -a probe -d "Launch a real browser and check which ports it refuses"

# check
complete -c badport -n "__fish_seen_subcommand_from check list sockets pick run scan fetch" -s e -l engine -x -a "$badport_engines" -d "Engines to consider, comma-separated"
complete -c badport -n "__fish_seen_subcommand_from check" -l stdin -d "Read one port or URL per line from standard input"
complete -c badport -n "__fish_seen_subcommand_from check" -l count -d "With --stdin: print only the totals"
complete -c badport -n "__fish_seen_subcommand_from check fetch" -l chromium-flags -x -d "Chromium command line to apply"
complete -c badport -n "__fish_seen_subcommand_from check fetch" -l firefox-prefs -r -F -d "Firefox prefs.js or user.js to apply"
complete -c badport -n "__fish_seen_subcommand_from check list diff sockets pick scan fetch serve probe" -l json -d "Print JSON"

# list
complete -c badport -n "__fish_seen_subcommand_from list" -l at -x -d "Show the lists as they stood on a date (YYYY-MM-DD)"

# diff
complete -c badport -n "__fish_seen_subcommand_from diff" -a "fetch chromium firefox webkit servo ladybird node deno bun" -d "Engine"

# sockets
complete -c badport -n "__fish_seen_subcommand_from sockets" -s a -l all -d "List every listener, not only those on a blocked port"

# pick
complete -c badport -n "__fish_seen_subcommand_from pick" -l near -x -d "Prefer the ports closest to N"
complete -c badport -n "__fish_seen_subcommand_from pick" -l range -x -d "Pick within A-B"
complete -c badport -n "__fish_seen_subcommand_from pick" -l count -x -d "How many distinct ports to print"
complete -c badport -n "__fish_seen_subcommand_from pick" -l host -x -d "Check on this numeric address only"

# run: options, then a command and its arguments
complete -c badport -n "__fish_seen_subcommand_from run" -l interval -x -d "How often to read the socket table, in milliseconds"
complete -c badport -n "__fish_seen_subcommand_from run" -x -a "(__fish_complete_subcommand --fcs-skip=2)"

# scan
complete -c badport -n "__fish_seen_subcommand_from scan" -F
complete -c badport -n "__fish_seen_subcommand_from scan" -l format -x -a "text json sarif" -d "Output format"
complete -c badport -n "__fish_seen_subcommand_from scan" -l diff -d "Print a unified diff that replaces each blocked port"
complete -c badport -n "__fish_seen_subcommand_from scan" -l no-ignore -d "Also scan what .gitignore ignores"
complete -c badport -n "__fish_seen_subcommand_from scan" -s L -l follow -d "Follow symbolic links"
complete -c badport -n "__fish_seen_subcommand_from scan" -l max-size -x -d "Skip files larger than this (512K, 4M, bytes)"
complete -c badport -n "__fish_seen_subcommand_from scan" -l stdin-name -r -d "With -: the file name standard input stands for"

# fetch
complete -c badport -n "__fish_seen_subcommand_from fetch" -l as -x -a "fetch chromium firefox webkit servo ladybird node deno bun" -d "Act as this one engine"
complete -c badport -n "__fish_seen_subcommand_from fetch" -s X -l request -x -a "GET HEAD POST PUT PATCH DELETE OPTIONS" -d "Request method"
complete -c badport -n "__fish_seen_subcommand_from fetch" -s H -l header -x -d "Extra header \"Name: value\""
complete -c badport -n "__fish_seen_subcommand_from fetch" -s d -l data -x -d "Request body; implies POST"
complete -c badport -n "__fish_seen_subcommand_from fetch" -l max-redirs -x -d "Most redirects to follow"
complete -c badport -n "__fish_seen_subcommand_from fetch" -l connect-timeout -x -d "Seconds to wait for each connection"
complete -c badport -n "__fish_seen_subcommand_from fetch" -s m -l max-time -x -d "Seconds for the whole chain"
complete -c badport -n "__fish_seen_subcommand_from fetch" -s k -l insecure -d "Do not verify TLS certificates"
complete -c badport -n "__fish_seen_subcommand_from fetch" -l body -d "Print the final response's body too"

# serve and probe
complete -c badport -n "__fish_seen_subcommand_from serve probe" -l bind -x -d "Address to listen on"
complete -c badport -n "__fish_seen_subcommand_from serve probe" -l duration -x -d "Stop after this many seconds"
complete -c badport -n "__fish_seen_subcommand_from serve" -l host -x -d "Extra Host name to accept"
complete -c badport -n "__fish_seen_subcommand_from probe" -s b -l browser -x -a "chromium firefox webkit" -d "Browser to launch"
complete -c badport -n "__fish_seen_subcommand_from probe" -s p -l ports -x -d "Ports to probe (1-1024,6000)"
complete -c badport -n "__fish_seen_subcommand_from probe" -l retries -x -d "Extra rounds over ports that did not arrive"
complete -c badport -n "__fish_seen_subcommand_from probe" -l timeout -x -d "Seconds before the probe gives up"
complete -c badport -n "__fish_seen_subcommand_from probe" -l window -x -d "Requests in flight at once"
complete -c badport -n "__fish_seen_subcommand_from probe" -l chain -x -d "Ports per request in the first round (1-20)"
complete -c badport -n "__fish_seen_subcommand_from probe" -l open -d "Serve the probe page for your own browser instead"
complete -c badport -n "__fish_seen_subcommand_from probe" -l port -x -d "With --open: the port of the page"
