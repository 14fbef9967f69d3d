//! Software updates: visible where the contract includes the product, listed with
//! `aggiornamenti=read`, downloaded with `aggiornamenti=download`; files streamed both ways,
//! downloads resumable and verified.

use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::cli_env::Shell;
use crate::common::{Portal, Session, SmtpSink};

/// Bytes that do not compress and differ from one seed to the next.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// Staff publishes `version` of `product` with the given files, through the API.
fn publish(staff: &Session, product: &str, version: &str, files: &[(&str, Vec<u8>)]) -> Value {
    use reqwest::blocking::multipart::{Form, Part};
    let mut form = Form::new().part(
        "update",
        Part::text(json!({"product": product, "version": version, "notes": format!("Novità della {version}")}).to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for (name, data) in files {
        form = form.part(
            "file",
            Part::bytes(data.clone()).file_name((*name).to_owned()),
        );
    }
    let r = crate::common::Api::send(staff.request("POST", "/updates").multipart(form));
    assert!(r.status == 201 || r.status >= 400, "{}", r.body);
    r.body.clone().as_object().map_or(Value::Null, |_| r.body)
}

#[test]
fn updates_follow_the_contract_and_each_permission_level() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url()]);
    let staff = p.session("staff");
    let c1 = p.session("C0001");
    // C0002's contract: only Software Gestionale › Contabilità › Prima nota.
    let c2 = p.customer(&smtp, "C0002");
    let setup = noise(300_000, 1);
    let sg1 = publish(
        &staff,
        "Software Gestionale",
        "2025.1",
        &[
            ("setup.exe", setup.clone()),
            ("LEGGIMI.txt", b"ciao".to_vec()),
        ],
    );
    assert_eq!(sg1["files"][0]["size"], 300_000);
    assert_eq!(
        sg1["files"][0]["sha256"],
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&setup))
    );
    let fe = publish(
        &staff,
        "Fatturazione Elettronica",
        "3.0",
        &[("fe.zip", noise(1000, 2))],
    );
    let sg2 = publish(
        &staff,
        "Software Gestionale",
        "2025.2",
        &[("setup.exe", noise(2000, 3))],
    );
    let versions = |s: &Session, q: &str| -> Vec<String> {
        s.get(&format!("/updates{q}")).ok()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["version"].as_str().unwrap().to_owned())
            .collect()
    };
    // After the dev portal's own 2026.1.
    assert_eq!(versions(&c1, ""), ["2025.2", "3.0", "2025.1", "2026.1"]);
    assert_eq!(versions(&c2, ""), ["2025.2", "2025.1", "2026.1"]);
    assert_eq!(
        versions(&c1, "?product=Software%20Gestionale&limit=1"),
        ["2025.2"]
    );
    c1.get("/updates?product=Nessuno").expect(404, "not_found");
    let fe_id = fe["id"].as_i64().unwrap();
    c2.get(&format!("/updates/{fe_id}"))
        .expect(404, "not_found");
    c2.get(&format!("/updates/{fe_id}/files/{}", fe["files"][0]["id"]))
        .expect(404, "not_found");

    // Each level of `aggiornamenti`.
    let off = c1.create_user(
        "spento.agg",
        json!({"permissions": {"aggiornamenti": "off"}}),
    );
    let read = c1.create_user(
        "lettura.agg",
        json!({"permissions": {"aggiornamenti": "read"}}),
    );
    let dl = c1.create_user(
        "scarica.agg",
        json!({"permissions": {"aggiornamenti": "download"}}),
    );
    let id = sg1["id"].as_i64().unwrap();
    let file = format!("/updates/{id}/files/{}", sg1["files"][0]["id"]);
    let r = off.get("/updates");
    assert_eq!((r.status, r.code()), (403, "permission_denied"));
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("aggiornamenti=read")
    );
    off.get(&format!("/updates/{id}"))
        .expect(403, "permission_denied");
    assert_eq!(versions(&read, "").len(), 4);
    assert_eq!(
        read.get(&format!("/updates/{id}")).ok()["notes"],
        "Novità della 2025.1"
    );
    let r = read.get(&file);
    assert_eq!((r.status, r.code()), (403, "permission_denied"));
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("aggiornamenti=download")
    );
    for s in [&dl, &c1, &staff] {
        let bytes = s.request("GET", &file).send().unwrap().bytes().unwrap();
        assert_eq!(bytes.as_ref(), setup.as_slice());
    }

    // Ranges: a resumed download gets the rest; past the end is 416.
    let r = dl
        .request("GET", &file)
        .header("Range", "bytes=299990-")
        .send()
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()["content-range"], "bytes 299990-299999/300000");
    assert_eq!(r.bytes().unwrap().as_ref(), &setup[299_990..]);
    let r = dl
        .request("GET", &file)
        .header("Range", "bytes=300000-")
        .send()
        .unwrap();
    assert_eq!(r.status(), 416);

    // Refusals, with nothing published.
    let r = publish(
        &staff,
        "Software Gestionale",
        "2025.2",
        &[("x.bin", vec![1])],
    );
    assert_eq!(r["code"], "version_exists", "{r}");
    let r = publish(&staff, "Nessuno", "1.0", &[("x.bin", vec![1])]);
    assert_eq!(r["code"], "not_in_catalog", "{r}");
    let r = publish(
        &staff,
        "Software Gestionale",
        "1.0 beta",
        &[("x.bin", vec![1])],
    );
    assert_eq!(r["code"], "validation_failed", "{r}");
    let r = publish(&staff, "Software Gestionale", "4.0", &[]);
    assert_eq!(r["code"], "validation_failed", "{r}");
    let r = publish(&c1, "Software Gestionale", "4.0", &[("x.bin", vec![1])]);
    assert_eq!(r["code"], "staff_only", "{r}");
    assert_eq!(versions(&staff, "").len(), 4);

    // Unpublished: gone for customers, kept for the desk.
    let sg2_id = sg2["id"].as_i64().unwrap();
    staff
        .post(&format!("/updates/{sg2_id}/unpublish"), json!({}))
        .ok();
    staff
        .post(&format!("/updates/{sg2_id}/unpublish"), json!({}))
        .expect(409, "already_unpublished");
    assert_eq!(versions(&c2, ""), ["2025.1", "2026.1"]);
    c1.get(&format!("/updates/{sg2_id}"))
        .expect(404, "not_found");
    assert_eq!(
        staff.get(&format!("/updates/{sg2_id}")).ok()["published"],
        false
    );
}

/// Starts the connection-cutting proxy in front of `portal`; returns it and its URL.
fn cutting_proxy(portal: &str, matching: &str, cut: usize) -> (Child, String) {
    use std::io::BufRead;
    let port = portal.rsplit(':').next().unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/cutting_proxy.py");
    let mut child = Command::new("python3")
        .args([script.to_str().unwrap(), port, matching, &cut.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, format!("http://127.0.0.1:{}", line.trim()))
}

#[test]
fn cli_publishes_and_downloads_resuming_after_a_cut() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    let dir = tempfile::tempdir().unwrap();
    let data = noise(5 * 1024 * 1024 + 123, 7);
    let setup = dir.path().join("setup-2025.3.exe");
    std::fs::write(&setup, &data).unwrap();
    let notes = dir.path().join("NOTE.md");
    std::fs::write(&notes, "Correzioni alla prima nota\n").unwrap();
    let id = desk
        .run(&[
            "desk",
            "updates",
            "publish",
            "--product",
            "Software Gestionale",
            "--version",
            "2025.3",
            "--notes-file",
            notes.to_str().unwrap(),
            setup.to_str().unwrap(),
        ])
        .ok()
        .stdout
        .trim()
        .to_owned();
    desk.run(&[
        "desk",
        "updates",
        "publish",
        "-p",
        "Software Gestionale",
        "-V",
        "2025.3",
        "--notes",
        "x",
        setup.to_str().unwrap(),
    ])
    .fails(7)
    .err_has("already published");
    desk.run(&[
        "desk",
        "updates",
        "publish",
        "-p",
        "Software Gestionale",
        "-V",
        "9",
        "--notes",
        "x",
        "/nonexistent.bin",
    ])
    .fails(5)
    .err_has("/nonexistent.bin");

    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["updates", "list"]).ok().out_has("2025.3");
    user.run(&["updates", "view", &id])
        .ok()
        .out_has("Correzioni alla prima nota")
        .out_has(&hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data)));
    // rossi.mario has the default `aggiornamenti=read`.
    let got = tempfile::tempdir().unwrap();
    let d = got.path().to_str().unwrap();
    user.run(&["updates", "download", &id, "--dir", d])
        .fails(4)
        .err_has("aggiornamenti=download");
    // Nothing is created before the portal says yes: no empty part, no folder.
    assert_eq!(std::fs::read_dir(got.path()).unwrap().count(), 0);
    let nested = got.path().join("new-folder");
    user.run(&[
        "updates",
        "download",
        &id,
        "--dir",
        nested.to_str().unwrap(),
    ])
    .fails(4);
    assert!(!nested.exists());
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .run(&[
            "users",
            "edit",
            "rossi.mario",
            "--perm",
            "aggiornamenti=download",
        ])
        .ok();

    // The connection is cut 2 MB into the file: the part is kept, and the next run resumes.
    let (mut proxy, url) = cutting_proxy(&p.url, "/files/", 2 * 1024 * 1024);
    let mut through = Shell::new(&p);
    through.host = url;
    through.set_env("LHS_TOKEN", &p.session("rossi.mario").token);
    let cut = through.run(&["updates", "download", &id, "--dir", d]);
    let _ = proxy.kill();
    cut.fails(8).err_has("run the same command again to resume");
    let part = got.path().join("setup-2025.3.exe.part");
    let partial = std::fs::metadata(&part).unwrap().len();
    assert!(partial > 0 && partial < data.len() as u64, "{partial}");
    assert!(!got.path().join("setup-2025.3.exe").exists());
    user.run(&[
        "updates",
        "download",
        "--latest",
        "--product",
        "Software Gestionale",
        "--dir",
        d,
    ])
    .ok()
    .err_has("resuming");
    assert_eq!(
        std::fs::read(got.path().join("setup-2025.3.exe")).unwrap(),
        data
    );
    assert!(!part.exists());
    // Already there and verified: nothing to do.
    user.run(&["updates", "download", &id, "--dir", d])
        .ok()
        .err_has("already downloaded");
    // A stale part whose bytes do not match is started again from zero, saying so.
    std::fs::write(&part, b"not the right bytes").unwrap();
    std::fs::remove_file(got.path().join("setup-2025.3.exe")).unwrap();
    user.run(&["updates", "download", &id, "--dir", d])
        .ok()
        .err_has("did not match")
        .err_has("starting again from zero");
    assert!(!part.exists());
    assert_eq!(
        std::fs::read(got.path().join("setup-2025.3.exe")).unwrap(),
        data
    );
    // A different file of the same name is not overwritten without --force.
    std::fs::write(got.path().join("setup-2025.3.exe"), b"mine").unwrap();
    user.run(&["updates", "download", &id, "--dir", d])
        .fails(7)
        .err_has("--force");
    user.run(&["updates", "download", &id, "--dir", d, "--force"])
        .ok();
    assert_eq!(
        std::fs::read(got.path().join("setup-2025.3.exe")).unwrap(),
        data
    );

    desk.run(&["desk", "updates", "unpublish", &id]).ok();
    user.run(&["updates", "view", &id]).fails(5);
    // The latest is the dev portal's own 2026.1 again.
    user.run(&[
        "updates",
        "download",
        "--latest",
        "-p",
        "Software Gestionale",
        "--dir",
        d,
    ])
    .ok()
    .err_has("2026.1");
    assert!(got.path().join("gestionale-2026.1.zip").exists());
    user.run(&[
        "updates",
        "download",
        "--latest",
        "-p",
        "Fatturazione Elettronica",
        "--dir",
        d,
    ])
    .fails(5)
    .err_has("no update");
}
