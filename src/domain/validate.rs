//! Validation of the values people type: accounts, customer codes, e-mail addresses, passwords.
//!
//! Each check returns the sentence that explains the problem, so the server can put it in a
//! 422 and the CLI can refuse the same value before sending it.

/// Accounts: 2–64 characters, letters, digits, `.`, `_`, `-`, starting with a letter or digit
/// (the manual's form is `cognome.nome`; customer codes such as `C0001` fit too).
pub fn account(s: &str) -> Result<(), String> {
    let ok_len = (2..=64).contains(&s.chars().count());
    let ok_first = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok_len && ok_first && ok_chars {
        Ok(())
    } else {
        Err(format!(
            "invalid account `{s}`: use 2 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit (for example rossi.mario)"
        ))
    }
}

/// Customer codes: 2–32 letters and digits, such as `C0001`.
pub fn customer_code(s: &str) -> Result<(), String> {
    if (2..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(format!(
            "invalid customer code `{s}`: use 2 to 32 letters and digits (for example C0001)"
        ))
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn email(s: &str) -> Result<(), String> {
    let bad = || format!("invalid e-mail address `{s}`");
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || s.chars().any(|c| c.is_whitespace() || c.is_control())
        || s.len() > 254
    {
        return Err(bad());
    }
    Ok(())
}

/// Password policy from the manual: at least 8 characters, with letters and digits.
/// The message never repeats the password.
pub fn password(s: &str) -> Result<(), String> {
    let n = s.chars().count();
    if n < 8 {
        return Err("the password must be at least 8 characters long".into());
    }
    if n > 256 {
        return Err("the password must be at most 256 characters long".into());
    }
    if !s.chars().any(char::is_alphabetic) || !s.chars().any(|c| c.is_ascii_digit()) {
        return Err("the password must contain both letters and digits".into());
    }
    Ok(())
}

/// A required free-text field: trimmed, non-empty, at most `max` characters.
pub fn text(field: &str, s: &str, max: usize) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err(format!("`{field}` must not be empty"));
    }
    if s.chars().count() > max {
        return Err(format!("`{field}` must be at most {max} characters"));
    }
    Ok(())
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
    fn emails() {
        assert!(email("a@b.it").is_ok());
        assert!(email("a@b").is_err());
        assert!(email("a b@c.it").is_err());
        assert!(email("@c.it").is_err());
    }
}
