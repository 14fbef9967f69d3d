//! The users CSV file, as administrators edit it in a spreadsheet: header row with
//! `name,surname,email,account` (or Italian `nome,cognome,email,account`), optional `password`,
//! `active`/`attivo` and `language`/`lingua` (`it` or `en`), and one column per permission area; `,` or `;` separated (Italian
//! Excel writes `;`); UTF-8 with or without BOM. Pure parsing and validation, no I/O; and the
//! plan of an import against the users that exist ([`plan`]), so `lhs users import` and the
//! portal's own import page read a file and decide each row the same way.

use std::collections::{BTreeMap, HashSet};

use crate::domain::permissions::{Area, Level, Permissions};
use crate::domain::validate;
use crate::wire::User;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Surname,
    Email,
    Account,
    Password,
    Active,
    Language,
    Perm(Area),
}

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    Some(match h.as_str() {
        "name" | "nome" => Column::Name,
        "surname" | "cognome" => Column::Surname,
        "email" | "e-mail" | "mail" => Column::Email,
        "account" | "username" => Column::Account,
        "password" => Column::Password,
        "active" | "attivo" => Column::Active,
        "language" | "lingua" => Column::Language,
        other => Column::Perm(Area::parse(other)?),
    })
}

/// One valid data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetUser {
    /// Line of the file where the row starts (the header is line 1).
    pub row: usize,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub account: String,
    pub password: Option<String>,
    pub active: Option<bool>,
    /// The mail language, when its cell is filled in.
    pub language: Option<crate::wire::Language>,
    /// Only the areas whose cell is filled in.
    pub permissions: BTreeMap<Area, Level>,
}

/// A row the file gets wrong, with its line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub account: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub users: Vec<SheetUser>,
    pub errors: Vec<RowError>,
    /// Whether an `active` column exists.
    pub has_active: bool,
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" | "sì" | "si" | "x" | "vero" => Some(true),
        "false" | "no" | "n" | "0" | "off" | "falso" => Some(false),
        _ => None,
    }
}

/// The separator the header line uses most outside quotes: `,` (also when there is none),
/// `;` (Italian Excel) or a tab (Excel's "Unicode text", spreadsheets copied as text).
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut tabs, mut quoted) = (0, 0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// The UTF-16 encoding of `bytes`, if they are UTF-16 text: a byte order mark says so, or —
/// for a file without one — NUL bytes in every other position of its start (Latin text in
/// UTF-16 has them; UTF-8 and Windows-1252 text never does).
pub fn utf16_of(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(encoding_rs::UTF_16BE);
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let nul_at = |odd: bool| {
        head.chunks(2)
            .all(|p| if odd { p[1] == 0 } else { p[0] == 0 })
    };
    if nul_at(true) {
        Some(encoding_rs::UTF_16LE)
    } else if nul_at(false) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The line (1-based) where a record starts, counted from its byte offset: the csv crate's own
/// line counter counts CR and LF separately, so CRLF files (what Excel writes) would be off.
fn line_at(text: &str, p: &csv::Position) -> usize {
    let bytes = text.as_bytes();
    let mut byte = usize::try_from(p.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    // With CRLF the reported start can sit on the LF that ends the previous line; a record
    // never starts with a line break, so skip past any.
    while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
        byte += 1;
    }
    text[..byte].matches('\n').count() + 1
}

/// Parses and validates the whole file. A file-level problem (no header, unknown column) is
/// an `Err` naming line 1; row problems are collected in `errors`.
pub fn parse(text: &str) -> Result<Sheet, RowError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file_error = |message: String| RowError {
        row: 1,
        account: String::new(),
        message,
    };
    if text.trim().is_empty() {
        return Err(file_error(
            "the file is empty; the first row must be the header".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| file_error(format!("cannot read the header: {e}")))?
        .clone();
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for h in &headers {
        let c = column(h).ok_or_else(|| {
            file_error(format!(
                "unknown column `{}`; expected name/nome, surname/cognome, email, account, optional password, active/attivo, and permission areas ({})",
                h.trim(),
                Area::ALL.map(Area::key).join(", ")
            ))
        })?;
        if !seen.insert(c) {
            return Err(file_error(format!("column `{}` appears twice", h.trim())));
        }
        columns.push(c);
    }
    for required in [
        Column::Name,
        Column::Surname,
        Column::Email,
        Column::Account,
    ] {
        if !columns.contains(&required) {
            let name = match required {
                Column::Name => "name (or nome)",
                Column::Surname => "surname (or cognome)",
                Column::Email => "email",
                _ => "account",
            };
            return Err(file_error(format!("missing required column {name}")));
        }
    }
    let mut sheet = Sheet {
        has_active: columns.contains(&Column::Active),
        ..Sheet::default()
    };
    let mut accounts: BTreeMap<String, usize> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |p| line_at(text, p));
                sheet.errors.push(RowError {
                    row,
                    account: String::new(),
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let row = record.position().map_or(0, |p| line_at(text, p));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // Cells written by `users export` (or any careful tool) may carry the `'` that keeps
        // spreadsheets from running them as formulas: exactly that prefix is removed.
        let get = |c: Column| {
            columns
                .iter()
                .position(|x| *x == c)
                .and_then(|i| record.get(i))
                .map_or("", |v| crate::output::csv_uncell(v.trim()))
        };
        let account = get(Column::Account).to_owned();
        let mut problems = Vec::new();
        if record.len() != columns.len() {
            problems.push(format!(
                "expected {} fields, found {}",
                columns.len(),
                record.len()
            ));
        }
        for (c, label) in [
            (Column::Name, "name"),
            (Column::Surname, "surname"),
            (Column::Email, "email"),
            (Column::Account, "account"),
        ] {
            if get(c).is_empty() {
                problems.push(format!("`{label}` is empty"));
            }
        }
        if !account.is_empty() {
            if let Err(m) = validate::account(&account) {
                problems.push(m.to_string());
            }
            if let Some(first) = accounts.insert(account.to_lowercase(), row) {
                problems.push(format!(
                    "account `{account}` already appears on row {first}"
                ));
            }
        }
        let email = get(Column::Email);
        if !email.is_empty()
            && let Err(m) = validate::email(email)
        {
            problems.push(m.to_string());
        }
        let password = Some(get(Column::Password)).filter(|p| !p.is_empty());
        if let Some(p) = password
            && let Err(m) = validate::password(p)
        {
            problems.push(format!("password: {m}"));
        }
        let active_text = get(Column::Active);
        let active = if active_text.is_empty() {
            None
        } else if let Some(b) = parse_bool(active_text) {
            Some(b)
        } else {
            problems.push(format!(
                "`active` must be true or false, not `{active_text}`"
            ));
            None
        };
        let language_text = get(Column::Language);
        let language = if language_text.is_empty() {
            None
        } else if let Some(l) = crate::wire::Language::parse(language_text) {
            Some(l)
        } else {
            problems.push(format!(
                "`language` must be it or en, not `{language_text}`"
            ));
            None
        };
        let mut permissions = BTreeMap::new();
        for c in &columns {
            if let Column::Perm(area) = c {
                let cell = get(*c);
                if cell.is_empty() {
                    continue;
                }
                let mut probe = Permissions::default();
                match probe.set_text(area.key(), cell) {
                    Ok(_) => {
                        permissions.insert(*area, probe.get(*area));
                    }
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
        if problems.is_empty() {
            sheet.users.push(SheetUser {
                row,
                name: get(Column::Name).to_owned(),
                surname: get(Column::Surname).to_owned(),
                email: email.to_owned(),
                account,
                password: password.map(str::to_owned),
                active,
                language,
                permissions,
            });
        } else {
            sheet.errors.push(RowError {
                row,
                account,
                message: problems.join("; "),
            });
        }
    }
    Ok(sheet)
}

/// What differs between a row and the user on the portal (names of the fields).
pub fn differences(row: &SheetUser, user: &User) -> Vec<&'static str> {
    let mut d = Vec::new();
    if row.name != user.name {
        d.push("name");
    }
    if row.surname != user.surname {
        d.push("surname");
    }
    if !row.email.eq_ignore_ascii_case(&user.email) {
        d.push("email");
    }
    if row.active.is_some_and(|a| a != user.active) {
        d.push("active");
    }
    if row.language.is_some_and(|l| l != user.language) {
        d.push("language");
    }
    if row
        .permissions
        .iter()
        .any(|(a, l)| user.permissions.get(a.key()).map(String::as_str) != Some(l.as_str()))
    {
        d.push("permissions");
    }
    d
}

/// The CSV of `lhs users export`: a file `lhs users import` reads back unchanged.
/// The users as CSV; `excel`: as Italian Excel opens it with a double click — `;` between
/// cells, a UTF-8 BOM, Italian headers, `sì`/`no`.
pub fn export(users: &[User], excel: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .from_writer(if excel {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        });
    let mut header = if excel {
        vec!["nome", "cognome", "email", "account", "attivo", "lingua"]
    } else {
        vec!["name", "surname", "email", "account", "active", "language"]
    };
    header.extend(Area::ALL.map(Area::key));
    w.write_record(&header)?;
    for u in users {
        let active = match (excel, u.active) {
            (true, true) => "sì".to_owned(),
            (true, false) => "no".to_owned(),
            (false, a) => a.to_string(),
        };
        let mut rec = vec![
            u.name.clone(),
            u.surname.clone(),
            u.email.clone(),
            u.account.clone(),
            active,
            u.language.as_str().to_owned(),
        ];
        for a in Area::ALL {
            rec.push(u.permissions.get(a.key()).cloned().unwrap_or_default());
        }
        let rec: Vec<String> = rec
            .iter()
            .map(|c| crate::output::csv_cell(c).into_owned())
            .collect();
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// How a file's bytes were read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Utf8,
    /// UTF-16 (Excel's "Unicode text"), by its BOM or its NUL bytes; `lossy`: some characters
    /// could not be read.
    Utf16 {
        name: &'static str,
        lossy: bool,
    },
    /// Not UTF-8: read as Windows-1252, what Excel's plain "CSV" saves in Italy.
    Windows1252,
}

/// The text of a users file: UTF-8 (with or without BOM), UTF-16, or else Windows-1252 (every
/// byte sequence is valid Windows-1252, so nothing is refused); and how it was read.
pub fn decode(bytes: Vec<u8>) -> (String, Decoded) {
    if let Some(utf16) = utf16_of(&bytes) {
        let (text, _, lossy) = utf16.decode(&bytes);
        return (
            text.into_owned(),
            Decoded::Utf16 {
                name: utf16.name(),
                lossy,
            },
        );
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, Decoded::Utf8),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            (text.into_owned(), Decoded::Windows1252)
        }
    }
}

/// What an import does with one valid row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// No user has the account: create it.
    Create(SheetUser),
    /// The user exists and differs, and updates were asked for.
    Update(SheetUser),
    /// The user exists as the row says.
    Unchanged(SheetUser),
    /// The user exists and differs in these fields, and updates were not asked for.
    Skip(SheetUser, Vec<&'static str>),
}

impl Plan {
    pub fn user(&self) -> &SheetUser {
        match self {
            Plan::Create(u) | Plan::Update(u) | Plan::Unchanged(u) | Plan::Skip(u, _) => u,
        }
    }
}

/// Decides each row against the users that exist (accounts compared without case): create
/// the new ones; for existing ones, update when `update` and they differ, else leave them.
pub fn plan(users: Vec<SheetUser>, existing: &[User], update: bool) -> Vec<Plan> {
    let existing: std::collections::HashMap<String, &User> = existing
        .iter()
        .map(|u| (u.account.to_lowercase(), u))
        .collect();
    users
        .into_iter()
        .map(|u| match existing.get(&u.account.to_lowercase()) {
            None => Plan::Create(u),
            Some(cur) => {
                let diff = differences(&u, cur);
                if diff.is_empty() {
                    Plan::Unchanged(u)
                } else if update {
                    Plan::Update(u)
                } else {
                    Plan::Skip(u, diff)
                }
            }
        })
        .collect()
}

impl SheetUser {
    /// The permission matrix the row fills in (None: no permission column filled).
    pub fn permission_map(&self) -> Option<crate::wire::PermissionMap> {
        (!self.permissions.is_empty()).then(|| {
            self.permissions
                .iter()
                .map(|(a, l)| (a.key().to_owned(), l.as_str().to_owned()))
                .collect()
        })
    }

    /// The request that creates the row's user.
    pub fn create_request(&self) -> crate::wire::CreateUserRequest {
        crate::wire::CreateUserRequest {
            name: self.name.clone(),
            surname: self.surname.clone(),
            email: self.email.clone(),
            account: self.account.clone(),
            password: self.password.clone(),
            permissions: self.permission_map(),
            active: self.active,
            language: self.language,
        }
    }

    /// The request that brings an existing user to what the row says (never its password).
    pub fn update_request(&self) -> crate::wire::UpdateUserRequest {
        crate::wire::UpdateUserRequest {
            name: Some(self.name.clone()),
            surname: Some(self.surname.clone()),
            email: Some(self.email.clone()),
            permissions: self.permission_map(),
            active: self.active,
            language: self.language,
            password: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_excel_semicolons_bom_and_quotes() {
        let text = "\u{feff}nome;cognome;email;account;attivo;assistenza\n\
                    Mario;\"Rossi; jr\";m@x.it;rossi.mario;sì;all\n\
                    Anna;Bianchi;a@x.it;bianchi.anna;;\n";
        let s = parse(text).unwrap();
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.users.len(), 2);
        assert_eq!(s.users[0].surname, "Rossi; jr");
        assert_eq!(s.users[0].active, Some(true));
        assert_eq!(s.users[0].permissions[&Area::Assistenza], Level::All);
        assert_eq!(s.users[1].row, 3);
        assert!(s.users[1].permissions.is_empty());
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let text = "name,surname,email,account,password,support\n\
                    A,B,not-mail,a.b,,own\n\
                    C,D,c@x.it,a.b,short,\n\
                    E,F,e@x.it,e.f,,download\n\
                    G,,g@x.it,g.h\n";
        let s = parse(text).unwrap();
        assert!(s.users.is_empty());
        let rows: Vec<_> = s.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [2, 3, 4, 5]);
        assert!(s.errors[0].message.contains("e-mail"));
        assert!(s.errors[1].message.contains("already appears on row 2"));
        assert!(s.errors[1].message.contains("8 characters"));
        assert!(s.errors[2].message.contains("off|read|own|all"));
        assert!(s.errors[3].message.contains("`surname` is empty"));
        assert!(s.errors[3].message.contains("expected 6 fields"));
    }

    #[test]
    fn crlf_files_report_the_right_rows() {
        let text =
            "name,surname,email,account\r\nA,B,a@x.it,a.b\r\nC,D,bad,c.d\r\n\r\nE,F,e@x.it,x\r\n";
        let s = parse(text).unwrap();
        let rows: Vec<_> = s.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [3, 5], "{:?}", s.errors);
        assert_eq!(s.users[0].row, 2);
    }

    #[test]
    fn the_formula_guard_of_export_is_removed_on_import() {
        let text = "name,surname,email,account\n'=Mario,'+Rossi,m@x.it,rossi.mario\n'Ndrangheta,Studi,n@x.it,studi.n\n";
        let s = parse(text).unwrap();
        assert_eq!(s.users[0].name, "=Mario");
        assert_eq!(s.users[0].surname, "+Rossi");
        assert_eq!(s.users[1].name, "'Ndrangheta");
    }

    #[test]
    fn an_import_creates_new_accounts_and_updates_only_when_asked() {
        let text = "name,surname,email,account\n\
                    Mario,Rossi,m@x.it,ROSSI.mario\n\
                    Anna,Bianchi,nuova@x.it,bianchi.anna\n\
                    Gino,Verdi,g@x.it,verdi.gino\n";
        let s = parse(text).unwrap();
        let user = |account: &str, name: &str, surname: &str, email: &str| User {
            account: account.into(),
            name: name.into(),
            surname: surname.into(),
            email: email.into(),
            role: crate::wire::Role::User,
            active: true,
            customer_code: Some("C0001".into()),
            permissions: Permissions::default().to_map(),
            must_change_password: false,
            invitation_pending: false,
            language: crate::wire::Language::default(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let existing = [
            user("rossi.mario", "Mario", "Rossi", "m@x.it"),
            user("bianchi.anna", "Anna", "Bianchi", "anna@x.it"),
        ];
        let kinds = |update| {
            plan(s.users.clone(), &existing, update)
                .iter()
                .map(|p| match p {
                    Plan::Create(_) => "create".to_owned(),
                    Plan::Update(_) => "update".to_owned(),
                    Plan::Unchanged(_) => "unchanged".to_owned(),
                    Plan::Skip(_, diff) => format!("skip {}", diff.join(",")),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(false), ["unchanged", "skip email", "create"]);
        assert_eq!(kinds(true), ["unchanged", "update", "create"]);
    }

    #[test]
    fn tabs_and_utf16_are_read() {
        let sheet =
            parse("nome\tcognome\temail\taccount\nMario\tRossi\tm@x.it\trossi.mario\n").unwrap();
        assert_eq!(sheet.users.len(), 1, "{:?}", sheet.errors);
        assert_eq!(sheet.users[0].account, "rossi.mario");
        let text = "\u{feff}nome,cognome";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf16_of(&le), Some(encoding_rs::UTF_16LE));
        let bare: Vec<u8> = "nome,cognome"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(utf16_of(&bare), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_of("nome,cognome".as_bytes()), None);
    }

    #[test]
    fn header_problems_name_line_one() {
        assert!(
            parse("name,surname,email\n")
                .unwrap_err()
                .message
                .contains("account")
        );
        let e = parse("name,surname,email,account,colour\n").unwrap_err();
        assert_eq!(e.row, 1);
        assert!(e.message.contains("unknown column `colour`"));
        assert!(parse("").is_err());
        assert!(
            parse("name,nome,surname,email,account\n")
                .unwrap_err()
                .message
                .contains("twice")
        );
    }
}
