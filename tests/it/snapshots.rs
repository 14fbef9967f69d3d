//! Snapshots of what people read: every command's help, and ticket lists as a table at 80 and
//! 160 columns (on a real pseudo-terminal), as tab-separated records in a pipe, as JSON and as
//! CSV. Ports and times are filtered out, so a change to output shows up as a diff to review:
//! `cargo insta review`, or `INSTA_UPDATE=always tests/run snapshots` and read `git diff`.

use clap::CommandFactory;

use crate::cli_env::Shell;
use crate::cli_interactive::{finish_output, spawn};
use crate::common::Portal;

/// Ports, and times in every form lhs writes them, replaced by stable text of the same shape
/// (so tables stay aligned in the snapshots).
pub fn filtered() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT");
    s.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "YYYY-MM-DDThh:mm:ss.mmmZ",
    );
    s.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "YYYY-MM-DD hh:mm");
    s
}

/// Every command path under `cmd` (hidden ones left out), depth first.
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        let mut p = prefix.to_vec();
        p.push(sub.get_name().to_owned());
        out.push(p.clone());
        paths(sub, &p, out);
    }
}

/// The "Global options" section of a long help text and the text without it.
fn split_globals(help: &str) -> (String, String) {
    let Some(start) = help.find("\nGlobal options:\n") else {
        return (String::new(), help.to_owned());
    };
    let rest = &help[start..];
    // The section ends where a line that is not an option (no indent) follows a blank line.
    let end = rest[1..]
        .match_indices("\n\n")
        .map(|(i, _)| i + 1)
        .find(|&i| rest[i + 2..].chars().next().is_some_and(|c| c != ' '))
        .map_or(help.len(), |i| start + i);
    (
        help[start..end].trim_end().to_owned(),
        format!(
            "{}\nGlobal options: see help_global_options{}",
            &help[..start],
            &help[end..]
        ),
    )
}

#[test]
fn help_texts() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.set_env("COLUMNS", "100");
    let root = lhs::cli::Cli::command();
    let help = |path: &[String]| {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = sh.run(&args);
        out.ok();
        (format!("$ lhs {}\n", args.join(" ")), out.stdout.clone())
    };
    // Help holds no ports or times to filter: it is compared as written.
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let (cmd, text) = help(&[]);
        insta::assert_snapshot!("help_lhs", format!("{cmd}{text}"));
        // One snapshot per top-level command: its help and its subcommands'. The global
        // options are the same everywhere (clap writes them compact or long, depending on the
        // command's own help, and a command with its own --timeout, `tickets wait`, shows
        // that one instead): written once, in `help_global_options`.
        let mut globals = std::collections::BTreeSet::new();
        let mut all = Vec::new();
        paths(&root, &[], &mut all);
        let tops: Vec<String> = root
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| c.get_name().to_owned())
            .collect();
        for top in tops {
            let text: Vec<String> = all
                .iter()
                .filter(|p| p[0] == top)
                .map(|p| {
                    let (cmd, text) = help(p);
                    let (g, rest) = split_globals(&text);
                    assert!(
                        g.contains("--host"),
                        "lhs {} --help: no global options",
                        p.join(" ")
                    );
                    globals.insert(g);
                    format!("{cmd}{rest}")
                })
                .collect();
            insta::assert_snapshot!(format!("help_{top}"), text.join("\n"));
        }
        assert!(
            globals.len() <= 3,
            "global options differ between commands: {globals:#?}"
        );
        insta::assert_snapshot!(
            "help_global_options",
            globals.into_iter().collect::<Vec<_>>().join("\n\n---\n")
        );
    });
}

/// A small, fixed portal state: four tickets in every state, with long and accented subjects.
fn tickets(p: &Portal) {
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let subjects = [
        "Stampa registri IVA: il totale del trimestre non corrisponde alla liquidazione",
        "Errore esito SDI",
        "Perché la fattura elettronica 2024/118 è stata scartata dal sistema di interscambio?",
        "Backup notturno",
    ];
    let n: Vec<i64> = subjects
        .iter()
        .map(|s| rossi.new_ticket(s, "Descrizione"))
        .collect();
    let post = |path: String, body: serde_json::Value| staff.post(&path, body).ok();
    post(format!("/tickets/{}/take", n[0]), serde_json::json!({}));
    post(format!("/tickets/{}/take", n[1]), serde_json::json!({}));
    post(
        format!("/tickets/{}/reply", n[1]),
        serde_json::json!({ "body": "Reinviata.", "minutes": 15 }),
    );
    rossi
        .post(&format!("/tickets/{}/close", n[3]), serde_json::json!({}))
        .ok();
}

/// `args` on a terminal `columns` wide, as the user sees it.
fn on_terminal(sh: &mut Shell, columns: &str, args: &[&str]) -> String {
    sh.set_env("COLUMNS", columns);
    let mut s = spawn(sh, args);
    finish_output(&mut s).replace("\r\n", "\n")
}

#[test]
fn ticket_lists_as_table_tsv_json_and_csv() {
    let p = Portal::dev();
    tickets(&p);
    let mut sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.set_env("TZ", "UTC");
    let mut desk = Shell::new(&p);
    desk.login("staff");
    desk.set_env("TZ", "UTC");
    filtered().bind(|| {
        for cols in ["80", "160"] {
            insta::assert_snapshot!(
                format!("tickets_list_{cols}_columns"),
                on_terminal(&mut sh, cols, &["tickets", "list"])
            );
            insta::assert_snapshot!(
                format!("desk_queue_{cols}_columns"),
                on_terminal(
                    &mut desk,
                    cols,
                    &["desk", "queue", "--state", "open,chiuso"]
                )
            );
        }
        insta::assert_snapshot!(
            "ticket_view_80_columns",
            on_terminal(&mut sh, "80", &["tickets", "view", "1002"])
        );
        insta::assert_snapshot!(
            "tickets_list_pipe",
            sh.run(&["tickets", "list"]).ok().stdout
        );
        insta::assert_snapshot!(
            "tickets_list_csv",
            sh.run(&["tickets", "list", "--format", "csv"]).ok().stdout
        );
        insta::assert_snapshot!(
            "tickets_list_json_fields",
            sh.run(&["tickets", "list", "--json", "number,state,priority,subject"])
                .ok()
                .stdout
        );
        insta::assert_snapshot!(
            "ticket_view_json",
            sh.run(&["tickets", "view", "1002", "--json"]).ok().stdout
        );
    });
}
