//! Validation of the values people type: accounts, customer codes, e-mail addresses, passwords,
//! free text.
//!
//! Each check returns the sentence that explains the problem, so the server can put it in a
//! 422 and the CLI can refuse the same value before sending it. Nothing is ever stored silently
//! changed: a value is accepted as it is, or refused with the reason. Messages about passwords
//! never repeat the password.
//!
//! [`patterns`] states the same rules as JSON Schema patterns for the OpenAPI document, so a
//! value the document calls valid is accepted and one it calls invalid is refused.

/// The rules above as JSON Schema (ECMA-262) patterns. "Whitespace" is Unicode `White_Space`
/// (what Rust's `trim` removes) and "control" is the `Cc` category, both spelled out because
/// `\s` means different things to different regex engines.
pub mod patterns {
    /// Neither control nor whitespace.
    macro_rules! solid {
        () => {
            r"[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
        };
    }
    /// Not a control character.
    macro_rules! printable {
        () => {
            r"[^\x00-\x1F\x7F-\x9F]"
        };
    }
    /// Neither a control character nor an invisible format character ([`super::FORMAT_CHARS`]).
    macro_rules! visible {
        () => {
            r"[^\x00-\x1F\x7F-\x9F\xAD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]"
        };
    }
    /// [`solid`] and [`visible`] at once.
    macro_rules! solid_visible {
        () => {
            r"[^\x00-\x20\x7F-\xA0\xAD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB]"
        };
    }
    /// One line: no control or format characters, not empty, no leading or trailing
    /// whitespace.
    pub const ONE_LINE: &str = concat!(
        "^",
        solid_visible!(),
        "(?:",
        visible!(),
        "*",
        solid_visible!(),
        ")?$"
    );
    /// Text that may span lines: line breaks and tabs allowed, other control characters not;
    /// at least one character that is not whitespace.
    pub const MULTI_LINE: &str = concat!(
        "^(?=[\\s\\S]*",
        solid!(),
        r")[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    );
    /// [`MULTI_LINE`], or nothing at all (an optional text such as a summary).
    pub const MULTI_LINE_OR_EMPTY: &str = concat!(
        "^(?:(?=[\\s\\S]*",
        solid!(),
        r")[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*)?$"
    );
    /// An `http://` or `https://` address: a host name whose last label starts with a letter,
    /// an optional port, an optional path of visible ASCII (see [`super::web_address`]).
    pub const WEB_ADDRESS: &str = r"^https?://(?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*(?::[0-9]{1,4})?(?:[/?#][\x21-\x7E]*)?$";
    /// A one-line value that may be empty or padded (search text, lookups): no control or
    /// format characters.
    pub const NO_CONTROL: &str = concat!("^", visible!(), "*$");
    /// Password policy: 8–256 characters, a letter A–Z and a digit, no control characters.
    pub const PASSWORD: &str = concat!("^(?=.*[A-Za-z])(?=.*[0-9])", printable!(), "{8,256}$");
    pub const ACCOUNT: &str = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$";
    pub const CUSTOMER_CODE: &str = r"^[A-Za-z0-9]{2,32}$";
    /// One `@`, a non-empty local part, a domain with a dot inside, no whitespace, control or
    /// invisible format character.
    pub const EMAIL: &str = r"^[^@\x00-\x20\x7F-\xA0\xAD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB]+@(?=[^@]*\.)[^@.\x00-\x20\x7F-\xA0\xAD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB](?:[^@\x00-\x20\x7F-\xA0\xAD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB]*[^@.\x00-\x20\x7F-\xA0\xAD\u061C\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF\uFFF9-\uFFFB])?$";
}

/// Why a value is refused, as a value: the CLI shows its English words ([`std::fmt::Display`]),
/// the server words it in the caller's language (`server::i18n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not an account name (the value given).
    Account(String),
    CustomerCode(String),
    Email(String),
    PasswordShort,
    PasswordLong,
    PasswordLettersDigits,
    PasswordControl,
    /// An invisible format character in a one-line value.
    FormatChar {
        field: String,
        c: char,
    },
    /// A control character in a one-line value.
    Control {
        field: String,
        c: char,
    },
    /// A control character other than line breaks and tabs in a text.
    ControlInText {
        field: String,
        c: char,
    },
    Empty {
        field: String,
    },
    TooLong {
        field: String,
        max: usize,
    },
    EdgeSpaces {
        field: String,
    },
    /// Not an http(s) address of a named host.
    WebAddress {
        field: String,
    },
    /// A number outside `min..=max`.
    Range {
        field: String,
        min: i64,
        max: i64,
    },
    /// Not one of `values`.
    OneOf {
        field: String,
        values: &'static [&'static str],
    },
    /// An edit that changes nothing: one of `fields` is needed.
    NothingToChange(&'static [&'static str]),
    /// A list of ids outside 1 to `max`.
    Ids {
        max: usize,
    },
    /// An audience naming no customer, or more than `max`.
    AudienceCodes {
        max: usize,
    },
    /// A page size outside 1 to `max`.
    PageSize {
        max: i64,
    },
    /// A cursor that is not a previous page's `next_cursor`.
    Cursor,
    /// A personal token's lifetime outside 1 second to 366 days.
    TokenLifetime,
    /// A catalog section named without its area.
    SectionNeedsArea,
    /// Minutes taken from a SMART package by hand need the reason.
    CorrectionNeedsReason,
    /// Not an RFC 3339 date and time with a zone.
    DateTimeWithZone {
        field: String,
    },
    /// A moment that is not in the future.
    InFuture {
        field: String,
    },
    /// Not a package code of the Store.
    PackageCode(String),
    /// Not a software version.
    Version(String),
    /// More files than an upload (`update`: an update) takes.
    TooManyFiles {
        max: usize,
        update: bool,
    },
    /// Two files of one upload with the same name.
    DuplicateFile(String),
    /// An upload without its file (`update`: an update needs at least one).
    NoFile {
        update: bool,
    },
    /// A file refused for its name, type, size or content.
    File {
        name: String,
        problem: FileProblem,
    },
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Its type (by name) is not among `allowed`.
    TypeNotAllowed { allowed: &'static str },
    /// `kb` KB, over `limit` (as people say it: "1000 KB", "5 MB").
    TooLarge { kb: usize, limit: &'static str },
    /// Empty (`short`: said as "`name` is empty").
    Empty { short: bool },
    /// Its bytes are not of the type its extension says (`ext`); `from_content`: say that the
    /// type is checked from the content.
    NotItsType { ext: String, from_content: bool },
    /// Its name breaks a rule (the name is shown escaped).
    Name(NameProblem),
}

/// Why a file name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    Separator,
    Control,
    /// An invisible format character.
    Hidden(char),
    /// A character Windows refuses.
    NotPortable(char),
    LeadingDot,
    EdgeSpaceOrDot,
    TooLong {
        max: usize,
    },
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Account(s) => write!(
                f,
                "invalid account `{s}`: use 2 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit (for example rossi.mario)"
            ),
            Invalid::CustomerCode(s) => write!(
                f,
                "invalid customer code `{s}`: use 2 to 32 letters and digits (for example C0001)"
            ),
            Invalid::Email(s) => write!(f, "invalid e-mail address `{s}`"),
            Invalid::PasswordShort => {
                f.write_str("the password must be at least 8 characters long")
            }
            Invalid::PasswordLong => {
                f.write_str("the password must be at most 256 characters long")
            }
            Invalid::PasswordLettersDigits => {
                f.write_str("the password must contain both letters (A-Z) and digits")
            }
            Invalid::PasswordControl => {
                f.write_str("the password must not contain control characters")
            }
            Invalid::FormatChar { field, c } => write!(
                f,
                "`{field}` contains the invisible character {}, which can disguise what the text says (a file's real extension, for one); remove it",
                describe_format_char(*c)
            ),
            Invalid::Control { field, c } => write!(
                f,
                "`{field}` must be a single line without control characters; it contains {}",
                describe_control(*c)
            ),
            Invalid::ControlInText { field, c } => write!(
                f,
                "`{field}` must not contain control characters other than line breaks and tabs; it contains {}",
                describe_control(*c)
            ),
            Invalid::Empty { field } => write!(f, "`{field}` must not be empty"),
            Invalid::TooLong { field, max } => {
                write!(f, "`{field}` must be at most {max} characters")
            }
            Invalid::EdgeSpaces { field } => {
                write!(f, "`{field}` must not start or end with spaces")
            }
            Invalid::WebAddress { field } => write!(
                f,
                "`{field}` must be an http:// or https:// address of a named host, such as https://example.com/video"
            ),
            Invalid::Range { field, min, max } => {
                write!(f, "`{field}` must be from {min} to {max}")
            }
            Invalid::OneOf { field, values } => {
                write!(f, "`{field}` must be {}", either(values, "or"))
            }
            Invalid::NothingToChange(fields) => write!(
                f,
                "nothing to change: give {}",
                either(
                    &fields.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>(),
                    "or"
                )
            ),
            Invalid::Ids { max } => write!(f, "give 1 to {max} ids"),
            Invalid::AudienceCodes { max } => {
                write!(f, "name 1 to {max} customer codes in `customers`")
            }
            Invalid::PageSize { max } => write!(f, "`limit` must be a number from 1 to {max}"),
            Invalid::Cursor => f.write_str("invalid cursor: pass next_cursor as received"),
            Invalid::TokenLifetime => f.write_str("a token lives from 1 second to 366 days"),
            Invalid::SectionNeedsArea => f.write_str("a `section` needs its `area`"),
            Invalid::CorrectionNeedsReason => {
                f.write_str("taking minutes from a package is a correction: give its reason")
            }
            Invalid::DateTimeWithZone { field } => write!(
                f,
                "`{field}` must be an RFC 3339 date and time with a zone, e.g. 2026-12-01T09:00:00+01:00"
            ),
            Invalid::InFuture { field } => write!(f, "`{field}` must be in the future"),
            Invalid::PackageCode(code) => write!(
                f,
                "invalid package code `{code}`: use 2 to 32 letters, digits or `-`, starting with a letter or digit"
            ),
            Invalid::Version(v) => write!(
                f,
                "invalid version `{v}`: use 1 to 50 letters, digits, `.`, `-`, `_` or `+`, starting with a letter or digit (for example 2025.1)"
            ),
            Invalid::TooManyFiles { max, update } => write!(
                f,
                "too many files: at most {max} per {}",
                if *update { "update" } else { "upload" }
            ),
            Invalid::DuplicateFile(name) => write!(f, "two files are named `{name}`"),
            Invalid::NoFile { update: false } => f.write_str("no file in the upload"),
            Invalid::NoFile { update: true } => f.write_str("an update needs at least one file"),
            Invalid::File { name, problem } => match problem {
                FileProblem::TypeNotAllowed { allowed } => write!(
                    f,
                    "`{name}`: file type not allowed; allowed types: {allowed}"
                ),
                FileProblem::TooLarge { kb, limit } => {
                    write!(f, "`{name}`: {kb} KB is over the {limit} limit per file")
                }
                FileProblem::Empty { short: true } => write!(f, "`{name}` is empty"),
                FileProblem::Empty { short: false } => write!(f, "`{name}`: the file is empty"),
                FileProblem::NotItsType { ext, from_content } => write!(
                    f,
                    "`{name}`: the content is not a {ext} file{}",
                    if *from_content {
                        " (the type is checked from the content, not only the name)"
                    } else {
                        ""
                    }
                ),
                FileProblem::Name(p) => {
                    let shown: String = name.escape_debug().collect();
                    let why = match p {
                        NameProblem::Empty => "it is empty".to_owned(),
                        NameProblem::Separator => {
                            "it contains a directory separator; send the file's base name only"
                                .to_owned()
                        }
                        NameProblem::Control => "it contains control characters".to_owned(),
                        NameProblem::Hidden(c) => format!(
                            "it contains the invisible character {}, which can disguise the file's real type",
                            describe_format_char(*c)
                        ),
                        NameProblem::NotPortable(c) => {
                            format!("`{c}` is not allowed in file names on every system")
                        }
                        NameProblem::LeadingDot => {
                            "a name starting with a dot would be a hidden file once downloaded"
                                .to_owned()
                        }
                        NameProblem::EdgeSpaceOrDot => {
                            "it starts or ends with a space, or ends with a dot".to_owned()
                        }
                        NameProblem::TooLong { max } => {
                            format!("it is longer than {max} bytes")
                        }
                    };
                    write!(f, "file name \"{shown}\" refused: {why}")
                }
            },
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
pub fn either(items: &[impl AsRef<str>], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => format!(
            "{} {word} {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

impl From<Invalid> for String {
    fn from(i: Invalid) -> String {
        i.to_string()
    }
}

/// Accounts: 2–64 characters, letters, digits, `.`, `_`, `-`, starting with a letter or digit
/// (the manual's form is `cognome.nome`; customer codes such as `C0001` fit too).
pub fn account(s: &str) -> Result<(), Invalid> {
    let ok_len = (2..=64).contains(&s.chars().count());
    let ok_first = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok_len && ok_first && ok_chars {
        Ok(())
    } else {
        Err(Invalid::Account(s.to_owned()))
    }
}

/// Customer codes: 2–32 letters and digits, such as `C0001`.
pub fn customer_code(s: &str) -> Result<(), Invalid> {
    if (2..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(Invalid::CustomerCode(s.to_owned()))
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces
/// and no invisible format characters (which would disguise the address).
pub fn email(s: &str) -> Result<(), Invalid> {
    let bad = || Invalid::Email(s.to_owned());
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_format_char(c))
        || s.chars().count() > 254
    {
        return Err(bad());
    }
    Ok(())
}

/// Password policy from the manual ("almeno 8 caratteri alfanumerici"): at least 8
/// characters, among them a letter (A–Z, a–z) and a digit; other characters are welcome.
/// The message never repeats the password.
pub fn password(s: &str) -> Result<(), Invalid> {
    let n = s.chars().count();
    if n < 8 {
        return Err(Invalid::PasswordShort);
    }
    if n > 256 {
        return Err(Invalid::PasswordLong);
    }
    if !s.chars().any(|c| c.is_ascii_alphabetic()) || !s.chars().any(|c| c.is_ascii_digit()) {
        return Err(Invalid::PasswordLettersDigits);
    }
    if s.chars().any(char::is_control) {
        return Err(Invalid::PasswordControl);
    }
    Ok(())
}

/// Describes a control character for a message: `U+0000 (NUL)`, `a line break`, `a tab`.
fn describe_control(c: char) -> String {
    match c {
        '\n' | '\r' => "a line break".into(),
        '\t' => "a tab".into(),
        '\0' => "a NUL character (U+0000)".into(),
        c => format!("the control character U+{:04X}", u32::from(c)),
    }
}

/// Invisible format characters (Unicode `Cf` that change how text is shown without showing
/// themselves): the bidirectional controls U+202A–U+202E and U+2066–U+2069, which make
/// `invoice\u{202E}gnp.pdf` read as "invoicefdp.png", zero-width characters U+200B–U+200F,
/// word joiners and invisible operators U+2060–U+2064, the byte order mark U+FEFF and their
/// kin. Refused in one-line values (subjects, names, titles, file names, search text); kept in
/// descriptions and comments, where emoji sequences use the zero-width joiner.
pub const FORMAT_CHARS: &[(char, char)] = &[
    ('\u{AD}', '\u{AD}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
];

/// Whether `c` is one of [`FORMAT_CHARS`].
pub fn is_format_char(c: char) -> bool {
    FORMAT_CHARS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Names a format character for a message: `U+202E (RIGHT-TO-LEFT OVERRIDE)`.
pub fn describe_format_char(c: char) -> String {
    let name = match c {
        '\u{AD}' => "SOFT HYPHEN",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "BYTE ORDER MARK",
        _ => "an invisible format character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// The reason a one-line value is refused for an invisible format character, if it has one.
pub fn no_format_chars(field: &str, s: &str) -> Result<(), Invalid> {
    match s.chars().find(|&c| is_format_char(c)) {
        Some(c) => Err(Invalid::FormatChar {
            field: field.to_owned(),
            c,
        }),
        None => Ok(()),
    }
}

/// A one-line value (subjects, names, titles): no control characters at all, line breaks and
/// tabs included, and no invisible format characters ([`FORMAT_CHARS`]).
pub fn single_line(field: &str, s: &str) -> Result<(), Invalid> {
    match s.chars().find(|c| c.is_control()) {
        Some(c) => Err(Invalid::Control {
            field: field.to_owned(),
            c,
        }),
        None => no_format_chars(field, s),
    }
}

/// Multi-line text (descriptions, comments, replies): line breaks and tabs are kept as they
/// are; any other control character is refused.
pub fn multi_line(field: &str, s: &str) -> Result<(), Invalid> {
    match s
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some(c) => Err(Invalid::ControlInText {
            field: field.to_owned(),
            c,
        }),
        None => Ok(()),
    }
}

fn required(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    if s.trim().is_empty() {
        return Err(Invalid::Empty {
            field: field.to_owned(),
        });
    }
    if s.chars().count() > max {
        return Err(Invalid::TooLong {
            field: field.to_owned(),
            max,
        });
    }
    Ok(())
}

/// A required one-line field: not empty, at most `max` characters, no control characters, no
/// leading or trailing whitespace (refused rather than trimmed, so what is stored is what was
/// sent).
pub fn text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    required(field, s, max)?;
    single_line(field, s)?;
    if s.trim() != s {
        return Err(Invalid::EdgeSpaces {
            field: field.to_owned(),
        });
    }
    Ok(())
}

/// A required multi-line field (description, comment): like [`text`], but line breaks and tabs
/// are allowed.
pub fn long_text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    required(field, s, max)?;
    multi_line(field, s)
}

/// An `http://` or `https://` address of a named host (no IP literals, no credentials): the
/// rule of [`patterns::WEB_ADDRESS`], at most 2,000 characters.
pub fn web_address(field: &str, s: &str) -> Result<(), Invalid> {
    let bad = || Invalid::WebAddress {
        field: field.to_owned(),
    };
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
        .ok_or_else(bad)?;
    if s.len() > 2_000 {
        return Err(Invalid::TooLong {
            field: field.to_owned(),
            max: 2000,
        });
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let last_ok = labels
        .last()
        .is_some_and(|l| l.as_bytes().first().is_some_and(u8::is_ascii_alphabetic));
    let port_ok =
        port.is_none_or(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let tail_ok = tail.bytes().all(|b| (0x21..=0x7E).contains(&b));
    if labels.iter().all(label_ok) && last_ok && port_ok && tail_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// A date and time as people type it, in the local zone (`TZ` honoured) unless it names one:
/// `2026-12-01 09:00`, `2026-12-01T09:00`, `01/12/2026 09:00`, or RFC 3339
/// (`2026-12-01T09:00:00+01:00`). Four-digit years only.
pub fn datetime(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::{Local, NaiveDateTime, TimeZone, Utc};
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let bad = || {
        format!(
            "invalid date and time `{s}`: use YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM (local time), e.g. 2026-12-01 09:00"
        )
    };
    let (d, t) = s
        .split_once(['T', ' '])
        .map(|(d, t)| (d.trim(), t.trim()))
        .ok_or_else(bad)?;
    let day = date(d).map_err(|_| bad())?;
    let time = chrono::NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .map_err(|_| bad())?;
    let naive = NaiveDateTime::new(day, time);
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("`{s}` does not exist in the local time zone (a clock change)"))
}

/// Accepts only years written with four digits in `YYYY-MM-DD` or `DD/MM/YYYY`, so `23/11/26`
/// is refused instead of silently meaning the year 26.
pub fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    let s = s.trim();
    let shape = |fmt: &str| {
        s.len() == 10
            && s.bytes().zip(fmt.bytes()).all(|(b, f)| match f {
                b'9' => b.is_ascii_digit(),
                f => b == f,
            })
    };
    let parsed = if shape("9999-99-99") {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else if shape("99/99/9999") {
        chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
    } else {
        None
    };
    parsed.filter(|d| chrono::Datelike::year(d) >= 1).ok_or_else(|| {
        format!("invalid date `{s}`: use YYYY-MM-DD or DD/MM/YYYY with a four-digit year (e.g. 2024-06-18 or 18/06/2024)")
    })
}

/// The API's date form: `YYYY-MM-DD` only (JSON Schema `format: date`).
pub fn iso_date(s: &str) -> Result<chrono::NaiveDate, String> {
    if s.len() == 10 && s.as_bytes()[4] == b'-' {
        date(s).map_err(|_| format!("invalid date `{s}`: use YYYY-MM-DD (e.g. 2024-06-18)"))
    } else {
        Err(format!(
            "invalid date `{s}`: use YYYY-MM-DD (e.g. 2024-06-18)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts() {
        assert!(account("rossi.mario").is_ok());
        assert!(account("C0001").is_ok());
        assert!(account(".x").is_err());
        assert!(account("a b").is_err());
        assert!(account("x").is_err());
    }

    #[test]
    fn passwords() {
        assert!(password("abcdefg1").is_ok());
        assert!(password("abcdefgh").is_err());
        assert!(password("12345678").is_err());
        assert!(password("abc1").is_err());
    }

    #[test]
    fn control_characters_are_refused_not_stripped() {
        assert!(text("subject", "ok", 10).is_ok());
        assert!(
            text("subject", "a\nb", 10)
                .unwrap_err()
                .to_string()
                .contains("line break")
        );
        assert!(
            text("name", "a\u{0}b", 10)
                .unwrap_err()
                .to_string()
                .contains("NUL")
        );
        assert!(long_text("description", "a\r\n\tb", 10).is_ok());
        assert!(
            long_text("description", "a\u{7}b", 10)
                .unwrap_err()
                .to_string()
                .contains("U+0007")
        );
        assert!(password("abc\u{0}12345").is_err());
        assert!(
            text("name", " Mario", 10)
                .unwrap_err()
                .to_string()
                .contains("spaces")
        );
        assert!(text("name", "Mario\u{a0}", 10).is_err());
    }

    #[test]
    fn format_characters_are_refused_in_one_line_values() {
        let e = text("subject", "invoice\u{202E}gnp.pdf", 100)
            .unwrap_err()
            .to_string();
        assert!(e.contains("U+202E (RIGHT-TO-LEFT OVERRIDE)"), "{e}");
        assert!(text("name", "Ma\u{200B}rio", 100).is_err());
        assert!(text("name", "\u{FEFF}Mario", 100).is_err());
        assert!(text("name", "Caffè ☕", 100).is_ok());
        // Descriptions keep emoji sequences (zero-width joiner).
        assert!(long_text("description", "👩\u{200D}💻", 100).is_ok());
    }

    #[test]
    fn dates_need_four_digit_years() {
        assert_eq!(date("2024-06-18").unwrap().to_string(), "2024-06-18");
        assert_eq!(date("18/06/2024").unwrap().to_string(), "2024-06-18");
        assert!(date("23/11/26").unwrap_err().contains("four-digit"));
        assert!(date("26-11-23").is_err());
        assert!(date("2024-02-30").is_err());
        assert!(date("0024-6-1").is_err());
    }

    #[test]
    fn emails() {
        assert!(email("a@b.it").is_ok());
        assert!(email("a@b").is_err());
        assert!(email("a b@c.it").is_err());
        assert!(email("@c.it").is_err());
        // An invisible character would disguise the address (the OpenAPI pattern says so too).
        assert!(email("mario\u{AD}@c.it").is_err());
        assert!(email("mario@c\u{200B}.it").is_err());
        assert!(patterns::EMAIL.contains(r"\xAD"));
    }
}
