# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_lhs_global_optspecs
    string join \n host= profile= format= json= jq= no-input no-pager q/quiet v/verbose ca-cert= timeout= h/help V/version
end

function __fish_lhs_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_lhs_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_lhs_using_subcommand
    set -l cmd (__fish_lhs_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c lhs -n "__fish_lhs_needs_command" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_needs_command" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_needs_command" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_needs_command" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_needs_command" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_needs_command" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_needs_command" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_needs_command" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_needs_command" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_needs_command" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_needs_command" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "login" -d 'Log in to a portal'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "logout" -d 'Log out: revoke the session on the server and forget it locally'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "whoami" -d 'Show who you are logged in as'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "me" -d 'Your own details ("I miei dati")'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "passwd" -d 'Change your password'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "password" -d 'Forgotten password: a code by e-mail, then a new password'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "token" -d 'Personal API tokens for CI jobs'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "users" -d 'Operative users of your company (customer Administrator)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "tickets" -d 'Tickets: list, view, new, comment, attach, close, reopen, wait…'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "catalog" -d 'The sections your contract enables: macro area › area › section'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "docs" -d 'Documenti tecnici: list, view, download'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "news" -d 'News tecniche and commerciali: list, view, download'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "videos" -d 'Video: list, view'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "fiscal" -d 'Informative fiscali: list, view, download'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "faq" -d 'FAQ: list, view; comment on vtenext'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "updates" -d 'Aggiornamenti software: list, view, download (resumable)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "courses" -d 'Corsi on-line: the calendar, enrol or withdraw, your courses'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "store" -d 'The Store: packages of SMART minutes, buy, your orders'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "package" -d 'Your company\'s SMART package: the minutes left, grants and use'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "quotes" -d 'Preventivi: your company\'s quotes (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "invoices" -d 'Fatture: your company\'s invoices (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "products" -d 'Prodotti: the products your company has (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "services" -d 'Servizi: the services your company has (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "projects" -d 'Progetti: projects, their tasks, milestones and tickets (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "contacts" -d 'Contatti: your colleagues (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "company" -d 'Aziende: your company\'s record (vtenext)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "records" -d 'Any module of a vtenext portal (Scadenze, Assets…): list, view'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "auth" -d 'Logins at a glance (status); the token for scripts (token)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "profile" -d 'Configured profiles: list, use (make one the default)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "config" -d 'Settings: get, set, list (default_profile, editor, pager…)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "desk" -d 'The help desk: queue, take, reply, customers, packages, outbox…'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "api" -d 'An authenticated request to the portal API; prints the answer'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "completions" -d 'Print a completion script for SHELL'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "demo" -d 'A guided tour on a throw-away portal'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "serve" -d 'Run the portal server'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "db" -d 'The portal\'s database: copy a whole portal to another database'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "help" -d 'Help on a command, or a topic: environment, formats, exit-codes'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "bench" -d 'Benchmarks against real servers (for developers; see README)'
complete -c lhs -n "__fish_lhs_needs_command" -f -a "generate-docs" -d 'Regenerate completions/ and man/ (for developers)'
complete -c lhs -n "__fish_lhs_using_subcommand login" -s u -l user -d 'Account: cognome.nome, or the customer code for an Administrator; on vtenext the contact\'s e-mail address' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l backend -d 'The kind of portal: lhs, or a vtenext CRM\'s customer portal [default: detected]' -r -f -a "lhs\t'An lhs portal (`lhs serve`): its HTTP JSON API'
vtenext\t'A vtenext CRM\'s customer portal: its SOAP service'"
complete -c lhs -n "__fish_lhs_using_subcommand login" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand login" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand login" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand login" -l password-stdin -d 'Read the password (and, if a change is required, the new one) from standard input'
complete -c lhs -n "__fish_lhs_using_subcommand login" -l insecure-storage -d 'Keep the token in a 0600 file next to the config instead of the OS keyring'
complete -c lhs -n "__fish_lhs_using_subcommand login" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand login" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand login" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand login" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand login" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand logout" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand me; and not __fish_seen_subcommand_from edit" -f -a "edit" -d 'Change your own details'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l first-name -d 'vtenext: your first name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l last-name -d 'vtenext: your last name (it cannot be empty)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l email -d 'vtenext: your e-mail address (also your portal login)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l mobile -d 'vtenext: your mobile number' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l street -d 'vtenext: the street of your mailing address' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l city -d 'vtenext: the city of your mailing address' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l zip -d 'vtenext: the postal code of your mailing address' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l lang -d 'lhs: the language of your mails and portal pages: it or en' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand me; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l password-stdin -d 'Read the current password and the new one from two lines of standard input'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand passwd" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -f -a "forgot" -d 'Ask for a password reset code'
complete -c lhs -n "__fish_lhs_using_subcommand password; and not __fish_seen_subcommand_from forgot reset" -f -a "reset" -d 'Set a new password with a code from an e-mail'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -s u -l user -d 'The account whose password you forgot' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from forgot" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l token -d '`-` reads the code from the first line of standard input (without it, you are asked)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l password-stdin -d 'Read the new password from standard input (after the code, with --token -)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand password; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "create" -d 'Create a personal API token'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "new" -d 'Create a personal API token'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "add" -d 'Create a personal API token'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "list" -d 'List your personal API tokens'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "ls" -d 'List your personal API tokens'
complete -c lhs -n "__fish_lhs_using_subcommand token; and not __fish_seen_subcommand_from create new add list ls revoke" -f -a "revoke" -d 'Revoke a personal API token (it stops working at once)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l name -d 'A name to recognise the token by' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l expires -d 'Lifetime: 30d, 12h, 2w, … (at most 366d)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l name -d 'A name to recognise the token by' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l expires -d 'Lifetime: 30d, 12h, 2w, … (at most 366d)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l name -d 'A name to recognise the token by' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l expires -d 'Lifetime: 30d, 12h, 2w, … (at most 366d)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "list" -d 'List the operative users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "ls" -d 'List the operative users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "show" -d 'Show a user with all its permissions'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "view" -d 'Show a user with all its permissions'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "add" -d 'Create an operative user of your company'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "create" -d 'Create an operative user of your company'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "new" -d 'Create an operative user of your company'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "edit" -d 'Change a user'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "disable" -d 'Disable a user: no more logins, sessions and tokens stop at once'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "enable" -d 'Enable a disabled user'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "reset-password" -d 'Mail a user a code to choose a new password'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "import" -d 'Create users from a CSV file'
complete -c lhs -n "__fish_lhs_using_subcommand users; and not __fish_seen_subcommand_from list ls show view add create new edit disable enable reset-password import export" -f -a "export" -d 'Write the users as CSV (header: name,surname,email,account,active,language and one column per permission area). `lhs users import` reads the file back unchanged; so does it with --excel (the file Italian Excel opens with a double click)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l customer -d 'Staff only: the customer whose users to list' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l search -d 'Only users whose account, name, surname or e-mail contains every word (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l active -d 'Only enabled users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l inactive -d 'Only disabled users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l customer -d 'Staff only: the customer whose users to list' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l search -d 'Only users whose account, name, surname or e-mail contains every word (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l active -d 'Only enabled users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l inactive -d 'Only disabled users'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l name -d 'First name (nome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l surname -d 'Surname (cognome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l email -d 'E-mail address: notifications of the user\'s tickets go there' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l account -d 'Login account, usually cognome.nome' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l perm -d 'Permission AREA=LEVEL, repeatable. Areas and levels: aggiornamenti=off|read|download, documenti|news-tecniche|news-commerciali|video=off|read|detail, faq=off|read, corsi=off|read|enrol, acquisti=off|on, assistenza=off|read|own|all. English aliases: updates, documents, tech-news, sales-news, videos, courses, purchases, support. Unnamed areas keep the manual\'s defaults (assistenza=own).' -r -f -a "aggiornamenti=off\t''
aggiornamenti=read\t''
aggiornamenti=download\t''
documenti=off\t''
documenti=read\t''
documenti=detail\t''
news-tecniche=off\t''
news-tecniche=read\t''
news-tecniche=detail\t''
news-commerciali=off\t''
news-commerciali=read\t''
news-commerciali=detail\t''
video=off\t''
video=read\t''
video=detail\t''
faq=off\t''
faq=read\t''
corsi=off\t''
corsi=read\t''
corsi=enrol\t''
acquisti=off\t''
acquisti=on\t''
assistenza=off\t''
assistenza=read\t''
assistenza=own\t''
assistenza=all\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l lang -d 'The language of the user\'s e-mails: it (default) or en' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l password-stdin -d 'Give an initial password, read from standard input (the user must change it at the first login) instead of mailing an invitation code'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l inactive -d 'Create the user disabled'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l name -d 'First name (nome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l surname -d 'Surname (cognome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l email -d 'E-mail address: notifications of the user\'s tickets go there' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l account -d 'Login account, usually cognome.nome' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l perm -d 'Permission AREA=LEVEL, repeatable. Areas and levels: aggiornamenti=off|read|download, documenti|news-tecniche|news-commerciali|video=off|read|detail, faq=off|read, corsi=off|read|enrol, acquisti=off|on, assistenza=off|read|own|all. English aliases: updates, documents, tech-news, sales-news, videos, courses, purchases, support. Unnamed areas keep the manual\'s defaults (assistenza=own).' -r -f -a "aggiornamenti=off\t''
aggiornamenti=read\t''
aggiornamenti=download\t''
documenti=off\t''
documenti=read\t''
documenti=detail\t''
news-tecniche=off\t''
news-tecniche=read\t''
news-tecniche=detail\t''
news-commerciali=off\t''
news-commerciali=read\t''
news-commerciali=detail\t''
video=off\t''
video=read\t''
video=detail\t''
faq=off\t''
faq=read\t''
corsi=off\t''
corsi=read\t''
corsi=enrol\t''
acquisti=off\t''
acquisti=on\t''
assistenza=off\t''
assistenza=read\t''
assistenza=own\t''
assistenza=all\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l lang -d 'The language of the user\'s e-mails: it (default) or en' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l password-stdin -d 'Give an initial password, read from standard input (the user must change it at the first login) instead of mailing an invitation code'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l inactive -d 'Create the user disabled'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l name -d 'First name (nome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l surname -d 'Surname (cognome)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l email -d 'E-mail address: notifications of the user\'s tickets go there' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l account -d 'Login account, usually cognome.nome' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l perm -d 'Permission AREA=LEVEL, repeatable. Areas and levels: aggiornamenti=off|read|download, documenti|news-tecniche|news-commerciali|video=off|read|detail, faq=off|read, corsi=off|read|enrol, acquisti=off|on, assistenza=off|read|own|all. English aliases: updates, documents, tech-news, sales-news, videos, courses, purchases, support. Unnamed areas keep the manual\'s defaults (assistenza=own).' -r -f -a "aggiornamenti=off\t''
aggiornamenti=read\t''
aggiornamenti=download\t''
documenti=off\t''
documenti=read\t''
documenti=detail\t''
news-tecniche=off\t''
news-tecniche=read\t''
news-tecniche=detail\t''
news-commerciali=off\t''
news-commerciali=read\t''
news-commerciali=detail\t''
video=off\t''
video=read\t''
video=detail\t''
faq=off\t''
faq=read\t''
corsi=off\t''
corsi=read\t''
corsi=enrol\t''
acquisti=off\t''
acquisti=on\t''
assistenza=off\t''
assistenza=read\t''
assistenza=own\t''
assistenza=all\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l lang -d 'The language of the user\'s e-mails: it (default) or en' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l password-stdin -d 'Give an initial password, read from standard input (the user must change it at the first login) instead of mailing an invitation code'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l inactive -d 'Create the user disabled'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l name -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l surname -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l email -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l perm -d 'Permission AREA=LEVEL, repeatable. Areas and levels: aggiornamenti=off|read|download, documenti|news-tecniche|news-commerciali|video=off|read|detail, faq=off|read, corsi=off|read|enrol, acquisti=off|on, assistenza=off|read|own|all. English aliases: updates, documents, tech-news, sales-news, videos, courses, purchases, support. Unnamed areas keep the manual\'s defaults (assistenza=own).' -r -f -a "aggiornamenti=off\t''
aggiornamenti=read\t''
aggiornamenti=download\t''
documenti=off\t''
documenti=read\t''
documenti=detail\t''
news-tecniche=off\t''
news-tecniche=read\t''
news-tecniche=detail\t''
news-commerciali=off\t''
news-commerciali=read\t''
news-commerciali=detail\t''
video=off\t''
video=read\t''
video=detail\t''
faq=off\t''
faq=read\t''
corsi=off\t''
corsi=read\t''
corsi=enrol\t''
acquisti=off\t''
acquisti=on\t''
assistenza=off\t''
assistenza=read\t''
assistenza=own\t''
assistenza=all\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l lang -d 'The language of the user\'s e-mails: it or en' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l password-stdin -d 'Administrator: set a password, read from standard input; the user must change it at the next login'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l concurrency -d 'How many requests at once' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l dry-run -d 'Validate and print the plan; change nothing'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l update -d 'Update existing users whose names, e-mail, active flag or permissions differ'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l customer -d 'Staff only: the customer whose users to export' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l force -d 'Overwrite FILE if it exists'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l excel -d 'For Italian Excel: `;` between cells, a BOM, Italian headers (nome, cognome, attivo, lingua, …), sì/no'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand users; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "list" -d 'List and search tickets, newest first (--sort oldest: oldest first)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "ls" -d 'List and search tickets, newest first (--sort oldest: oldest first)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "view" -d 'Show a ticket: all fields, the comment thread, attachments and the actions allowed now'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "show" -d 'Show a ticket: all fields, the comment thread, attachments and the actions allowed now'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "new" -d 'Open a ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "create" -d 'Open a ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "add" -d 'Open a ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "edit" -d 'Change a ticket\'s subject, priority or notification e-mail'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "close" -d 'Close a ticket: "ok, risolto"'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "reopen" -d 'Reopen a closed ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "comment" -d 'Add a comment to a ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "attach" -d 'Attach files to an open ticket'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "download" -d 'Download a ticket\'s attachments'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and not __fish_seen_subcommand_from list ls view show new create add edit close reopen comment attach download wait" -f -a "wait" -d 'Wait until a ticket reaches a state'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s s -l state -d 'Only these states (repeatable, or comma-separated); `open`: all but chiuso' -r -f -a "inserito\t''
in-carico\t''
risposto\t''
chiuso\t''
open\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l from -d 'Created on or after this day (also today, yesterday, 7d, 2w)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l to -d 'Created on or before this day (also today, yesterday, 7d, 2w)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l priority -d 'normale, bloccante or priority' -r -f -a "normale\t''
bloccante\t''
priority\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l macro-area -d 'Only tickets in this macro area of the catalog' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l area -d 'Only tickets in areas of this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l section -d 'Only tickets in sections of this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l user -d 'Only tickets opened by this account (of your company)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l technician -d 'Only tickets in this technician\'s charge (the Tecnico column)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l search -d 'Free text over subject, description and comments' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l sort -d 'Newest first (default) or oldest first' -r -f -a "newest\t'Newest first'
oldest\t'Oldest first (a desk working through its queue in order)'"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N tickets' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l mine -d 'Only tickets I opened (staff: in my charge)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l all -d 'Show every matching ticket (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l count -d 'Also count every match (an exact total costs the portal a full count)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s w -l web -d 'Open the list\'s page in the browser instead, with the same states, dates and words'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s s -l state -d 'Only these states (repeatable, or comma-separated); `open`: all but chiuso' -r -f -a "inserito\t''
in-carico\t''
risposto\t''
chiuso\t''
open\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l from -d 'Created on or after this day (also today, yesterday, 7d, 2w)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l to -d 'Created on or before this day (also today, yesterday, 7d, 2w)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l priority -d 'normale, bloccante or priority' -r -f -a "normale\t''
bloccante\t''
priority\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l macro-area -d 'Only tickets in this macro area of the catalog' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l area -d 'Only tickets in areas of this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l section -d 'Only tickets in sections of this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l user -d 'Only tickets opened by this account (of your company)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l technician -d 'Only tickets in this technician\'s charge (the Tecnico column)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l search -d 'Free text over subject, description and comments' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l sort -d 'Newest first (default) or oldest first' -r -f -a "newest\t'Newest first'
oldest\t'Oldest first (a desk working through its queue in order)'"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N tickets' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l mine -d 'Only tickets I opened (staff: in my charge)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l all -d 'Show every matching ticket (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l count -d 'Also count every match (an exact total costs the portal a full count)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s w -l web -d 'Open the list\'s page in the browser instead, with the same states, dates and words'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -s w -l web -d 'Open the ticket\'s page in the browser instead'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -s w -l web -d 'Open the ticket\'s page in the browser instead'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l macro-area -d 'Macro area, e.g. "Software Gestionale" (see `lhs catalog`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l area -d 'Area within the macro area, e.g. Contabilità' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l section -d 'Section within the area, e.g. "Prima nota"' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l subject -d 'One line summing up the problem' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l description -d 'The full description (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l description-file -d 'Read the description from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -s a -l attach -d 'Attach a file (repeatable, at most 3)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l priority -d 'normale (default), bloccante or priority; on vtenext the portal\'s own: Low, Normal (default), High, Urgent' -r -f -a "normale\t''
bloccante\t''
priority\t''
Low\t''
Normal\t''
High\t''
Urgent\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l severity -d 'vtenext only: Minor (default), Major, Feature, Critical' -r -f -a "Minor\t''
Major\t''
Feature\t''
Critical\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l category -d 'vtenext only: Big Problem, Small Problem, Other Problem (default)' -r -f -a "Big Problem\t''
Small Problem\t''
Other Problem\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l idempotency-key -d 'Idempotency key: re-running a CI job with the same key never opens a second ticket' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l notify -d 'Another address that also receives this ticket\'s e-mails ("E-mail di notifica ticket")' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l macro-area -d 'Macro area, e.g. "Software Gestionale" (see `lhs catalog`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l area -d 'Area within the macro area, e.g. Contabilità' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l section -d 'Section within the area, e.g. "Prima nota"' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l subject -d 'One line summing up the problem' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l description -d 'The full description (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l description-file -d 'Read the description from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -s a -l attach -d 'Attach a file (repeatable, at most 3)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l priority -d 'normale (default), bloccante or priority; on vtenext the portal\'s own: Low, Normal (default), High, Urgent' -r -f -a "normale\t''
bloccante\t''
priority\t''
Low\t''
Normal\t''
High\t''
Urgent\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l severity -d 'vtenext only: Minor (default), Major, Feature, Critical' -r -f -a "Minor\t''
Major\t''
Feature\t''
Critical\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l category -d 'vtenext only: Big Problem, Small Problem, Other Problem (default)' -r -f -a "Big Problem\t''
Small Problem\t''
Other Problem\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l idempotency-key -d 'Idempotency key: re-running a CI job with the same key never opens a second ticket' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l notify -d 'Another address that also receives this ticket\'s e-mails ("E-mail di notifica ticket")' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l macro-area -d 'Macro area, e.g. "Software Gestionale" (see `lhs catalog`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l area -d 'Area within the macro area, e.g. Contabilità' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l section -d 'Section within the area, e.g. "Prima nota"' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l subject -d 'One line summing up the problem' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l description -d 'The full description (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l description-file -d 'Read the description from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -s a -l attach -d 'Attach a file (repeatable, at most 3)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l priority -d 'normale (default), bloccante or priority; on vtenext the portal\'s own: Low, Normal (default), High, Urgent' -r -f -a "normale\t''
bloccante\t''
priority\t''
Low\t''
Normal\t''
High\t''
Urgent\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l severity -d 'vtenext only: Minor (default), Major, Feature, Critical' -r -f -a "Minor\t''
Major\t''
Feature\t''
Critical\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l category -d 'vtenext only: Big Problem, Small Problem, Other Problem (default)' -r -f -a "Big Problem\t''
Small Problem\t''
Other Problem\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l idempotency-key -d 'Idempotency key: re-running a CI job with the same key never opens a second ticket' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l notify -d 'Another address that also receives this ticket\'s e-mails ("E-mail di notifica ticket")' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l subject -d 'A new subject (one line)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l priority -d 'normale, bloccante or priority' -r -f -a "normale\t''
bloccante\t''
priority\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l notify -d 'Another address that also receives this ticket\'s e-mails' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l no-notify -d 'Stop sending this ticket\'s e-mails to the extra address'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s m -l message -d 'Say why, as a comment on the ticket (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s F -l message-file -d 'Read the comment from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s m -l message -d 'The comment text (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s F -l message-file -d 'Read the comment from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l idempotency-key -d 'Idempotency key, for CI jobs that re-run' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from attach" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s d -l dir -d 'Directory to write into' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l file -d 'Only the attachment with this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l id -d 'Only the attachment with this id (see `lhs tickets view`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s o -l output -d '`-`: write the one attachment chosen to standard output' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l force -d 'Overwrite existing files'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l state -d 'The state to wait for' -r -f -a "inserito\t''
in-carico\t''
risposto\t''
chiuso\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l timeout -d 'Give up after this long (each request\'s own deadline is LHS_TIMEOUT)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l interval -d 'How often to check' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand tickets; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l customer -d 'Staff only: show this customer\'s contract instead of the whole catalog' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand catalog" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -f -a "list" -d 'List the published documents, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -f -a "ls" -d 'List the published documents, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -f -a "view" -d 'Show one of the documents in full'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -f -a "show" -d 'Show one of the documents in full'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and not __fish_seen_subcommand_from list ls view show download" -f -a "download" -d 'Download the files of one of the documents'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l folder -d 'vtenext: only the documents of this folder (its name, any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l mine -d 'vtenext: only the documents shared with you, not with your whole company'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l folder -d 'vtenext: only the documents of this folder (its name, any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l mine -d 'vtenext: only the documents shared with you, not with your whole company'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -s d -l dir -d 'Directory to write into' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l file -d 'Only the file with this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l force -d 'Overwrite existing files'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand docs; and __fish_seen_subcommand_from download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -f -a "list" -d 'List the news, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -f -a "ls" -d 'List the news, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -f -a "view" -d 'Show one news item in full'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -f -a "show" -d 'Show one news item in full'
complete -c lhs -n "__fish_lhs_using_subcommand news; and not __fish_seen_subcommand_from list ls view show download" -f -a "download" -d 'Download the files of one news item'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l kind -d 'Only technical (tech) or commercial (sales) news' -r -f -a "tech\t'News tecniche'
sales\t'News commerciali'"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l kind -d 'Only technical (tech) or commercial (sales) news' -r -f -a "tech\t'News tecniche'
sales\t'News commerciali'"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l kind -d 'Technical (tech) or commercial (sales) [default: whichever has the id]' -r -f -a "tech\t'News tecniche'
sales\t'News commerciali'"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l kind -d 'Technical (tech) or commercial (sales) [default: whichever has the id]' -r -f -a "tech\t'News tecniche'
sales\t'News commerciali'"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -s d -l dir -d 'Directory to write into' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l file -d 'Only the file with this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l kind -d 'Technical (tech) or commercial (sales) [default: whichever has the id]' -r -f -a "tech\t'News tecniche'
sales\t'News commerciali'"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l force -d 'Overwrite existing files'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand news; and __fish_seen_subcommand_from download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List the published videos, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List the published videos, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one of the videos in full'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one of the videos in full'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand videos; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -f -a "list" -d 'List the published fiscal notices, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -f -a "ls" -d 'List the published fiscal notices, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -f -a "view" -d 'Show one of the fiscal notices in full'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -f -a "show" -d 'Show one of the fiscal notices in full'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and not __fish_seen_subcommand_from list ls view show download" -f -a "download" -d 'Download the files of one of the fiscal notices'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -s d -l dir -d 'Directory to write into' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l file -d 'Only the file with this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l force -d 'Overwrite existing files'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand fiscal; and __fish_seen_subcommand_from download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -f -a "list" -d 'List the published FAQ, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -f -a "ls" -d 'List the published FAQ, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -f -a "view" -d 'Show one of the FAQ in full'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -f -a "show" -d 'Show one of the FAQ in full'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and not __fish_seen_subcommand_from list ls view show comment" -f -a "comment" -d 'Comment on one of the FAQ (vtenext portals)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s m -l message -d 'The comment text (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s F -l message-file -d 'Read the comment from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand faq; and __fish_seen_subcommand_from comment" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -f -a "list" -d 'List the software updates of the products in your contract, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -f -a "ls" -d 'List the software updates of the products in your contract, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -f -a "view" -d 'Show one software update: version, date, release notes, files with size and SHA-256'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -f -a "show" -d 'Show one software update: version, date, release notes, files with size and SHA-256'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and not __fish_seen_subcommand_from list ls view show download" -f -a "download" -d 'Download the files of a software update, verifying each against its SHA-256'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s p -l product -d 'Only this product (a macro area of the catalog; see `lhs catalog`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N updates' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l all -d 'Show every update (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s p -l product -d 'Only this product (a macro area of the catalog; see `lhs catalog`)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N updates' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l all -d 'Show every update (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s p -l product -d 'The product, with --latest' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s d -l dir -d 'Directory to write into' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l file -d 'Only the file with this name' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l latest -d 'The newest update of --product'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l force -d 'Overwrite files that differ'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand updates; and __fish_seen_subcommand_from download" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "list" -d 'The calendar: courses to come, with their dates and the seats left'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "ls" -d 'The calendar: courses to come, with their dates and the seats left'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "view" -d 'Show one course: date, seats left, description, whether you are enrolled'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "show" -d 'Show one course: date, seats left, description, whether you are enrolled'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "enrol" -d 'Enrol in a course'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "withdraw" -d 'Withdraw from a course you enrolled in'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "leave" -d 'Withdraw from a course you enrolled in'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and not __fish_seen_subcommand_from list ls view show enrol withdraw leave mine" -f -a "mine" -d 'The courses you are enrolled in, past ones too'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N courses' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l all -d 'Show every course'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N courses' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l all -d 'Show every course'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from enrol" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from withdraw" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from leave" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -s L -l limit -d 'Show at most N courses' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l all -d 'Show every course'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand courses; and __fish_seen_subcommand_from mine" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -f -a "list" -d 'The packages of SMART minutes on sale, cheapest first'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -f -a "ls" -d 'The packages of SMART minutes on sale, cheapest first'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -f -a "buy" -d 'Order a package of SMART minutes for your company'
complete -c lhs -n "__fish_lhs_using_subcommand store; and not __fish_seen_subcommand_from list ls buy orders" -f -a "orders" -d 'Your company\'s orders, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -s y -l yes -d 'Buy without asking'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from buy" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l status -d 'Only orders in this status' -r -f -a "pending\t''
confirmed\t''
rejected\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -s L -l limit -d 'Show at most N orders' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l all -d 'Show every order'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand store; and __fish_seen_subcommand_from orders" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand package" -l customer -d 'Staff only: the customer whose package to show' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand package" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand package" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand package" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand package" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand package" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand package" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand package" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand package" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List your company\'s quotes (Preventivi)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List your company\'s quotes (Preventivi)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one quote in full'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one quote in full'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand quotes; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List your company\'s invoices (Fatture)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List your company\'s invoices (Fatture)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one invoice in full'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one invoice in full'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand invoices; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List the products your company has (Prodotti)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List the products your company has (Prodotti)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one product in full'
complete -c lhs -n "__fish_lhs_using_subcommand products; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one product in full'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand products; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List the services your company has (Servizi)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List the services your company has (Servizi)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one service in full'
complete -c lhs -n "__fish_lhs_using_subcommand services; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one service in full'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand services; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List your company\'s projects (Progetti)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List your company\'s projects (Progetti)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one project with its tasks, milestones and tickets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one project with its tasks, milestones and tickets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand projects; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -f -a "list" -d 'List your colleagues: your company\'s contacts (Contatti)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -f -a "ls" -d 'List your colleagues: your company\'s contacts (Contatti)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -f -a "view" -d 'Show one colleague\'s contact record'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and not __fish_seen_subcommand_from list ls view show" -f -a "show" -d 'Show one colleague\'s contact record'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand contacts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand company" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand company" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand company" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand company" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand company" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand company" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand company" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand company" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand company" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand company" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand company" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand company" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand company" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -a "list" -d 'List the records of the module'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -a "ls" -d 'List the records of the module'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -a "view" -d 'Show one record of the module in full'
complete -c lhs -n "__fish_lhs_using_subcommand records; and not __fish_seen_subcommand_from list ls view show" -a "show" -d 'Show one record of the module in full'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l search -d 'Only records with every one of these words in some column (any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -s L -l limit -d 'Show at most N records' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l mine -d 'Only your own records (the portal\'s "Mostra: Mio"); by default those of your whole company, as the portal\'s "Tutti"'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l all -d 'Show every record'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from view" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand records; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -f -a "status" -d 'Every profile: host, account, role, where its token is kept and whether it still works'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and not __fish_seen_subcommand_from status token" -f -a "token" -d 'Print the current profile\'s token, for scripts (e.g. `LHS_TOKEN=$(lhs auth token)`)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand auth; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -f -a "list" -d 'The configured profiles; `*` marks the default'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -f -a "ls" -d 'The configured profiles; `*` marks the default'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and not __fish_seen_subcommand_from list ls use" -f -a "use" -d 'Make a profile the default (used without --profile / LHS_PROFILE)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand profile; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -f -a "get" -d 'Print one setting (nothing when unset)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -f -a "set" -d 'Change one setting; an empty value unsets it'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -f -a "list" -d 'Every setting with its value'
complete -c lhs -n "__fish_lhs_using_subcommand config; and not __fish_seen_subcommand_from get set list ls" -f -a "ls" -d 'Every setting with its value'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand config; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "queue" -d 'The desk\'s queue: tickets of every customer, newest first (--sort oldest: in order)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "take" -d 'Take a ticket in charge: it moves to in carico with you as technician, and the customer is notified'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "reply" -d 'Answer a ticket: it moves to risposto, the customer is notified, and --minutes are deducted from the customer\'s SMART package.'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "close" -d 'Close a ticket on the desk\'s side'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "customers" -d 'Customers and their Administrators'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "package" -d 'SMART packages'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "outbox" -d 'The notification outbox: list it (the default), or queue failed mail again'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "publish" -d 'Publish in one of the portal\'s areas'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "published" -d 'List what was published in an area (unpublished items too), newest first'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "edit" -d 'Change a published item'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "unpublish" -d 'Withdraw a published item from customers'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "updates" -d 'Software updates: publish, unpublish'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "courses" -d 'Courses: add, enrolments'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "store" -d 'The Store\'s packages: list, add, edit'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "orders" -d 'The Store\'s orders: list, confirm, reject'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "notice" -d 'Set or clear the notice of a catalog node (staff administrators)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "section" -d 'Add a section to the catalog (staff administrators)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "report" -d 'The help desk\'s statistics: per week, SMART minutes per customer, the queue\'s age'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and not __fish_seen_subcommand_from queue take reply close customers package outbox publish published edit unpublish updates courses store orders notice section report staff" -f -a "staff" -d 'The help desk\'s technicians: add, list, disable, enable, admin'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s s -l state -d 'Only these states (repeatable, or comma-separated)' -r -f -a "inserito\t''
in-carico\t''
risposto\t''
chiuso\t''
open\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l customer -d 'Only this customer' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l technician -d 'Only tickets in charge of this technician' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l search -d 'Free text over subject, description and comments' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l sort -d 'Newest first (default) or oldest first' -r -f -a "newest\t'Newest first'
oldest\t'Oldest first (a desk working through its queue in order)'"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s L -l limit -d 'Show at most N tickets' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l mine -d 'Only tickets in my charge'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l all -d 'Show every matching ticket (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l count -d 'Also count every match'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from queue" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from take" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s m -l message -d 'The answer (`-`: read it from standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s F -l message-file -d 'Read the answer from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l minutes -d 'Minutes spent, deducted from the SMART package: 20, 90m, 1h, 1h30 (asked for on a terminal)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l allow-overdraft -d 'Let the balance go below zero'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from reply" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "add" -d 'Create a customer'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "create" -d 'Create a customer'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "new" -d 'Create a customer'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "list" -d 'List customers with their SMART balance, standing and subscriptions'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "ls" -d 'List customers with their SMART balance, standing and subscriptions'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "standing" -d 'Set a customer\'s standing: ok, temporary (a banner for its users) or suspended'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from customers" -f -a "subscription" -d 'Turn a customer\'s courses subscription on or off'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -f -a "grant" -d 'Add minutes to a customer\'s SMART package'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -f -a "correct" -d 'Correct a customer\'s SMART package by hand, with the reason'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -f -a "show" -d 'Show a customer\'s SMART package'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from package" -f -a "view" -d 'Show a customer\'s SMART package'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l status -d 'Only mails in this status' -r -f -a "pending\t''
sent\t''
failed\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -s L -l limit -d 'At most N mails' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -f -a "list" -d 'The notification outbox, newest first: what was queued, sent, or given up on'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -f -a "ls" -d 'The notification outbox, newest first: what was queued, sent, or given up on'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from outbox" -f -a "retry" -d 'Queue failed mail again, with fresh attempts'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l title -d 'One line: the title' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l summary -d 'A short summary shown in lists' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l body -d 'The text (`-`: standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l body-file -d 'Read the text from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -s a -l attach -d 'Attach a file (repeatable, at most 5)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l audience -d 'all, or customer codes (comma-separated)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l macro-area -d 'Only customers whose contract includes this macro area' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l area -d '…and this area of it' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l video-url -d 'Videos: where to watch it (http:// or https://)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l duration -d 'Videos: the length, e.g. 300s, 5m, 1h' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l search -d 'Only items whose title, summary or text has every one of these words (or parts of words, in any case)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -s L -l limit -d 'Show at most N items' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l all -d 'Show every item (written page by page as they arrive)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from published" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l title -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l summary -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l body -d 'The new text (`-`: standard input)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l body-file -d 'Read the new text from FILE (`-`: standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l audience -d 'all, or customer codes (comma-separated)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l macro-area -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l area -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l video-url -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l duration -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from unpublish" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -f -a "publish" -d 'Publish a software update of a product, with its release notes and files'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from updates" -f -a "unpublish" -d 'Withdraw a software update from customers (the help desk still sees it)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -f -a "add" -d 'Schedule a course in the calendar'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -f -a "create" -d 'Schedule a course in the calendar'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -f -a "new" -d 'Schedule a course in the calendar'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from courses" -f -a "enrolments" -d 'Who enrolled in a course, by customer'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -f -a "packages" -d 'Every package of the Store, withdrawn ones too'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -f -a "add" -d 'Put a package of SMART minutes on sale'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -f -a "create" -d 'Put a package of SMART minutes on sale'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -f -a "new" -d 'Put a package of SMART minutes on sale'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from store" -f -a "edit" -d 'Change a package on sale, or withdraw it (--active off)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -f -a "list" -d 'Every customer\'s orders, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -f -a "ls" -d 'Every customer\'s orders, newest first'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -f -a "confirm" -d 'Confirm an order: its minutes are credited to the customer\'s SMART package'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from orders" -f -a "reject" -d 'Reject an order, with the reason the buyer is mailed'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l macro-area -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l area -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l section -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l text -d 'The notice (one line)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l clear -d 'Remove the notice'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from notice" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from section" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l weeks -d 'How many weeks back, the current one included (1 to 104)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "add" -d 'Add a technician to the help desk'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "create" -d 'Add a technician to the help desk'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "new" -d 'Add a technician to the help desk'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "list" -d 'List the technicians: administrator or not, active, invitation still pending'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "ls" -d 'List the technicians: administrator or not, active, invitation still pending'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "disable" -d 'Disable a technician: no more logins; their sessions and tokens stop at once'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "enable" -d 'Enable a disabled technician'
complete -c lhs -n "__fish_lhs_using_subcommand desk; and __fish_seen_subcommand_from staff" -f -a "admin" -d 'Make a technician a staff administrator, or not'
complete -c lhs -n "__fish_lhs_using_subcommand api" -s X -l method -d 'HTTP method' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -s d -l data -d 'JSON body, or @FILE to read it from a file (@- for standard input)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand api" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand api" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand api" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand api" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand api" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand api" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand api" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand api" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand completions" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l keep -d 'Leave the portal running afterwards (Ctrl-C stops it)'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand demo" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l db -d 'The database: an SQLite file (PATH or sqlite:PATH) or postgres://user:pass@host/db (put a password in LHS_DB or PGPASSWORD, not on the command line; TLS with libpq\'s ?sslmode=…&sslrootcert=FILE, verify-full across a network) [default: $XDG_DATA_HOME/lhs/portal.db]' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l db-connections -d 'Connections to PostgreSQL this instance keeps open (several instances share the server\'s max_connections) [default: twice the cores, at least 4]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l listen -d 'Address to listen on (port 0 picks a free port)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l smtp -d 'SMTP server for notifications: smtp://host:port, smtp://host:port?tls=required (STARTTLS) or smtps://host:port. Put credentials in LHS_SMTP_URL, not on the command line. Without it mails stay in the outbox' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l mail-from -d 'Sender of notification e-mails' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l public-url -d 'Base URL of the portal, used in e-mails [default: http://<listen address>]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l session-ttl -d 'Lifetime of a login session' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l invite-ttl -d 'Lifetime of the invitation code mailed to an account created without a password' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l trust-proxy -d 'Reverse proxies whose X-Forwarded-For header names the client (for the login and reset throttles). Addresses or CIDR ranges, repeatable or comma-separated; without it the header is ignored' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l autoclose-after -d 'Close `risposto` tickets after this long without customer activity' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l reopen-within -d 'How long after closing a ticket its customer (or the desk) may still reopen it; after that, `lhs tickets reopen` says to open a new ticket. `0s` turns reopening off' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l sweep-interval -d 'How often the auto-close sweep runs' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l mail-interval -d 'How often the mail worker retries the outbox when idle' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l bootstrap-staff -d 'Create this staff administrator before serving. The password comes from LHS_BOOTSTRAP_PASSWORD, or from standard input (prompted on a terminal)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l bootstrap-email -d 'E-mail address of the bootstrapped staff account' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l dev-password -d 'Password of every dev account [default: random, printed]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l dev -d 'Dev mode: a temporary database seeded with demo accounts and catalog; with --db, an empty database is seeded and kept, and one an earlier --dev seeded is reused'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand serve" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand db; and not __fish_seen_subcommand_from copy" -f -a "copy" -d 'Copy a whole portal to another, empty database'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l from -d 'The database to copy from (SQLite PATH, sqlite:PATH or postgres://…)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l to -d 'The empty database to copy to (SQLite PATH, sqlite:PATH or postgres://…)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand db; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand help" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand help" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand help" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand help" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand help" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand help" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand help" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand help" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand help" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand help" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand help" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand help" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -f -a "hardening" -d 'Measure memory and latency under password bursts, large imports and a heavy start-up'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -f -a "live" -d 'Measure how soon a change reaches pages open on another instance (PostgreSQL)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -f -a "pages" -d 'Measure the portal\'s pages at a million tickets (SQLite)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -f -a "seed" -d 'Fill an empty database with a generated portal of N tickets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and not __fish_seen_subcommand_from hardening live pages seed store" -f -a "store" -d 'Measure list/search latency, throughput, streaming and start-up on both backends'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l burst -d 'Concurrent password operations in the burst' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l users -d 'Users per import' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l stale -d 'Answered tickets waiting for the auto-close sweep at start-up' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l server-bin -d 'Measure the server of another lhs binary (e.g. an older build, for before/after figures); the CLI used for imports is always this one' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from hardening" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l postgres -d 'An administrator\'s URL on a PostgreSQL server where database lhs_bench_live may be created (put its password in PGPASSWORD)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l pages -d 'Pages open on the second instance (half ticket pages, half queues)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l seconds -d 'How long changes are made, in seconds' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l server-bin -d 'Measure the server of another lhs binary (e.g. an older build)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from live" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l tickets -d 'Tickets in the big portal' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l dir -d 'Keep the seeded database here and reuse it [default: a temporary directory]' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l samples -d 'Requests per scenario' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l server-bin -d 'Measure the server of another lhs binary (e.g. an older build)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from pages" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l db -d 'The empty database to fill (SQLite PATH, sqlite:PATH or postgres://…)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l tickets -d 'Tickets to create' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l customers -d 'Customers the tickets spread over' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from seed" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l tickets -d 'Tickets in the big portal' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l dir -d 'Keep the seeded SQLite databases here and reuse them [default: a temporary directory]' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l postgres -d 'Also measure PostgreSQL: an administrator\'s URL on a server where databases lhs_bench_* may be created (put its password in PGPASSWORD)' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l samples -d 'Requests per latency scenario' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l seconds -d 'Seconds per throughput scenario' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l only -d 'Run only these parts: big (latency, throughput, streaming and start-up at --tickets), small (throughput at 60 tickets), create (creation throughput)' -r -f -a "big\t''
small\t''
create\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l server-bin -d 'Measure the server of another lhs binary (e.g. an older build)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l no-sqlite -d 'Skip SQLite (measure PostgreSQL only)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lhs -n "__fish_lhs_using_subcommand bench; and __fish_seen_subcommand_from store" -s V -l version -d 'Print version'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l root -d 'The repository root, where completions/ and man/ are written' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l host -d 'Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l profile -d 'Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l format -d 'Output format of data on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l json -d 'JSON output (--format json); --json FIELD,… keeps only those fields of each object' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l jq -d 'Filter the JSON output with a jq expression (implies --json); strings print raw' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l ca-cert -d 'Trust this PEM CA certificate (private CAs)' -r -F
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l timeout -d 'Deadline of each request (uploads and downloads: longest time without data), e.g. 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]' -r -f
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l no-input -d 'Never prompt; a missing value is an error (implied off a terminal and when CI is set)'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -l no-pager -d 'Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX` on a terminal)'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -s q -l quiet -d 'Print only data and errors'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -s v -l verbose -d 'Show each HTTP request (method, URL, status, duration) on stderr; never secrets'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c lhs -n "__fish_lhs_using_subcommand generate-docs" -s V -l version -d 'Print version'
