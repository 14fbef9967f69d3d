//! Start-up data: the bootstrap of the first staff account on a production database, and the
//! fixed demo data of `lhs serve --dev` (and `lhs demo`).

use crate::domain::permissions::Permissions;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::passwords::hash_password;
use crate::server::store::{NewUser, Store, read_blocking, write_blocking};
use crate::wire::{CatalogPath, Role};

/// Creates a staff administrator. Refuses an account that exists.
pub fn bootstrap_staff(
    store: &dyn Store,
    account: &str,
    email: &str,
    password: &str,
) -> ApiResult<()> {
    crate::domain::validate::account(account).map_err(|m| ApiError::invalid("account", m))?;
    crate::domain::validate::email(email).map_err(|m| ApiError::invalid("email", m))?;
    crate::domain::validate::password(password).map_err(|m| ApiError::invalid("password", m))?;
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
            crate::server::store::StoreError::Duplicate(_) => ApiError::conflict(
                "account_taken",
                format!("the account `{account}` is already taken"),
            ),
            other => other.into(),
        })?;
        Ok(())
    })
}

pub fn staff_count(store: &dyn Store) -> ApiResult<i64> {
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

/// Seeds exactly the dev data set; every account's password is `password`.
/// Refuses a database that already has accounts.
pub fn dev(store: &dyn Store, password: &str) -> ApiResult<()> {
    let hash = hash_password(password);
    write_blocking(store, |repo| {
        let now = clock::now();
        if repo.count_staff()? > 0 {
            return Err(ApiError::conflict(
                "not_empty",
                "dev mode seeds an empty database; this one already has accounts",
            ));
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
        repo.insert_user(
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
        Ok(())
    })
}
