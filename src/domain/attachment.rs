//! Attachment rules from the manual: JPG, JPEG, PNG, PDF, XML, ZIP only; at most 1000 KB each;
//! at most 3 per upload. The type is checked from the name *and* the content. A file name is
//! stored exactly as sent or refused with the reason ([`check_filename`]); nothing is renamed
//! silently. The CLI runs the same checks before uploading anything.

use crate::domain::validate::{FileProblem, Invalid, NameProblem};

/// 1000 KB, as the portal states it (1000 × 1024 bytes).
pub const MAX_SIZE: usize = 1000 * 1024;
/// Files per upload.
pub const MAX_FILES: usize = 3;
pub const ALLOWED_TEXT: &str = "JPG, JPEG, PNG, PDF, XML, ZIP";

/// Returns the content type of an acceptable file, or the reason it is refused.
pub fn check(filename: &str, data: &[u8]) -> Result<&'static str, Invalid> {
    let refuse = |problem| Invalid::File {
        name: filename.to_owned(),
        problem,
    };
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let content_type = match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "xml" => "application/xml",
        "zip" => "application/zip",
        _ => {
            return Err(refuse(FileProblem::TypeNotAllowed {
                allowed: ALLOWED_TEXT,
            }));
        }
    };
    if data.len() > MAX_SIZE {
        return Err(refuse(FileProblem::TooLarge {
            kb: data.len().div_ceil(1024),
            limit: "1000 KB",
        }));
    }
    if data.is_empty() {
        return Err(refuse(FileProblem::Empty { short: false }));
    }
    let content_ok = match content_type {
        "image/jpeg" => data.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => data.starts_with(b"\x89PNG\r\n\x1a\n"),
        "application/pdf" => data.starts_with(b"%PDF-"),
        "application/zip" => {
            data.starts_with(b"PK\x03\x04")
                || data.starts_with(b"PK\x05\x06")
                || data.starts_with(b"PK\x07\x08")
        }
        _ => looks_like_xml(data),
    };
    if !content_ok {
        return Err(refuse(FileProblem::NotItsType {
            ext: ext.to_ascii_uppercase(),
            from_content: true,
        }));
    }
    Ok(content_type)
}

fn looks_like_xml(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    text.trim_start().starts_with('<')
}

/// Characters Windows refuses in file names; refused here so a download works everywhere.
const NOT_PORTABLE: &[char] = &['<', '>', ':', '"', '|', '?', '*'];
/// Longest accepted name, in bytes of UTF-8 (what file systems limit).
pub const MAX_NAME_BYTES: usize = 200;

/// Accepts a file name that can be stored and later written to disk exactly as it is: a base
/// name (no directory part), without control characters or characters Windows refuses, not
/// hidden (no leading dot), without leading or trailing spaces or a trailing dot, at most
/// [`MAX_NAME_BYTES`] bytes. The error names the rule the name breaks.
pub fn check_filename(name: &str) -> Result<(), Invalid> {
    let refuse = |p: NameProblem| {
        Err(Invalid::File {
            name: name.to_owned(),
            problem: FileProblem::Name(p),
        })
    };
    if name.is_empty() {
        return refuse(NameProblem::Empty);
    }
    if name.contains(['/', '\\']) {
        return refuse(NameProblem::Separator);
    }
    if name.chars().any(char::is_control) {
        return refuse(NameProblem::Control);
    }
    if let Some(c) = name
        .chars()
        .find(|&c| crate::domain::validate::is_format_char(c))
    {
        return refuse(NameProblem::Hidden(c));
    }
    if let Some(c) = name.chars().find(|c| NOT_PORTABLE.contains(c)) {
        return refuse(NameProblem::NotPortable(c));
    }
    if name.starts_with('.') {
        return refuse(NameProblem::LeadingDot);
    }
    if name.starts_with(' ') || name.ends_with(' ') || name.ends_with('.') {
        return refuse(NameProblem::EdgeSpaceOrDot);
    }
    if name.len() > MAX_NAME_BYTES {
        return refuse(NameProblem::TooLong {
            max: MAX_NAME_BYTES,
        });
    }
    Ok(())
}

/// Why a file name is refused for an invisible format character, which can make
/// `invoice\u{202E}gnp.pdf` read as "invoicefdp.png" (None: it has none). The server refuses
/// such a name ([`check_filename`]) and the CLI refuses the file before sending it.
pub fn hidden_character(name: &str) -> Option<String> {
    let c = name
        .chars()
        .find(|&c| crate::domain::validate::is_format_char(c))?;
    Some(format!(
        "contains the invisible character {}, which can disguise the file's real type",
        crate::domain::validate::describe_format_char(c)
    ))
}

/// A safe local name for a file received from a server (defence in depth when downloading):
/// keeps the last path component, replaces anything but letters, digits, `.`, `-`, `_` and
/// space with `_`, strips leading dots, and bounds the length (keeping the extension).
pub fn sanitize_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut s: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s = s.trim().trim_start_matches('.').to_owned();
    if s.chars().count() > 120 {
        let (stem, ext) = match s.rsplit_once('.') {
            Some((st, e)) if e.len() <= 8 => (st.to_owned(), format!(".{e}")),
            _ => (s.clone(), String::new()),
        };
        s = stem.chars().take(120 - ext.len()).collect::<String>() + &ext;
    }
    if s.is_empty() { "file".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_checked_by_name_and_content() {
        assert_eq!(
            check("a.PNG", b"\x89PNG\r\n\x1a\nxxxx").unwrap(),
            "image/png"
        );
        assert_eq!(
            check("log.zip", b"PK\x03\x04rest").unwrap(),
            "application/zip"
        );
        assert_eq!(
            check("f.xml", b"\xEF\xBB\xBF  <?xml?>").unwrap(),
            "application/xml"
        );
        assert!(
            check("evil.exe", b"MZ")
                .unwrap_err()
                .to_string()
                .contains("not allowed")
        );
        assert!(
            check("fake.pdf", b"PK\x03\x04")
                .unwrap_err()
                .to_string()
                .contains("content")
        );
        assert!(
            check("big.pdf", &vec![b'%'; MAX_SIZE + 1])
                .unwrap_err()
                .to_string()
                .contains("1000 KB")
        );
        assert!(
            check(
                "ok.pdf",
                &[b"%PDF-".as_slice(), &vec![0; MAX_SIZE - 5]].concat()
            )
            .is_ok()
        );
    }

    #[test]
    fn names_are_accepted_as_sent_or_refused_with_the_reason() {
        for ok in [
            "report.pdf",
            "Fattura n° 12 (copia).pdf",
            "a..b.zip",
            "ünïcødé.png",
        ] {
            assert!(check_filename(ok).is_ok(), "{ok}");
        }
        for (bad, why) in [
            ("..png", "hidden"),
            (".hidden.zip", "hidden"),
            ("../x.png", "directory"),
            ("a\\b.png", "directory"),
            ("a\nb.png", "control"),
            ("a\u{0}.png", "control"),
            ("a:b.png", "`:`"),
            ("x.png.", "trailing"),
            (" x.png", "space"),
            ("", "empty"),
        ] {
            let e = check_filename(bad).unwrap_err().to_string();
            assert!(
                e.contains(why) || (why == "trailing" && e.contains("ends with a dot")),
                "{bad}: {e}"
            );
        }
        assert!(check_filename(&format!("{}.pdf", "a".repeat(300))).is_err());
    }

    #[test]
    fn names_are_sanitised() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_filename("C:\\x\\re port;rm.pdf"), "re port_rm.pdf");
        assert_eq!(sanitize_filename(".hidden.zip"), "hidden.zip");
        assert_eq!(sanitize_filename("///"), "file");
        let long = format!("{}.pdf", "a".repeat(300));
        let s = sanitize_filename(&long);
        assert!(
            std::path::Path::new(&s)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        );
        assert_eq!(s.chars().count(), 120);
    }
}
