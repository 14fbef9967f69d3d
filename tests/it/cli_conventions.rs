//! The conventions of gh-like tools: aliases, every missing flag reported at once, local
//! times with their zone, clear hints for plain-HTTP servers and desk commands run by
//! customers, `tickets wait` that shows the answer.

use crate::cli_env::Shell;
use crate::cli_interactive::{finish, finish_output, spawn};
use crate::common::Portal;

#[test]
fn the_same_verbs_and_aliases_on_every_noun() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.run(&["tickets", "--help"])
        .ok()
        .out_has("[alias: ls]")
        .out_has("[alias: show]")
        .out_has("[aliases: create, add]");
    sh.run(&["tickets", "ls"]).ok();
    sh.run(&["docs", "ls", "--json"]).ok();
    sh.run(&["docs", "show", "1"])
        .ok()
        .out_has("Chiusura IVA annuale");
    sh.run(&["updates", "ls"]).ok().out_has("2026.1");
    sh.run(&["courses", "ls"]).ok();
    sh.run(&["store", "ls"]).ok().out_has("SMART-600");
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin.run(&["users", "ls"]).ok().out_has("rossi.mario");
    admin.run(&["users", "view", "rossi.mario"]).ok();
    admin
        .run(&["users", "--help"])
        .ok()
        .out_has("[aliases: create, new]")
        .out_has("[alias: view]");
    sh.run(&["token", "--help"])
        .ok()
        .out_has("[aliases: new, add]");
}

#[test]
fn everything_missing_is_reported_at_once_and_the_reason_named() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.run(&["tickets", "new", "--subject", "x"])
        .fails(2)
        .err_has("missing --macro-area, --area, --section and --description or --description-file")
        .err_has("no terminal to ask on: pass them as flags");
    sh.set_env("CI", "1");
    sh.run(&["tickets", "new", "--subject", "x"])
        .fails(2)
        .err_has("prompts are off (CI is set)");
    let desk = Shell::new(&p);
    desk.login("staff");
    let n = Shell::new(&p).login("rossi.mario").new_ticket("aiuto");
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&["desk", "reply", &n])
        .fails(2)
        .err_has("missing --minutes and --message or --message-file");
    // On a terminal the minutes are asked for, like the other commands' values.
    let mut s = spawn(&desk, &["desk", "reply", &n, "--message", "Fatto"]);
    s.exp_string("Minutes spent").unwrap();
    s.send_line("15").unwrap();
    s.exp_string("answered (15 min)").unwrap();
    finish(s);
}

#[test]
fn hints_for_plain_http_and_for_desk_commands_run_by_customers() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.host = p.url.trim_start_matches("http://").to_owned();
    sh.set_env("LHS_TOKEN", "lhs_p_whatever");
    sh.run(&["whoami"])
        .fails(8)
        .err_has(&format!("use --host {}", p.url));
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["desk", "queue"])
        .fails(4)
        .err_has("help desk")
        .err_has("lhs tickets list");
}

#[test]
fn times_are_local_with_their_zone_and_json_stays_utc() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.set_env("TZ", "Europe/Rome");
    sh.run(&["docs", "list"]).ok().out_has(" +01:00");
    let j = sh.run(&["docs", "list", "--json"]).json();
    assert!(j[0]["published_at"].as_str().unwrap().ends_with('Z'));
    sh.set_env("TZ", "UTC");
    sh.run(&["docs", "list"]).ok().out_has(" UTC");
}

#[test]
fn wait_shows_the_answer() {
    let p = Portal::dev();
    let user = Shell::new(&p);
    user.login("rossi.mario");
    let n = user.new_ticket("stampa");
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&[
        "desk",
        "reply",
        &n,
        "--minutes",
        "5",
        "-m",
        "Aggiornate il driver della stampante",
    ])
    .ok();
    user.run(&[
        "tickets",
        "wait",
        &n,
        "--state",
        "risposto",
        "--timeout",
        "10s",
    ])
    .ok()
    .out_has("Aggiornate il driver della stampante");
    let t = user
        .run(&["tickets", "wait", &n, "--state", "risposto", "--json"])
        .json();
    assert_eq!(t["state"], "risposto");
}

#[test]
fn json_fields_and_jq() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let a = sh.new_ticket("primo");
    let b = sh.new_ticket("secondo");
    let j = sh
        .run(&["tickets", "list", "--json", "number,state,subject"])
        .json();
    assert_eq!(
        j,
        serde_json::json!([
            {"number": b.parse::<i64>().unwrap(), "state": "inserito", "subject": "secondo"},
            {"number": a.parse::<i64>().unwrap(), "state": "inserito", "subject": "primo"},
        ])
    );
    // The global flag before the command, and `=`, read the same.
    assert_eq!(
        sh.run(&["--json", "tickets", "list"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        sh.run(&["tickets", "list", "--json=number"]).json()[0]
            .as_object()
            .unwrap()
            .len(),
        1
    );
    sh.run(&["tickets", "list", "--json", "number,colour"])
        .fails(2)
        .err_has("unknown JSON field `colour`")
        .err_has("subject");
    // A real jq: filters, functions, raw strings.
    sh.run(&["tickets", "list", "--jq", ".[].subject"])
        .ok()
        .out_has("secondo\nprimo\n");
    let n = sh
        .run(&[
            "tickets",
            "list",
            "--jq",
            "map(select(.subject | test(\"^pri\"))) | length",
        ])
        .ok()
        .stdout
        .clone();
    assert_eq!(n.trim(), "1");
    sh.run(&["tickets", "view", &a, "--jq", ".state"])
        .ok()
        .out_has("inserito");
    sh.run(&["tickets", "list", "--jq", ".[0"])
        .fails(2)
        .err_has("--jq");
    sh.run(&["tickets", "list", "--jq", ".", "--format", "csv"])
        .fails(2);
}

/// Strips ANSI colour sequences.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' {
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn tables_fit_the_terminal_and_colour_follows_the_conventions() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.login("rossi.mario");
    // 50 characters: the whole row fits 160 columns; at 80 the subject gives way.
    let long = "Il registro IVA di dicembre non riporta 3 fatture";
    assert_eq!(long.chars().count(), 49);
    sh.new_ticket(long);
    for cols in ["80", "160"] {
        sh.set_env("COLUMNS", cols);
        let mut s = spawn(&sh, &["tickets", "list"]);
        let out = plain(&finish_output(&mut s));
        let width: usize = cols.parse().unwrap();
        let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines[0].starts_with("NUMBER"), "{out}");
        assert_eq!(lines.len(), 2, "a header and one row, no rules: {out}");
        for l in &lines {
            assert!(
                unicode_width::UnicodeWidthStr::width(*l) <= width,
                "{cols} columns: {l}"
            );
        }
        // Number, state and date whole; the subject cut only where it must be.
        assert!(lines[1].starts_with("1001 "), "{out}");
        assert!(lines[1].contains("Inserito"));
        assert_eq!(lines[1].contains('…'), width == 80, "{out}");
    }
    // Colour on a terminal, not with NO_COLOR, and forced into a pipe by CLICOLOR_FORCE.
    // (The test shell sets NO_COLOR=1; empty means unset.)
    sh.set_env("NO_COLOR", "");
    let mut s = spawn(&sh, &["tickets", "list"]);
    assert!(finish_output(&mut s).contains("\x1b["));
    sh.set_env("NO_COLOR", "1");
    let mut s = spawn(&sh, &["tickets", "list"]);
    assert!(!finish_output(&mut s).contains("\x1b["));
    let mut forced = Shell::new(&p);
    forced.login("rossi.mario");
    forced.set_env("CLICOLOR_FORCE", "1");
    assert!(
        forced
            .run(&["tickets", "list"])
            .ok()
            .stdout
            .contains("\x1b[")
    );
    assert!(
        !Shell::new(&p)
            .login("rossi.mario")
            .run(&["tickets", "list"])
            .ok()
            .stdout
            .contains("\x1b[")
    );
}

#[test]
fn long_output_goes_through_the_pager_on_a_terminal_only() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.new_ticket("da paginare");
    sh.set_env("LHS_PAGER", "sed 's/^/PAGED: /'");
    let mut s = spawn(&sh, &["tickets", "list"]);
    let out = finish_output(&mut s);
    assert!(out.contains("PAGED: NUMBER"), "{out}");
    let mut s = spawn(&sh, &["--no-pager", "tickets", "list"]);
    assert!(!finish_output(&mut s).contains("PAGED"));
    // Never in a pipe.
    assert!(!sh.run(&["tickets", "list"]).ok().stdout.contains("PAGED"));
    // PAGER when LHS_PAGER is not set; `cat` or empty means none.
    sh.set_env("LHS_PAGER", "");
    let mut s = spawn(&sh, &["tickets", "list"]);
    assert!(!finish_output(&mut s).contains("PAGED"));
}

#[test]
fn italian_excel_both_ways() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let csv = admin
        .run(&["users", "export", "--excel"])
        .ok()
        .stdout
        .clone();
    assert!(
        csv.starts_with("\u{feff}nome;cognome;email;account;attivo;lingua;aggiornamenti"),
        "{csv}"
    );
    assert!(
        csv.contains("Mario;Rossi;mario.rossi@demo.example;rossi.mario;sì;it;"),
        "{csv}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("utenti.csv");
    std::fs::write(&file, &csv).unwrap();
    // Read back as it was written: nothing to change.
    let back = admin
        .run(&[
            "users",
            "import",
            file.to_str().unwrap(),
            "--update",
            "--json",
        ])
        .json();
    assert!(
        back.as_array()
            .unwrap()
            .iter()
            .all(|r| r["result"] == "unchanged"),
        "{back}"
    );
    // What Excel's plain "CSV" saves in Italy: Windows-1252, read and said so.
    let mut latin = b"nome;cognome;email;account\n".to_vec();
    latin.extend_from_slice(b"Nicol\xf2;Fabbr\xec;nicolo@demo.example;fabbri.nicolo\n");
    std::fs::write(&file, &latin).unwrap();
    admin
        .run(&["users", "import", file.to_str().unwrap()])
        .ok()
        .err_has("read as Windows-1252");
    let users = admin.run(&["users", "list", "--json"]).json();
    let nicolo = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "fabbri.nicolo")
        .unwrap();
    assert_eq!(
        (nicolo["name"].as_str(), nicolo["surname"].as_str()),
        (Some("Nicolò"), Some("Fabbrì"))
    );
}

#[test]
fn attachments_by_id_and_to_stdout() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let n = sh.new_ticket("due esiti");
    let dir = tempfile::tempdir().unwrap();
    for (sub, body) in [
        ("a", "<esito>primo</esito>"),
        ("b", "<esito>secondo</esito>"),
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        let f = dir.path().join(sub).join("esito.xml");
        std::fs::write(&f, body).unwrap();
        sh.run(&["tickets", "attach", &n, f.to_str().unwrap()]).ok();
    }
    let t = sh.run(&["tickets", "view", &n, "--json"]).json();
    let ids: Vec<String> = t["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].to_string())
        .collect();
    let view = sh.run(&["tickets", "view", &n]).ok().stdout.clone();
    assert!(view.contains("ID  NAME"), "{view}");
    for id in &ids {
        assert!(
            view.lines()
                .any(|l| l.trim_start().starts_with(&format!("{id} "))
                    && l.contains("esito.xml")
                    && l.contains("application/xml")),
            "{view}"
        );
    }
    sh.run(&["tickets", "download", &n, "--id", &ids[1], "-o", "-"])
        .ok()
        .out_has("<esito>secondo</esito>");
    sh.run(&["tickets", "download", &n, "--file", "esito.xml", "-o", "-"])
        .fails(2)
        .err_has("--id");
    sh.run(&["tickets", "download", &n, "-o", "-"]).fails(2);
    sh.run(&["tickets", "download", &n, "--id", "999999"])
        .fails(5)
        .err_has("esito.xml");
    // On a terminal a download shows its progress (stderr), like uploads.
    let shown = tempfile::tempdir().unwrap();
    let mut s = spawn(
        &sh,
        &[
            "tickets",
            "download",
            &n,
            "--dir",
            shown.path().to_str().unwrap(),
        ],
    );
    assert!(finish_output(&mut s).contains("Downloading"));
    // Both to a directory: the second one named apart by its id.
    let got = tempfile::tempdir().unwrap();
    sh.run(&[
        "tickets",
        "download",
        &n,
        "--dir",
        got.path().to_str().unwrap(),
    ])
    .ok();
    assert_eq!(
        std::fs::read_to_string(got.path().join("esito.xml")).unwrap(),
        "<esito>primo</esito>"
    );
    assert_eq!(
        std::fs::read_to_string(got.path().join(format!("{}-esito.xml", ids[1]))).unwrap(),
        "<esito>secondo</esito>"
    );
}

#[test]
fn more_filters_and_relative_dates() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let a = sh.new_ticket("normale in prima nota");
    let b = sh
        .run(&[
            "tickets",
            "new",
            "--macro-area",
            "Fatturazione Elettronica",
            "--area",
            "Invio SDI",
            "--section",
            "Scarti",
            "--subject",
            "bloccante",
            "--description",
            "x",
            "--priority",
            "bloccante",
        ])
        .ok()
        .stdout
        .trim()
        .to_owned();
    let c = sh.new_ticket("chiuso");
    sh.run(&["tickets", "close", &c]).ok();
    let numbers = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["tickets", "list", "--jq", ".[].number"];
        full.extend_from_slice(args);
        sh.run(&full)
            .ok()
            .stdout
            .lines()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(numbers(&["--state", "open"]), [b.as_str(), a.as_str()]);
    assert_eq!(numbers(&["--priority", "bloccante"]), [b.as_str()]);
    assert_eq!(
        numbers(&["--macro-area", "fatturazione elettronica"]),
        [b.as_str()]
    );
    assert_eq!(
        numbers(&["--area", "Contabilità", "--state", "open"]),
        [a.as_str()]
    );
    assert_eq!(
        numbers(&["--section", "Prima nota"]),
        [c.as_str(), a.as_str()]
    );
    assert_eq!(
        numbers(&["--from", "today", "--state", "chiuso"]),
        [c.as_str()]
    );
    assert_eq!(numbers(&["--from", "7d", "--to", "today"]).len(), 3);
    assert!(numbers(&["--to", "yesterday"]).is_empty());
    assert_eq!(
        numbers(&["--user", "rossi.mario", "--state", "open"]).len(),
        2
    );
    sh.run(&["tickets", "list", "--user", "staff"]).fails(5);
    sh.run(&["tickets", "list", "--area", "Nessuna"]).fails(5);
    sh.run(&["tickets", "list", "--from", "l'altro ieri"])
        .fails(2)
        .err_has("7d");
    // The Tecnico column is the customer's to filter by too.
    sh.run(&["tickets", "list", "--technician", "staff"]).ok();
}

#[test]
fn auth_profiles_and_config_like_gh() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.run_stdin(
        &[
            "--profile",
            "desk",
            "login",
            "--user",
            "staff",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{}\n", crate::common::PW),
    )
    .ok();
    let status = sh.run(&["auth", "status", "--json"]).json();
    let rows = status.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let by = |name: &str| rows.iter().find(|r| r["profile"] == name).unwrap().clone();
    assert_eq!(by("default")["status"], "ok");
    assert_eq!(by("default")["role"], "user");
    assert_eq!(by("default")["token"], "file");
    assert_eq!(by("default")["default"], true);
    assert_eq!(by("desk")["role"], "staff");
    // The token, alone on stdout, works for scripts.
    let token = sh.run(&["auth", "token"]).ok().stdout.trim().to_owned();
    assert!(token.starts_with("lhs_s_"), "{token}");
    let me = p.api().call("GET", "/me", Some(&token), None).ok();
    assert_eq!(me["account"], "rossi.mario");
    // A revoked token shows as such.
    sh.run(&["--profile", "desk", "logout"]).ok();
    let status = sh.run(&["auth", "status", "--json"]).json();
    assert_eq!(
        status
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["profile"] == "desk")
            .unwrap()["status"],
        "not logged in"
    );
    // Profiles: list and use.
    sh.run(&["profile", "list"]).ok().out_has("default *");
    sh.run(&["profile", "use", "nessuno"])
        .fails(2)
        .err_has("desk");
    sh.run(&["profile", "use", "desk"]).ok();
    sh.run(&["config", "get", "default_profile"])
        .ok()
        .out_has("desk");
    sh.run(&["config", "set", "default_profile", "default"])
        .ok();
    // Settings: prompts off works like --no-input; unknown keys list the real ones.
    sh.run(&["config", "set", "prompts", "off"]).ok();
    let mut s = spawn(&sh, &["tickets", "new", "--subject", "x"]);
    let out = finish_output(&mut s);
    assert!(
        out.contains("prompts are off (lhs config: prompts off)"),
        "{out}"
    );
    sh.run(&["config", "set", "prompts", "forse"]).fails(2);
    sh.run(&["config", "set", "colore", "blu"])
        .fails(2)
        .err_has("pager");
    // The configured pager is used on a terminal (after LHS_PAGER, which the shell sets).
    let mut paged = Shell::new(&p);
    std::fs::create_dir_all(paged.config_dir()).unwrap();
    for f in ["config.toml", "credentials.toml"] {
        std::fs::copy(sh.config_dir().join(f), paged.config_dir().join(f)).unwrap();
    }
    paged.set_env("LHS_PAGER", "");
    paged
        .run(&["config", "set", "pager", "sed 's/^/CONF: /'"])
        .ok();
    let list = paged.run(&["config", "list", "--json"]).json();
    assert_eq!(list["prompts"], "off");
    let mut s = spawn(&paged, &["--json", "whoami"]);
    assert!(finish_output(&mut s).contains("CONF: {"));
}

#[test]
fn help_topics_man_sections_and_value_completions() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.run(&["help", "environment"])
        .ok()
        .out_has("LHS_TOKEN")
        .out_has("NO_COLOR")
        .out_has("LHS_PAGER");
    sh.run(&["help", "formats"]).ok().out_has("--jq EXPR");
    sh.run(&["help", "exit-codes"])
        .ok()
        .out_has("permission denied");
    sh.run(&["help", "nonsense"])
        .fails(2)
        .err_has("environment");
    let man = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/lhs-tickets-list.1"),
    )
    .unwrap();
    assert!(man.contains(".SH \"EXIT STATUS\"") && man.contains(".SH \"ENVIRONMENT\""));
    let bash = sh.run(&["completions", "bash"]).ok().stdout.clone();
    let zsh = sh.run(&["completions", "zsh"]).ok().stdout.clone();
    for value in [
        "environment",
        "formats",
        "exit-codes",
        "in-carico",
        "bloccante",
        "documenti=detail",
        "assistenza=all",
    ] {
        assert!(bash.contains(value), "bash completion lacks {value}");
        assert!(zsh.contains(value), "zsh completion lacks {value}");
    }
}

#[test]
fn import_on_a_terminal_shows_a_summary_and_only_the_rows_needing_attention() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let file = admin.home.path().join("utenti.csv");
    std::fs::write(
        &file,
        "name,surname,email,account\nMario,Rossi,altro@demo.example,rossi.mario\nAnna,Neri,anna@demo.example,neri.anna\nLuca,Blu,luca@demo.example,blu.luca\n",
    )
    .unwrap();
    let mut s = spawn(&admin, &["users", "import", file.to_str().unwrap()]);
    let out = finish_output(&mut s);
    assert!(
        out.contains("rossi.mario") && out.contains("--update"),
        "{out}"
    );
    assert!(
        !out.contains("neri.anna") && !out.contains("blu.luca"),
        "{out}"
    );
    assert!(
        out.contains("2 created, 0 updated, 0 unchanged, 1 skipped"),
        "{out}"
    );
    // Scripts get every row.
    let all = admin
        .run(&["users", "import", file.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(all.as_array().unwrap().len(), 3);
}

#[test]
fn sort_oldest_first_and_user_filters() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let nums: Vec<i64> = ["uno", "due", "tre", "quattro"]
        .iter()
        .map(|s| rossi.new_ticket(&format!("Fattura {s}"), "stampa"))
        .collect();
    let staff = p.session("staff");
    staff
        .post(&format!("/tickets/{}/take", nums[1]), serde_json::json!({}))
        .ok();
    // The API pages oldest first through every kind of listing: plain, several states
    // merged, and a search.
    // (The area names two sections: one walk per section, merged, states checked on the rows.)
    for filter in [
        "",
        "&state=inserito,in_carico",
        "&q=fattura",
        "&area=Contabilit%C3%A0&state=inserito,in_carico",
        "&priority=normale&state=inserito,in_carico",
        "&section=Prima%20nota",
    ] {
        assert_eq!(
            rossi.all_pages(&format!("/tickets?sort=oldest&limit=3{filter}")),
            nums,
            "filter {filter:?}"
        );
    }
    rossi
        .get("/tickets?sort=sideways")
        .expect(422, "validation_failed");

    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let numbers_of = |sh: &Shell, args: &[&str]| -> Vec<i64> {
        let mut a = args.to_vec();
        a.extend(["--json", "number"]);
        sh.run(&a)
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_i64().unwrap())
            .collect()
    };
    let numbers = |args: &[&str]| numbers_of(&sh, args);
    assert_eq!(
        numbers(&["tickets", "list", "--sort", "oldest", "--all"]),
        nums
    );
    assert_eq!(
        numbers(&["tickets", "list", "--sort", "oldest", "-L", "2"]),
        nums[..2]
    );
    let mut newest = nums.clone();
    newest.reverse();
    assert_eq!(numbers(&["tickets", "list"]), newest);
    sh.run(&["tickets", "list", "--sort", "random"])
        .fails(2)
        .err_has("newest, oldest");
    let desk = Shell::new(&p);
    desk.login("staff");
    assert_eq!(
        numbers_of(&desk, &["desk", "queue", "--sort", "oldest"]),
        nums
    );

    // users list --search and --active/--inactive.
    let admin_api = p.session("C0001");
    admin_api.create_user(
        "bianchi.anna",
        serde_json::json!({ "name": "Anna", "surname": "Bianchi" }),
    );
    admin_api.create_user(
        "verdi.luca",
        serde_json::json!({ "name": "Luca", "surname": "Verdi" }),
    );
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin.run(&["users", "disable", "verdi.luca"]).ok();
    let accounts = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["users", "list"];
        a.extend_from_slice(args);
        a.extend(["--json", "account"]);
        let mut v: Vec<String> = admin
            .run(&a)
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["account"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(accounts(&[]), ["bianchi.anna", "rossi.mario", "verdi.luca"]);
    assert_eq!(accounts(&["--search", "ANNA"]), ["bianchi.anna"]);
    assert_eq!(
        accounts(&["--search", "demo.example mario"]),
        ["rossi.mario"]
    );
    assert_eq!(accounts(&["--inactive"]), ["verdi.luca"]);
    assert_eq!(accounts(&["--active"]), ["bianchi.anna", "rossi.mario"]);
    assert_eq!(
        accounts(&["--active", "--search", "verdi"]),
        Vec::<String>::new()
    );
    admin
        .run(&["users", "list", "--search", "nessuno"])
        .ok()
        .err_has("No users match.");
    admin
        .run(&["users", "list", "--active", "--inactive"])
        .fails(2);
}

#[test]
fn global_options_have_their_own_section_and_variables_stay_out_of_usage_lines() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.set_env("LHS_HOST", &p.url);
    sh.set_env("LHS_PROFILE", "ci");
    sh.set_env("LHS_TIMEOUT", "5s");
    // A usage error shows the command's own usage, not the variables as if they were flags.
    let out = sh.run(&["tickets", "view"]);
    out.fails(2).err_has("Usage: lhs tickets view <NUMBER>");
    for flag in ["--host", "--profile", "--timeout"] {
        assert!(!out.stderr.contains(flag), "{}", out.stderr);
    }
    let help = sh.run(&["tickets", "list", "--help"]);
    let text = &help.ok().stdout;
    let (own, global) = text
        .split_once("\nOptions:\n")
        .and_then(|(_, rest)| rest.split_once("Global options:"))
        .unwrap_or_else(|| panic!("no own and global sections:\n{text}"));
    assert!(own.contains("--sort") && own.contains("--state"), "{own}");
    for flag in [
        "--host",
        "--profile",
        "--json",
        "--jq",
        "--no-pager",
        "--timeout",
    ] {
        assert!(
            !own.contains(flag),
            "{flag} among the command's own options:\n{own}"
        );
        assert!(
            global.contains(flag),
            "{flag} missing from the global section"
        );
    }
    assert!(global.contains("[env: LHS_HOST]"), "{global}");
    // The variables still work, and a bad one is named.
    sh.run(&["whoami"]).fails(3).err_has("--profile ci");
    sh.set_env("LHS_TIMEOUT", "0s");
    sh.run(&["whoami"])
        .fails(2)
        .err_has("LHS_TIMEOUT=0s: the timeout must be between 1s and 24h");
    sh.set_env("LHS_TIMEOUT", "5s");
    sh.set_env("LHS_BACKEND", "sap");
    sh.run(&["tickets", "list"])
        .fails(2)
        .err_has("LHS_BACKEND=sap: use lhs or vtenext");
}
