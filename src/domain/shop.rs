//! The Store's money: prices are whole euro cents, typed by people as `99`, `99.50` or
//! `99,50`, shown the way each language writes them.

/// Euro from cents, as people write them: `1.234,50 €` in Italian, `€1,234.50` in English.
pub fn euro(cents: i64, lang: &str) -> String {
    let (int, frac) = (cents / 100, (cents % 100).abs());
    let digits = int.abs().to_string();
    let sep = if lang == "en" { ',' } else { '.' };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let sign = if cents < 0 { "-" } else { "" };
    if lang == "en" {
        format!("{sign}€{grouped}.{frac:02}")
    } else {
        format!("{sign}{grouped},{frac:02} €")
    }
}

/// A price typed in euro (`99`, `99.5`, `99.50`, `99,50`; no thousands separators) as cents.
pub fn parse_euro(s: &str) -> Result<i64, String> {
    let bad =
        || format!("invalid price `{s}`: write euro with at most two decimals, e.g. 99 or 99.50");
    let t = s
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim();
    let (int, frac) = match t.split_once(['.', ',']) {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if int.is_empty()
        || int.len() > 9
        || frac.len() > 2
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let int: i64 = int.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(int * 100 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices() {
        assert_eq!(parse_euro("99"), Ok(9900));
        assert_eq!(parse_euro("99,5"), Ok(9950));
        assert_eq!(parse_euro("€ 1234.05"), Ok(123_405));
        for bad in ["", "1.234,50", "-3", "9.999", "abc"] {
            assert!(parse_euro(bad).is_err(), "{bad}");
        }
        assert_eq!(euro(123_450, "it"), "1.234,50 €");
        assert_eq!(euro(123_450, "en"), "€1,234.50");
        assert_eq!(euro(5, "it"), "0,05 €");
    }
}
