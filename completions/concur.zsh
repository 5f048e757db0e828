#compdef concur

__concur_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__concur_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __concur_complete "${completions[@]:0:-1}"
    fi
}

__concur_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_concur() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'review:Review findings in a terminal and accept the rewrites one by one.'
            'check:Report DROP INDEX statements that lock tables or that PostgreSQL will reject.'
            'fix:Apply every safe rewrite, or print them as a unified diff.'
            'explain:Show a rule'\''s documentation: why it matters, the rewrite, and the caveats.'
            'rules:List the rules with their default severity.'
            'learn:A ten-minute guided walkthrough of the rule, with practice on a sandbox copy.'
            'init:Write a commented starter .concur.toml in the current folder.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        review|check|fix|explain|rules|learn|init|help)
            "_concur_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_concur_review() {
    local -i ret=1
    local -ar arg_specs=(
        '*:paths:'
        '--theme[A built-in theme name or the path of a theme file.]:theme:'
        '--config[The configuration file (default\: the nearest .concur.toml in this folder or above).]:config:'
        '--since[Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.]:since:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_check() {
    local -i ret=1
    local -ar ___format=('text' 'json' 'sarif' 'github' 'gcc' 'gitlab')
    local -ar ___fail_on=('error' 'warning' 'never')
    local -ar arg_specs=(
        '*:paths:'
        '--format[Output format\: text, json, sarif (SARIF 2.1.0), github (workflow commands), gcc, gitlab (Code Quality).]:format:{__concur_complete "${___format[@]}"}'
        '--fail-on[Which findings make the exit status 1\: error, warning (and errors), or never.]:fail-on:{__concur_complete "${___fail_on[@]}"}'
        '--config[The configuration file (default\: the nearest .concur.toml in this folder or above).]:config:'
        '--since[Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.]:since:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_fix() {
    local -i ret=1
    local -ar arg_specs=(
        '*:paths:'
        '--diff[Print the changes as a unified diff instead of writing them.]'
        '--config[The configuration file (default\: the nearest .concur.toml in this folder or above).]:config:'
        '--since[Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones.]:since:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_explain() {
    local -i ret=1
    local -ar arg_specs=(
        ':rule:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_rules() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_learn() {
    local -i ret=1
    local -ar arg_specs=(
        '--keep-sandbox[Keep the practice sandbox at the end and print its path.]'
        '--live[Show the lock for real on PostgreSQL instead\: a throwaway cluster started with the local initdb, or --url.]'
        '--url[With --live\: a connection URL (postgresql\://…) of a scratch database to use instead.]:url:'
        '--scratch[With --live --url\: confirm that the database is a scratch one (otherwise concur asks).]'
        '--theme[A built-in theme name or the path of a theme file.]:theme:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_init() {
    local -i ret=1
    local -ar arg_specs=(
        '--force[Replace an existing .concur.toml.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_concur_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _concur ]]; then
    _concur "${@}"
else
    compdef _concur concur
fi
