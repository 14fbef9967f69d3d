//! The scripts in examples/ run against a real portal, with the real lhs on PATH.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cli_env::Shell;
use crate::common::{Portal, lhs_bin};

fn script(sh: &Shell, name: &str) -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir = Path::new(lhs_bin()).parent().unwrap();
    let mut c = Command::new("bash");
    c.arg(root.join("examples").join(name))
        .env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", sh.home.path())
        .env("LHS_CONFIG_DIR", sh.config_dir())
        .env("LHS_HOST", &sh.host)
        .current_dir(sh.home.path());
    c
}

#[test]
fn ci_job_opens_a_ticket_with_its_log_and_waits_for_the_answer() {
    let p = Portal::dev();
    let user = Shell::new(&p);
    user.login("rossi.mario");
    let token = user
        .run(&["token", "create", "--name", "ci"])
        .stdout
        .trim()
        .to_owned();
    std::fs::write(
        user.home.path().join("build.log"),
        "step 3: export SDI failed\n".repeat(200),
    )
    .unwrap();
    let job = script(&user, "ci-open-ticket.sh")
        .args(["build.log", "Nightly build fails"])
        .env("LHS_TOKEN", &token)
        .env("CI_JOB_ID", "4242")
        .env("WAIT_INTERVAL", "200ms")
        .env("WAIT_TIMEOUT", "60s")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let desk = Shell::new(&p);
    desk.login("staff");
    let n = crate::common::eventually(30, "the CI ticket", || {
        let q = desk.run(&["desk", "queue", "--json"]).json();
        q.as_array()
            .unwrap()
            .first()
            .map(|t| t["number"].to_string())
    });
    let t = desk.run(&["tickets", "view", &n, "--json"]).json();
    assert_eq!(t["subject"], "Nightly build fails");
    assert_eq!(t["attachments"][0]["filename"], "build.log.zip");
    assert_eq!(t["attachments"][0]["content_type"], "application/zip");
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&[
        "desk",
        "reply",
        &n,
        "--minutes",
        "15",
        "-m",
        "Aggiornare il modulo SDI",
    ])
    .ok();
    let out = job.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Aggiornare il modulo SDI"), "{stdout}");
    // A re-run of the same job finds the same ticket instead of opening another, though its
    // log (and so the zip) is not byte for byte the same.
    std::fs::write(
        user.home.path().join("build.log"),
        "step 3: export SDI failed (re-run)\n".repeat(200),
    )
    .unwrap();
    let rerun = script(&user, "ci-open-ticket.sh")
        .args(["build.log", "Nightly build fails"])
        .env("LHS_TOKEN", &token)
        .env("CI_JOB_ID", "4242")
        .env("WAIT_INTERVAL", "200ms")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&rerun.stderr);
    assert!(rerun.status.success(), "{err}");
    assert!(err.contains(&format!("already opened as {n}")), "{err}");
    assert_eq!(
        desk.run(&["desk", "queue", "--all", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn provisioning_script_imports_the_sample_sheet_twice_safely() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/staff.csv");
    std::fs::copy(&sample, admin.home.path().join("staff.csv")).unwrap();
    for expected in ["created", "unchanged"] {
        let out = script(&admin, "provision-users.sh")
            .arg("staff.csv")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(admin.home.path().join("staff-report.json")).unwrap(),
        )
        .unwrap();
        let results: Vec<_> = report
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["result"].as_str().unwrap())
            .collect();
        assert_eq!(results, [expected; 3]);
    }
    let users = admin.run(&["users", "list", "--json"]).json();
    let giulia = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "desantis.giulia")
        .unwrap();
    assert_eq!(giulia["surname"], "De Santis; ufficio acquisti");
    assert_eq!(giulia["permissions"]["acquisti"], "on");
}
