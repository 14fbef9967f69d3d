//! Start-up data: the bootstrap of the first staff account on a production database, and the
//! fixed demo data of `lhs serve --dev` (and `lhs demo`).

use crate::domain::permissions::Permissions;
use crate::server::clock;
use crate::server::passwords::hash_password;
use crate::server::service::{Error, Result};
use crate::server::store::updates::CHUNK;
use crate::server::store::{
    AudienceRow, NewAttachment, NewContent, NewCourse, NewUpdate, NewUser, OfferRow, Repo, Store,
    read_blocking, write_blocking,
};
use crate::wire::{CatalogPath, Role};

/// Creates a staff administrator. Refuses an account that exists.
pub fn bootstrap_staff(
    store: &dyn Store,
    account: &str,
    email: &str,
    password: &str,
) -> Result<()> {
    crate::domain::validate::account(account).map_err(|m| Error::invalid("account", m))?;
    crate::server::service::email("email", email)?;
    crate::server::service::users::check_password("password", password)?;
    let hash = hash_password(password);
    write_blocking(store, |repo| {
        let now = clock::now();
        repo.insert_user(
            &NewUser {
                account: account.to_owned(),
                role: Role::Staff,
                staff_admin: true,
                company_id: None,
                name: "Staff".into(),
                surname: account.to_owned(),
                email: email.to_owned(),
                password_hash: hash.clone(),
                must_change_password: false,
                active: true,
                permissions: Permissions::default(),
                language: "it".into(),
            },
            &now,
        )
        .map_err(|e| match e {
            crate::server::store::StoreError::Duplicate(_) => Error::AccountTaken(account.into()),
            other => other.into(),
        })?;
        Ok(())
    })
}

pub fn staff_count(store: &dyn Store) -> Result<i64> {
    Ok(read_blocking(store, |r| r.count_staff())?)
}

/// The dev catalog, all enabled in C0001's contract.
pub const DEV_CATALOG: &[(&str, &str, &str)] = &[
    ("Software Gestionale", "Contabilità", "Prima nota"),
    ("Software Gestionale", "Contabilità", "Registri IVA"),
    ("Software Gestionale", "Magazzino", "Inventario"),
    ("Fatturazione Elettronica", "Invio SDI", "Esiti SDI"),
    ("Fatturazione Elettronica", "Invio SDI", "Scarti"),
];

/// What `lhs serve --dev` found in its database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevData {
    /// An empty database, now seeded.
    Seeded,
    /// A database an earlier `--dev` seeded: kept as it is, its dev accounts' password set
    /// to this run's.
    Reused,
}

/// The accounts `--dev` creates.
pub const DEV_ACCOUNTS: [&str; 3] = ["staff", "C0001", "rossi.mario"];

/// Seeds an empty database with the dev data set, or reuses one an earlier `--dev` seeded
/// (its data kept; the dev accounts get `password`, so the banner stays true). A database
/// with other accounts is refused: dev mode never touches a real portal's data.
pub fn dev_or_reuse(store: &dyn Store, password: &str) -> Result<DevData> {
    let hash = hash_password(password);
    let reused = write_blocking(store, |repo| {
        if repo.count_staff()? == 0 {
            return Ok(false);
        }
        let mut rows = Vec::new();
        for account in DEV_ACCOUNTS {
            match repo.user_by_account(None, account)? {
                Some(u) => rows.push(u),
                None => {
                    return Err(Error::NotADevDatabase {
                        account: account.into(),
                    });
                }
            }
        }
        let now = clock::now();
        for mut u in rows {
            u.password_hash.clone_from(&hash);
            u.must_change_password = false;
            repo.update_user(&u, &now)?;
        }
        Ok(true)
    })?;
    if reused {
        return Ok(DevData::Reused);
    }
    dev(store, password)?;
    Ok(DevData::Seeded)
}

/// Seeds exactly the dev data set; every account's password is `password`.
/// Refuses a database that already has accounts.
pub fn dev(store: &dyn Store, password: &str) -> Result<()> {
    let hash = hash_password(password);
    write_blocking(store, |repo| {
        let now = clock::now();
        if repo.count_staff()? > 0 {
            return Err(Error::NotEmpty);
        }
        let user = |account: &str, role, company, name: &str, surname: &str, email: &str| NewUser {
            account: account.into(),
            role,
            staff_admin: role == Role::Staff,
            company_id: company,
            name: name.into(),
            surname: surname.into(),
            email: email.into(),
            password_hash: hash.clone(),
            must_change_password: false,
            active: true,
            permissions: Permissions::default(),
            language: "it".into(),
        };
        let staff = repo.insert_user(
            &user(
                "staff",
                Role::Staff,
                None,
                "Help",
                "Desk",
                "staff@desk.example",
            ),
            &now,
        )?;
        let c = repo.insert_company("C0001", "Demo S.r.l.", &now)?;
        repo.insert_user(
            &user(
                "C0001",
                Role::Admin,
                Some(c),
                "Administrator",
                "Demo S.r.l.",
                "admin@demo.example",
            ),
            &now,
        )?;
        repo.insert_user(
            &user(
                "rossi.mario",
                Role::User,
                Some(c),
                "Mario",
                "Rossi",
                "mario.rossi@demo.example",
            ),
            &now,
        )?;
        let mut sections = Vec::new();
        for (m, a, s) in DEV_CATALOG {
            sections.push(repo.ensure_catalog_path(&CatalogPath {
                macro_area: (*m).into(),
                area: (*a).into(),
                section: (*s).into(),
            })?);
        }
        repo.set_contract(c, &sections)?;
        repo.add_movement(c, 600, "grant", None, Some("SMART package"), None, &now)?;
        areas(repo, staff, c, &now)?;
        Ok(())
    })
}

/// A little of each of the portal's areas, for `--dev` and `lhs demo`: two documents (one
/// with a file), news of both kinds, a video, a fiscal notice, three FAQ, a software update
/// with a file, a course with seats (C0001 subscribed), two packages in the Store.
fn areas(repo: &dyn Repo, staff: i64, company: i64, now: &str) -> Result<()> {
    use crate::domain::content::ContentKind as K;
    let item = |kind, title: &str, summary: &str, body: &str| NewContent {
        kind,
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
        video_url: None,
        duration_seconds: None,
        audience: AudienceRow::All,
        author_id: staff,
    };
    let guide = repo.insert_content(
        &item(
            K::Documents,
            "Chiusura IVA annuale",
            "I passi per la liquidazione e la dichiarazione",
            "1. Stampare i registri IVA definitivi.\n2. Verificare la liquidazione di dicembre.\n3. Generare il file della dichiarazione.",
        ),
        now,
    )?;
    let text = "Checklist chiusura IVA\n- registri definitivi\n- liquidazione di dicembre\n- invio dichiarazione\n";
    repo.insert_content_file(
        guide,
        &NewAttachment {
            filename: "checklist-iva.txt".into(),
            content_type: "text/plain".into(),
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
            data: text.as_bytes().to_vec(),
        },
        now,
    )?;
    for (kind, title, summary, body) in [
        (
            K::Documents,
            "Configurare la prima nota",
            "Causali, conti e registri",
            "Ogni causale indica i conti di dare e avere e il registro IVA.",
        ),
        (
            K::NewsTech,
            "Manutenzione programmata",
            "Sabato dalle 8 alle 12",
            "Il servizio resterà sospeso sabato dalle 8 alle 12 per l'aggiornamento dei server.",
        ),
        (
            K::NewsSales,
            "Nuovi pacchetti SMART",
            "Più minuti, stesso prezzo",
            "Da questo mese i pacchetti SMART includono 60 minuti in più.",
        ),
        (
            K::Fiscal,
            "Scadenze fiscali di dicembre",
            "Acconto IVA entro il 27",
            "L'acconto IVA va versato entro il 27 dicembre.",
        ),
        (
            K::Faq,
            "Come si stampa il registro IVA?",
            "",
            "Contabilità › Stampe › Registri IVA, scegliendo il periodo.",
        ),
        (
            K::Faq,
            "Come cambio la password?",
            "",
            "Con `lhs passwd`, o dal menu Profilo del portale.",
        ),
        (
            K::Faq,
            "Che cosa sono i minuti SMART?",
            "",
            "Il tempo di assistenza acquistato: ogni risposta ne consuma i minuti indicati.",
        ),
    ] {
        repo.insert_content(&item(kind, title, summary, body), now)?;
    }
    repo.insert_content(
        &NewContent {
            video_url: Some("https://video.example/prima-nota".into()),
            duration_seconds: Some(300),
            ..item(
                K::Videos,
                "La prima nota in 5 minuti",
                "Registrare una fattura",
                "Dalla registrazione alla stampa.",
            )
        },
        now,
    )?;
    // A software update of Software Gestionale, with its release notes and one file.
    if let Some((product, _)) = repo.catalog_node("Software Gestionale", None)? {
        let data = b"lhs demo update 2026.1\n".repeat(4096);
        let file = repo.begin_update_file("gestionale-2026.1.zip", now)?;
        for (seq, chunk) in data.chunks(CHUNK).enumerate() {
            repo.put_update_chunk(file, i64::try_from(seq).unwrap_or(0), chunk)?;
        }
        let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data));
        repo.finish_update_file(file, i64::try_from(data.len()).unwrap_or(0), &sha)?;
        repo.insert_update(
            &NewUpdate {
                macro_area_id: product,
                version: "2026.1".into(),
                notes: "Nuove stampe dei registri IVA.\nCorrezioni alla prima nota.".into(),
                author_id: staff,
            },
            &[file],
            now,
        )?;
    }
    let in_two_weeks = clock::format(chrono::Utc::now() + chrono::Duration::days(14));
    repo.insert_course(
        &NewCourse {
            title: "Chiusura d'esercizio".into(),
            description: "Scritture di assestamento, bilancio, riapertura dei conti.".into(),
            starts_at: in_two_weeks,
            seats: 20,
            author_id: staff,
        },
        now,
    )?;
    repo.set_courses_subscription(company, true)?;
    for (code, name, minutes, price) in [
        ("SMART-120", "Pacchetto SMART 2 ore", 120, 9_900),
        ("SMART-600", "Pacchetto SMART 10 ore", 600, 45_000),
    ] {
        repo.insert_offer(
            &OfferRow {
                id: 0,
                code: code.into(),
                name: name.into(),
                minutes,
                price_cents: price,
                active: true,
            },
            now,
        )?;
    }
    Ok(())
}
