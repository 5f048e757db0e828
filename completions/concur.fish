function __concur_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __concur_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __concur_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __concur_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __concur_parse_tokens -S
    set -l unparsed_tokens (__concur_tokens -pc)
    switch $unparsed_tokens[1]
    case 'concur'
        __concur_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'review'
            __concur_parse_subcommand -r 1 'theme=' 'config=' 'since=' 'version' 'h/help'
        case 'check'
            __concur_parse_subcommand -r 1 'format=' 'fail-on=' 'config=' 'since=' 'version' 'h/help'
        case 'fix'
            __concur_parse_subcommand -r 1 'diff' 'config=' 'since=' 'version' 'h/help'
        case 'explain'
            __concur_parse_subcommand 1 'version' 'h/help'
        case 'rules'
            __concur_parse_subcommand 0 'version' 'h/help'
        case 'learn'
            __concur_parse_subcommand 0 'keep-sandbox' 'live' 'url=' 'scratch' 'theme=' 'version' 'h/help'
        case 'init'
            __concur_parse_subcommand 0 'force' 'version' 'h/help'
        case 'help'
            __concur_parse_subcommand -r 1 'version'
        end
    end
end

function __concur_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __concur_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __concur_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __concur_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__concur_tokens -p)
    if test -z "$(__concur_tokens -t)"
        set -l index (count (__concur_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'concur' -f
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'review' -d 'Review findings in a terminal and accept the rewrites one by one.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'check' -d 'Report DROP INDEX statements that lock tables or that PostgreSQL will reject.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'fix' -d 'Apply every safe rewrite, or print them as a unified diff.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'explain' -d 'Show a rule\'s documentation: why it matters, the rewrite, and the caveats.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'rules' -d 'List the rules with their default severity.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'learn' -d 'A ten-minute guided walkthrough of the rule, with practice on a sandbox copy.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'init' -d 'Write a commented starter .concur.toml in the current folder.'
complete -c 'concur' -n '__concur_should_offer_completions_for_positional "concur" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur review" theme' -l 'theme' -d 'A built-in theme name or the path of a theme file.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur review" config' -l 'config' -d 'The configuration file (default: the nearest .concur.toml in this folder or above).' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur review" since' -l 'since' -d 'Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur review" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur review" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" format' -l 'format' -d 'Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands), gcc, gitlab (Code Quality).' -rfka 'text json sarif github gcc gitlab'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" fail-on' -l 'fail-on' -d 'Which findings make the exit status 1: error, warning (and errors), or never.' -rfka 'error warning never'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" config' -l 'config' -d 'The configuration file (default: the nearest .concur.toml in this folder or above).' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" since' -l 'since' -d 'Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur fix" diff' -l 'diff' -d 'Print the changes as a unified diff instead of writing them.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur fix" config' -l 'config' -d 'The configuration file (default: the nearest .concur.toml in this folder or above).' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur fix" since' -l 'since' -d 'Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur fix" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur fix" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur explain" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur rules" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" keep-sandbox' -l 'keep-sandbox' -d 'Keep the practice sandbox at the end and print its path.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" live' -l 'live' -d 'Show the lock for real on PostgreSQL instead: a throwaway cluster started with the local initdb, or --url.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" url' -l 'url' -d 'With --live: a connection URL (postgresql://…) of a scratch database to use instead.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" scratch' -l 'scratch' -d 'With --live --url: confirm that the database is a scratch one (otherwise concur asks).'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" theme' -l 'theme' -d 'A built-in theme name or the path of a theme file.' -rfka ''
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur learn" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur init" force' -l 'force' -d 'Replace an existing .concur.toml.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur init" version' -l 'version' -d 'Show the version.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'concur' -n '__concur_should_offer_completions_for_flags_or_options "concur help" version' -l 'version' -d 'Show the version.'
