//! `lhs users` and the CSV import/export.

use crate::cli_env::Shell;
use crate::common::Portal;

fn admin(p: &Portal) -> Shell {
    let sh = Shell::new(p);
    sh.login("C0001");
    sh
}

#[test]
fn add_list_show_edit_disable_enable() {
    let p = Portal::dev();
    let sh = admin(&p);
    sh.run_stdin(
        &[
            "users",
            "add",
            "--name",
            "Anna",
            "--surname",
            "Bianchi",
            "--email",
            "anna@demo.example",
            "--account",
            "bianchi.anna",
            "--perm",
            "assistenza=all",
            "--perm",
            "purchases=on",
            "--password-stdin",
        ],
        "Anna2024pass\n",
    )
    .ok()
    .err_has("User bianchi.anna created");
    let list = sh.run(&["users", "list", "--json"]).json();
    let anna = list
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "bianchi.anna")
        .unwrap()
        .clone();
    for key in [
        "account",
        "name",
        "surname",
        "email",
        "active",
        "permissions",
    ] {
        assert!(anna.get(key).is_some(), "missing {key}");
    }
    assert_eq!(anna["permissions"]["assistenza"], "all");
    assert_eq!(anna["permissions"]["acquisti"], "on");
    assert_eq!(anna["permissions"]["corsi"], "enrol");
    sh.run(&["users", "list"]).ok().out_has("bianchi.anna");
    sh.run(&["users", "show", "bianchi.anna"])
        .ok()
        .out_has("news-tecniche");
    sh.run(&[
        "users",
        "edit",
        "bianchi.anna",
        "--perm",
        "faq=off",
        "--surname",
        "Verdi",
    ])
    .ok();
    let u = sh.run(&["users", "show", "bianchi.anna", "--json"]).json();
    assert_eq!(
        (u["surname"].as_str(), u["permissions"]["faq"].as_str()),
        (Some("Verdi"), Some("off"))
    );
    sh.run(&["users", "edit", "bianchi.anna"])
        .fails(2)
        .err_has("nothing to change");
    sh.run(&["users", "disable", "bianchi.anna"])
        .ok()
        .err_has("no longer work");
    p.api()
        .try_login("bianchi.anna", "Anna2024pass")
        .expect(401, "account_disabled");
    sh.run(&["users", "enable", "bianchi.anna"]).ok();
    p.api().login("bianchi.anna", "Anna2024pass");
    // Failure modes and their exit codes.
    sh.run(&["users", "show", "nobody"]).fails(5);
    sh.run(&[
        "users",
        "add",
        "--name",
        "X",
        "--surname",
        "Y",
        "--email",
        "x@y.it",
        "--account",
        "rossi.mario",
    ])
    .fails(7)
    .err_has("already taken");
    sh.run(&[
        "users",
        "add",
        "--name",
        "X",
        "--surname",
        "Y",
        "--email",
        "not-mail",
        "--account",
        "x.y",
    ])
    .fails(6);
    sh.run(&["users", "add", "--name", "X"])
        .fails(2)
        .err_has("--surname");
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["users", "list"])
        .fails(4)
        .err_has("Administrator");
}

const SEMICOLON_BOM: &str = "\u{feff}nome;cognome;email;account;attivo;assistenza;acquisti\n\
Anna;Bianchi;anna@demo.example;bianchi.anna;sì;all;on\n\
Luca;\"Neri; jr\";luca@demo.example;neri.luca;;;\n\
Giulia;Verdi;giulia@demo.example;verdi.giulia;no;read;\n";

#[test]
fn import_semicolons_bom_quotes_dry_run_and_re_runs() {
    let p = Portal::dev();
    let sh = admin(&p);
    let file = sh.home.path().join("staff.csv");
    std::fs::write(&file, SEMICOLON_BOM).unwrap();
    let plan = sh.run(&["users", "import", "staff.csv", "--dry-run", "--json"]);
    let plan = plan.json();
    let results: Vec<_> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["create", "create", "create"]);
    assert_eq!(plan[1]["row"], 3);
    assert_eq!(
        sh.run(&["users", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1,
        "dry run changed nothing"
    );
    let report = sh.run(&[
        "users",
        "import",
        "staff.csv",
        "--json",
        "--concurrency",
        "3",
    ]);
    let report = report.json();
    for r in report.as_array().unwrap() {
        assert_eq!(r["result"], "created", "{r}");
        assert!(r["error"].is_null());
        assert!(r.get("row").is_some() && r.get("account").is_some());
    }
    let users = sh.run(&["users", "list", "--json"]).json();
    let luca = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "neri.luca")
        .unwrap();
    assert_eq!(luca["surname"], "Neri; jr");
    assert_eq!(luca["permissions"]["assistenza"], "own");
    let giulia = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "verdi.giulia")
        .unwrap();
    assert_eq!(giulia["active"], false);
    // Same file again: nothing is created twice.
    let again = sh.run(&["users", "import", "staff.csv", "--json"]).json();
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["result"] == "unchanged"),
        "{again}"
    );
    // A changed file: skipped without --update, updated with it.
    std::fs::write(
        &file,
        SEMICOLON_BOM.replace("anna@demo.example", "anna.b@demo.example"),
    )
    .unwrap();
    let skip = sh.run(&["users", "import", "staff.csv", "--json"]);
    let skip = skip.ok().json();
    assert_eq!(skip[0]["result"], "skipped");
    assert!(skip[0]["error"].as_str().unwrap().contains("--update"));
    let upd = sh
        .run(&["users", "import", "staff.csv", "--update", "--json"])
        .json();
    assert_eq!(upd[0]["result"], "updated");
    assert_eq!(upd[1]["result"], "unchanged");
    // Table report for people.
    sh.run(&["users", "import", "staff.csv"])
        .ok()
        .out_has("unchanged")
        .err_has("0 created, 0 updated, 3 unchanged");
}

#[test]
fn import_validates_the_whole_file_before_sending_anything() {
    let p = Portal::dev();
    let sh = admin(&p);
    std::fs::write(
        sh.home.path().join("bad.csv"),
        "name,surname,email,account,password,support\n\
         Ok,User,ok@demo.example,ok.user,,own\n\
         Bad,Mail,not-a-mail,bad.mail,,own\n\
         Bad,Perm,p@demo.example,bad.perm,,download\n\
         Dup,User,d@demo.example,ok.user,,\n\
         Weak,Pw,w@demo.example,weak.pw,abc,\n",
    )
    .unwrap();
    let out = sh.run(&["users", "import", "bad.csv", "--json"]);
    out.fails(6).err_has("nothing was sent");
    let rows = out.json();
    let errors: Vec<(i64, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["result"] == "error")
        .map(|r| (r["row"].as_i64().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), [3, 4, 5, 6]);
    assert!(errors[1].1.contains("off|read|own|all"));
    assert!(errors[2].1.contains("row 2"));
    assert_eq!(
        sh.run(&["users", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    std::fs::write(
        sh.home.path().join("hdr.csv"),
        "name,surname,mail,login\nA,B,a@b.it,a.b\n",
    )
    .unwrap();
    sh.run(&["users", "import", "hdr.csv"])
        .fails(6)
        .err_has("row 1")
        .err_has("login");
    sh.run(&["users", "import", "missing.csv"]).fails(5);
    std::fs::write(
        sh.home.path().join("latin1.csv"),
        b"name,surname,email,account\nN\xe9,B,a@b.it,a.b\n",
    )
    .unwrap();
    // Not UTF-8: read as Windows-1252 (Italian Excel's plain "CSV") and said so.
    sh.run(&["users", "import", "latin1.csv"])
        .ok()
        .err_has("read as Windows-1252");
}

#[test]
fn server_side_row_failures_fail_the_exit_code() {
    let p = Portal::dev();
    let sh = admin(&p);
    // `staff` is an account of the help desk: the portal refuses it.
    std::fs::write(
        sh.home.path().join("clash.csv"),
        "name,surname,email,account\nA,B,a@demo.example,new.one\nS,T,s@demo.example,staff\n",
    )
    .unwrap();
    let out = sh.run(&["users", "import", "clash.csv", "--json"]);
    out.fails(7);
    let rows = out.json();
    assert_eq!(rows[0]["result"], "created");
    assert_eq!(rows[1]["result"], "error");
    assert!(rows[1]["error"].as_str().unwrap().contains("already taken"));
}

#[test]
fn export_round_trips_through_import() {
    let p = Portal::dev();
    let sh = admin(&p);
    std::fs::write(sh.home.path().join("staff.csv"), SEMICOLON_BOM).unwrap();
    sh.run(&["users", "import", "staff.csv"]).ok();
    sh.run(&["users", "export", "-o", "out.csv"]).ok();
    let csv = std::fs::read_to_string(sh.home.path().join("out.csv")).unwrap();
    assert!(csv.starts_with("name,surname,email,account,active,language,aggiornamenti,"));
    let stdout = sh.run(&["users", "export"]);
    assert_eq!(stdout.ok().stdout, csv);
    let again = sh.run(&["users", "import", "out.csv", "--json"]).json();
    assert_eq!(again.as_array().unwrap().len(), 4);
    assert!(
        again
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["result"] == "unchanged"),
        "{again}"
    );
}
