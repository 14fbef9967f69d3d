//! A vtenext portal's modules beyond tickets through `lhs`, against the real vtenext: the
//! records are made with vtenext's own PHP API (`vtenext_records.php`) for two companies, every
//! command is checked against what MariaDB holds, and neither company's contact ever sees the
//! other's records — also where vtenext itself would answer.

use serde_json::Value;

use crate::cli_env::Shell;
use crate::vtenext::{contact_shell, portal};

/// The ids of `list --json`.
fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// The value of field `name` in `view --json`.
fn field<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {v}"))
}

fn id(records: &Value, key: &str) -> i64 {
    records[key].as_i64().unwrap()
}

/// A shell with a seeded company: (shell, its contact's e-mail, the seeded ids, the file).
fn company(vte: &crate::common::Vte, name: &str, tag: &str) -> (Shell, String, Value, Vec<u8>) {
    let (sh, email) = contact_shell(vte, name);
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("manuale-{tag}.pdf"));
    std::fs::write(&file, &bytes).unwrap();
    let records = vte.records(&email, tag, &file);
    (sh, email, records, bytes)
}

#[test]
fn vtenext_modules_show_each_companys_records_and_nothing_of_anothers() {
    let Some(vte) = portal() else { return };
    let (alpha, alpha_email, a, a_bytes) = company(&vte, "Moduli Alpha Srl", "MA");
    let (beta, _, b, _) = company(&vte, "Moduli Beta Spa", "MB");

    // The modules the portal shows, with the command for each.
    let modules = alpha.run(&["records", "--json"]).ok().json();
    let names: Vec<&str> = modules
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["module"].as_str().unwrap())
        .collect();
    for m in [
        "Quotes",
        "Invoice",
        "Documents",
        "ProjectMilestone",
        "Accounts",
    ] {
        assert!(names.contains(&m), "{modules}");
    }
    alpha
        .run(&["records"])
        .ok()
        .out_has("Scadenze")
        .out_has("lhs quotes");
    alpha
        .run(&["records", "--format", "csv"])
        .ok()
        .out_has("module,menu,read,command\n")
        .out_has("Quotes,Preventivi,true,lhs quotes\n");

    // Quotes: as MariaDB holds them, money as the CRM writes it plus its machine form.
    let quotes = alpha.run(&["quotes", "list", "--json"]).ok().json();
    assert_eq!(ids(&quotes), [id(&a, "quote")]);
    let quote_no = vte.sql(&format!(
        "SELECT quote_no FROM vte_quotes WHERE quoteid = {}",
        id(&a, "quote")
    ));
    let q = &quotes[0];
    assert_eq!(q["quote_no"], quote_no.trim());
    assert_eq!(q["subject"], "Offerta MA");
    assert_eq!(q["grand_total"], "(€)241.000");
    assert_eq!(q["grand_total_amount"], 241.0);
    assert_eq!(q["grand_total_currency"], "EUR");
    // By id or by number, the same quote; text without markup.
    let by_no = alpha
        .run(&["quotes", "view", quote_no.trim(), "--json"])
        .ok()
        .json();
    assert_eq!(by_no["id"], id(&a, "quote"));
    assert_eq!(field(&by_no, "subject")["value"], "Offerta MA");
    assert_eq!(field(&by_no, "validtill")["iso"], "2027-01-31");
    assert_eq!(field(&by_no, "account_id")["value"], "Moduli Alpha Srl");
    alpha
        .run(&["quotes", "view", &id(&a, "quote").to_string()])
        .ok()
        .out_has("Offerta MA · Preventivi (Quotes)")
        .out_has("Grand Total")
        .out_has("Via Roma 1");
    let csv = alpha
        .run(&["quotes", "list", "--format", "csv"])
        .ok()
        .stdout
        .clone();
    assert!(csv.starts_with("id,quote_no,subject,"), "{csv}");
    assert!(csv.contains(",241.0,EUR,"), "{csv}");

    // Invoices, products, services, contacts, the company.
    let invoices = alpha.run(&["invoices", "list", "--json"]).ok().json();
    assert_eq!(ids(&invoices), [id(&a, "invoice")]);
    let stored = vte.sql(&format!(
        "SELECT invoice_no, subject, invoicestatus FROM vte_invoice WHERE invoiceid = {}",
        id(&a, "invoice")
    ));
    let inv = &invoices[0];
    assert_eq!(
        stored.trim(),
        format!(
            "{}\t{}\t{}",
            inv["invoice_no"].as_str().unwrap(),
            inv["subject"].as_str().unwrap(),
            inv["status"].as_str().unwrap()
        )
    );
    let products = alpha.run(&["products", "list", "--json"]).ok().json();
    // Related to the company and sold in its quote and invoice: listed once.
    assert_eq!(ids(&products), [id(&a, "product")]);
    let product = alpha
        .run(&["products", "view", &id(&a, "product").to_string(), "--json"])
        .ok()
        .json();
    assert_eq!(field(&product, "productname")["value"], "Router MA");
    assert_eq!(field(&product, "unit_price")["amount"], 120.5);
    // vtenext's get_details sends descriptions empty (MariaDB has it): lhs says so.
    assert_eq!(field(&product, "description")["value"], "");
    assert!(
        field(&product, "description")["note"]
            .as_str()
            .unwrap()
            .contains("sends descriptions empty")
    );
    let stored = vte.sql(&format!(
        "SELECT description FROM vte_products WHERE productid = {}",
        id(&a, "product")
    ));
    assert_eq!(stored.trim(), "Dual band router & switch <MA>");
    let services = alpha.run(&["services", "list", "--json"]).ok().json();
    assert_eq!(ids(&services), [id(&a, "service")]);
    let contacts = alpha.run(&["contacts", "list", "--json"]).ok().json();
    assert_eq!(ids(&contacts), [id(&a, "contact")]);
    assert_eq!(contacts[0]["email"], alpha_email.as_str());
    let company = alpha.run(&["company", "--json"]).ok().json();
    assert_eq!(company["id"], id(&a, "account"));
    let stored = vte.sql(&format!(
        "SELECT accountname, account_no FROM vte_account WHERE accountid = {}",
        id(&a, "account")
    ));
    assert_eq!(
        stored.trim(),
        format!(
            "{}\t{}",
            company["title"].as_str().unwrap(),
            field(&company, "account_no")["value"].as_str().unwrap()
        )
    );
    let accounts = alpha
        .run(&["records", "Aziende", "list", "--json"])
        .ok()
        .json();
    // vtenext lists every company of the CRM here: lhs shows the contact's own only.
    assert_eq!(ids(&accounts), [id(&a, "account")]);

    // A project with its task, milestone (Scadenze) and ticket. A ticket of another company
    // related to it in the CRM (vtenext would list it) is not shown.
    vte.sql(&format!(
        "INSERT INTO vte_crmentityrel (crmid, module, relcrmid, relmodule) VALUES ({}, 'ProjectPlan', {}, 'HelpDesk')",
        id(&a, "project"),
        id(&b, "ticket")
    ));
    let projects = alpha.run(&["projects", "list", "--json"]).ok().json();
    assert_eq!(ids(&projects), [id(&a, "project")]);
    let project = alpha
        .run(&["projects", "view", &id(&a, "project").to_string(), "--json"])
        .ok()
        .json();
    let task = vte.sql(&format!(
        "SELECT projecttaskname, projecttaskprogress FROM vte_projecttask WHERE projectid = {}",
        id(&a, "project")
    ));
    assert_eq!(task.trim(), "Analisi MA\t50%");
    assert_eq!(project["tasks"][0]["project_task_name"], "Analisi MA");
    assert_eq!(project["tasks"][0]["progress"], "50%");
    assert_eq!(
        project["milestones"][0]["project_milestone_name"],
        "Collaudo MA"
    );
    assert_eq!(project["milestones"][0]["milestone_date_iso"], "2027-01-15");
    assert_eq!(project["tickets"][0]["subject"], "Ticket del progetto MA");
    assert_eq!(project["tickets"].as_array().unwrap().len(), 1, "{project}");
    let milestones = alpha
        .run(&["records", "scadenze", "list", "--json"])
        .ok()
        .json();
    assert_eq!(ids(&milestones), [id(&a, "milestone")]);
    alpha
        .run(&[
            "records",
            "ProjectTask",
            "view",
            &id(&a, "task").to_string(),
        ])
        .ok()
        .out_has("Analisi MA");

    // Documents: the folder, the file byte for byte.
    let docs = alpha.run(&["docs", "list", "--json"]).ok().json();
    assert_eq!(ids(&docs), [id(&a, "document")]);
    let folder = vte.sql(&format!(
        "SELECT f.foldername FROM vte_notes n JOIN vte_crmentityfolder f ON f.folderid = n.folderid WHERE n.notesid = {}",
        id(&a, "document")
    ));
    assert_eq!(docs[0]["folder"], folder.trim());
    assert_eq!(docs[0]["folder"], "Manuali MA");
    assert_eq!(docs[0]["file_name"], "manuale-MA.pdf");
    assert_eq!(docs[0]["file_size"], 5000);
    alpha
        .run(&["docs", "list", "--folder", "manuali ma"])
        .ok()
        .out_has("Guida MA");
    alpha
        .run(&["docs", "list", "--format", "csv"])
        .ok()
        .out_has("id,number,title,folder,file_name,file_size,")
        .out_has(",Guida MA,Manuali MA,manuale-MA.pdf,5000,");
    let none = alpha
        .run(&["docs", "list", "--folder", "Altro", "--json"])
        .ok()
        .json();
    assert_eq!(none, Value::Array(vec![]));
    // Shared with the company, not with the contact alone.
    let mine = alpha.run(&["docs", "list", "--mine", "--json"]).ok().json();
    assert_eq!(mine, Value::Array(vec![]));
    alpha
        .run(&["docs", "view", &id(&a, "document").to_string()])
        .ok()
        .out_has("Folder:   Manuali MA")
        .out_has("How to install & run <MA>");
    let out = tempfile::tempdir().unwrap();
    let doc = id(&a, "document").to_string();
    let dir = out.path().to_str().unwrap();
    alpha.run(&["docs", "download", &doc, "--dir", dir]).ok();
    assert_eq!(
        std::fs::read(out.path().join("manuale-MA.pdf")).unwrap(),
        a_bytes
    );
    alpha
        .run(&["docs", "download", &doc, "--dir", dir])
        .fails(7)
        .err_has("already exists");

    // FAQ are the CRM's, shared by every customer: both companies see both.
    let faq = beta.run(&["faq", "list", "--json"]).ok().json();
    assert!(ids(&faq).contains(&id(&a, "faq")), "{faq}");
    let one = beta
        .run(&["faq", "view", &id(&a, "faq").to_string(), "--json"])
        .ok()
        .json();
    assert_eq!(one["answer"], "Si apre il pannello & si sceglie Rete.");

    // Nothing of Alpha's is Beta's: not in its lists, "not found" when asked by id — also
    // where vtenext would answer (a contact's or a company's details, a project's parts, a
    // document's file).
    for (noun, key) in [
        ("quotes", "quote"),
        ("invoices", "invoice"),
        ("products", "product"),
        ("services", "service"),
        ("projects", "project"),
        ("contacts", "contact"),
    ] {
        let theirs = beta.run(&[noun, "list", "--json"]).ok().json();
        assert!(!ids(&theirs).contains(&id(&a, key)), "{noun}: {theirs}");
        assert!(ids(&theirs).contains(&id(&b, key)), "{noun}: {theirs}");
        beta.run(&[noun, "view", &id(&a, key).to_string()])
            .fails(5)
            .err_has("among those you can see");
    }
    for (module, key) in [("Accounts", "account"), ("ProjectMilestone", "milestone")] {
        beta.run(&["records", module, "view", &id(&a, key).to_string()])
            .fails(5);
    }
    let theirs = beta.run(&["docs", "list", "--json"]).ok().json();
    assert_eq!(ids(&theirs), [id(&b, "document")]);
    beta.run(&["docs", "view", &doc])
        .fails(5)
        .err_has("among those you can see");
    beta.run(&["docs", "download", &doc, "--dir", dir])
        .fails(5)
        .err_has("among those you can see");
    let beta_company = beta.run(&["company", "--json"]).ok().json();
    assert_eq!(beta_company["id"], id(&b, "account"));

    // A module the portal stops showing: exit 4, named; back again, it answers.
    let hide = |visible: u8| {
        vte.sql(&format!(
            "UPDATE vte_customerportal_tabs SET visible = {visible} WHERE tabid = (SELECT tabid FROM vte_tab WHERE name = 'Services')"
        ))
    };
    hide(0);
    let refused = alpha.run(&["services", "list"]);
    hide(1);
    refused
        .fails(4)
        .err_has("Servizi (Services) is not enabled for your contact");
    alpha
        .run(&["services", "list"])
        .ok()
        .out_has("Assistenza MA");

    // --search keeps the records with every word; a cut list says so.
    alpha
        .run(&["quotes", "list", "--search", "offerta ma"])
        .ok()
        .out_has("Offerta MA");
    let nothing = alpha.run(&["quotes", "list", "--search", "nessuna"]);
    nothing.ok().err_has("No quotes to show");
    assert!(nothing.stdout.is_empty());
}

#[test]
fn vtenext_my_data_and_faq_comments_are_read_back_from_the_crm() {
    let Some(vte) = portal() else { return };
    let (sh, email) = contact_shell(&vte, "Miei Dati Srl");
    let me = sh.run(&["me", "--json"]).ok().json();
    assert_eq!(field(&me, "email")["value"], email.as_str());
    assert_eq!(field(&me, "lastname")["value"], "Rossi");
    sh.run(&["me"])
        .ok()
        .out_has("Mario Rossi · Contatti (Contacts)")
        .out_has("lhs me edit");

    sh.run(&[
        "me",
        "edit",
        "--mobile",
        "+39 333 1234567",
        "--street",
        "Via Po 3 & 5",
        "--city",
        "Milano",
        "--zip",
        "20121",
    ])
    .ok()
    .err_has("mobile, street, city, zip");
    let contact = vte
        .sql(&format!(
            "SELECT d.mobile, a.mailingstreet, a.mailingcity, a.mailingzip FROM vte_contactdetails d JOIN vte_contactaddress a ON a.contactaddressid = d.contactid WHERE d.email = '{email}'"
        ));
    assert_eq!(
        contact.trim(),
        "+39 333 1234567\tVia Po 3 & 5\tMilano\t20121"
    );
    let me = sh.run(&["me", "--json"]).ok().json();
    assert_eq!(field(&me, "mailingstreet")["value"], "Via Po 3 & 5");
    // Bad input is refused before anything is sent; --lang is an lhs portal's.
    sh.run(&["me", "edit", "--email", "not-an-address"])
        .fails(6)
        .err_has("e-mail");
    sh.run(&["me", "edit", "--last-name", " "])
        .fails(6)
        .err_has("--last-name cannot be empty");
    sh.run(&["me", "edit", "--lang", "en"])
        .fails(2)
        .err_has("--lang is not on a vtenext portal");
    sh.run(&["me", "edit"])
        .fails(2)
        .err_has("nothing to change");

    // A FAQ comment: vtenext stores it and answers HTTP 500; lhs reads the FAQ again.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vuoto.pdf");
    std::fs::write(&file, b"%PDF-1.4").unwrap();
    let seeded = vte.records(&email, "MD", &file);
    let fid = seeded["faq"].as_i64().unwrap().to_string();
    let text = format!("Utile & chiaro <{email}> 😀");
    sh.run(&["faq", "comment", &fid, "--message", &text])
        .ok()
        .err_has("Comment added to FAQ");
    let stored = vte.sql(&format!(
        "SELECT COUNT(*) FROM vte_faqcomments WHERE faqid = {fid} AND comments LIKE '%{email}%'"
    ));
    assert_eq!(stored.trim(), "1");
    let view = sh.run(&["faq", "view", &fid, "--json"]).ok().json();
    assert_eq!(view["comments"][0]["text"], text.as_str());
    sh.run(&["faq", "comment", "999999", "--message", "x"])
        .fails(5);
}

/// The vtenext commands on an lhs portal, and `lhs me` there.
#[test]
fn an_lhs_portal_names_the_nearest_command_for_vtenext_modules() {
    let p = crate::common::Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    for (args, nearest) in [
        (vec!["quotes", "list"], "lhs store orders"),
        (vec!["products", "view", "3"], "lhs store list"),
        (vec!["contacts", "list"], "lhs users list"),
        (vec!["company"], "lhs package"),
        (vec!["projects", "list"], "lhs tickets list"),
        (vec!["records"], "lhs --help"),
        (vec!["records", "Assets", "list"], "lhs --help"),
    ] {
        sh.run(&args)
            .fails(2)
            .err_has("is not on an lhs portal")
            .err_has(nearest);
    }
    sh.run(&["docs", "list", "--folder", "x"])
        .fails(2)
        .err_has("--folder is not on an lhs portal");
    sh.run(&["faq", "comment", "1", "--message", "x"])
        .fails(2)
        .err_has("not on an lhs portal");
    let me = sh.run(&["me", "--json"]).ok().json();
    assert_eq!(me["account"], "rossi.mario");
    sh.run(&["me", "edit", "--lang", "en"])
        .ok()
        .err_has("language is now en");
    assert_eq!(sh.run(&["me", "--json"]).ok().json()["language"], "en");
    sh.run(&["me", "edit", "--mobile", "1"])
        .fails(2)
        .err_has("--mobile is not on an lhs portal");
}
