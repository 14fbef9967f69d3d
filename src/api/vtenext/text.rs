//! Text between vtenext and the terminal. vtenext stores what it is sent HTML-escaped
//! (`è` → `&egrave;`, `<` → `&lt;`), turns line breaks into `<br />`, wraps titles in links,
//! and keeps only the Basic Multilingual Plane (its tables are `utf8`, not `utf8mb4`): an emoji
//! arrives as `????` unless it is sent as a numeric character reference.
//!
//! Out: characters beyond the BMP become `&#NNNNN;`. In: markup is removed (`<br>` and block
//! ends become line breaks), entities are decoded once — giving back exactly the text that was
//! sent — and then the numeric references of characters beyond the BMP, which only such an
//! encoding produces, are turned back into the characters.

/// Text as it must be sent: emoji and other astral characters as numeric references.
pub fn outgoing(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if u32::from(c) > 0xFFFF {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Plain text from a value vtenext sent: markup removed, entities decoded.
pub fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A lone `<` is text.
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim()
            .trim_end_matches('/')
            .trim()
            .to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let after = &rest[open + close + 1..];
        match name {
            // nl2br keeps the line break after the tag: one break, not two.
            "br" if !after.starts_with('\n') && !after.starts_with("\r\n") => text.push('\n'),
            "p" | "div" | "li" | "tr" if tag.starts_with('/') => text.push('\n'),
            _ => {}
        }
        rest = after;
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    let astral = decode_astral_refs(&decoded);
    astral.trim_end_matches(['\n', ' ']).to_owned()
}

/// Decodes HTML entities once: numeric references and the named ones vtenext produces.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let decoded = tail[1..]
            .find(';')
            .filter(|&i| i <= 10)
            .and_then(|i| entity(&tail[1..=i]).map(|c| (c, i)));
        if let Some((c, i)) = decoded {
            out.push(c);
            rest = &tail[i + 2..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `&#128512;` (beyond the BMP only) → the character.
fn decode_astral_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let digits: String = tail[2..].chars().take_while(char::is_ascii_digit).collect();
        let end = 2 + digits.len();
        let c = (!digits.is_empty() && tail[end..].starts_with(';'))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .filter(|&n| n > 0xFFFF)
            .and_then(char::from_u32);
        if let Some(c) = c {
            out.push(c);
            rest = &tail[end + 1..];
        } else {
            out.push_str("&#");
            rest = &tail[2..];
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "euro" => '€',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "deg" => '°',
        "copy" => '©',
        "reg" => '®',
        "middot" => '·',
        "agrave" => 'à',
        "aacute" => 'á',
        "egrave" => 'è',
        "eacute" => 'é',
        "igrave" => 'ì',
        "iacute" => 'í',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "icirc" => 'î',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "auml" => 'ä',
        "euml" => 'ë',
        "iuml" => 'ï',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_vtenext_returns_becomes_what_was_sent() {
        // Seen on the real service: a title in its list link, a comment through nl2br.
        assert_eq!(
            plain(
                "<a href=\"index.php?module=HelpDesk&action=index&fun=detail&ticketid=21\">Perch&eacute; la stampa &lt;b&gt;non&lt;/b&gt; va &amp; basta</a>"
            ),
            "Perché la stampa <b>non</b> va & basta"
        );
        assert_eq!(
            plain(
                "Commento &egrave; ok<br />\nseconda riga &lt;i&gt;x&lt;/i&gt; &amp; &#039;q&#039;"
            ),
            "Commento è ok\nseconda riga <i>x</i> & 'q'"
        );
        // An emoji sent as a reference comes back escaped once more.
        assert_eq!(plain(&format!("ok {}", "&amp;#128512;")), "ok 😀");
        assert_eq!(outgoing("ok 😀 è"), "ok &#128512; è");
        // Markup from the back office.
        assert_eq!(plain("<p>Uno</p><p>Due<br>tre</p>"), "Uno\nDue\ntre");
        // A lone `&` or `<` stays.
        assert_eq!(plain("a & b < c"), "a & b < c");
        assert_eq!(plain("&#65; &unknown;"), "A &unknown;");
    }
}
