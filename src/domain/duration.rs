//! Human durations such as `30d`, `12h`, `90m`, `45s` or `1w`, used by `--expires`,
//! `--timeout`, `--autoclose-after` and friends.

use std::time::Duration;

/// Parses `<number><unit>` with unit `ms`, `s`, `m`, `h`, `d` or `w`; a bare number is seconds.
pub fn parse(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if let Some(ms) = t.strip_suffix("ms") {
        return ms.parse::<u64>().map(Duration::from_millis).map_err(|_| {
            format!("invalid duration `{s}`: expected e.g. 30d, 12h, 90m, 45s or 500ms")
        });
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("invalid duration `{s}`: expected e.g. 30d, 12h, 90m or 45s"))?;
    let mult = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => {
            return Err(format!(
                "invalid duration unit in `{s}`: use s, m, h, d or w (for example 30d)"
            ));
        }
    };
    n.checked_mul(mult)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("duration `{s}` is too large"))
}

/// The most minutes one answer may spend (the API's limit on `minutes`).
pub const MAX_MINUTES: i64 = 100_000;

/// Minutes spent on a ticket as people write them: `20`, `20m`, `90min`, `1h`, `1h30`,
/// `1h30m`, `1,5h`/`1.5h`; from 0 to [`MAX_MINUTES`]. The error says what is accepted.
pub fn parse_minutes(s: &str) -> Result<i64, String> {
    let t = s.trim().to_ascii_lowercase().replace(' ', "");
    let bad = || {
        format!(
            "`{}` is not a number of minutes: write 20, 90m, 1h or 1h30 (0 to {MAX_MINUTES})",
            s.trim()
        )
    };
    let whole = |n: &str| -> Result<i64, String> {
        if n.is_empty() || n.len() > 9 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        n.parse().map_err(|_| bad())
    };
    let minutes = if let Some((h, rest)) = t.split_once('h') {
        let rest = rest
            .strip_suffix("min")
            .or_else(|| rest.strip_suffix('m'))
            .unwrap_or(rest);
        let hours = h.replace(',', ".");
        let from_hours = match hours.split_once('.') {
            // 1.5h: tenths or hundredths of an hour, rounded to the minute.
            Some((i, f)) if rest.is_empty() && !f.is_empty() && f.len() <= 2 => {
                let frac = whole(f)? * 60 / if f.len() == 1 { 10 } else { 100 };
                whole(i)? * 60 + frac
            }
            Some(_) => return Err(bad()),
            None => whole(&hours)? * 60,
        };
        let extra = if rest.is_empty() { 0 } else { whole(rest)? };
        if extra >= 60 {
            return Err(bad());
        }
        from_hours + extra
    } else {
        let m = t
            .strip_suffix("min")
            .or_else(|| t.strip_suffix('m'))
            .unwrap_or(&t);
        whole(m)?
    };
    if minutes > MAX_MINUTES {
        return Err(format!(
            "{minutes} minutes is more than one answer may spend ({MAX_MINUTES})"
        ));
    }
    Ok(minutes)
}

/// Formats whole seconds back compactly (`7d`, `90m`, `45s`).
pub fn format(d: Duration) -> String {
    let s = d.as_secs();
    for (unit, secs) in [("w", 7 * 86_400), ("d", 86_400), ("h", 3600), ("m", 60)] {
        if s >= secs && s.is_multiple_of(secs) {
            return format!("{}{unit}", s / secs);
        }
    }
    format!("{s}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse("30d").unwrap(), Duration::from_secs(30 * 86_400));
        assert_eq!(parse("12h").unwrap(), Duration::from_secs(43_200));
        assert_eq!(parse("5").unwrap(), Duration::from_secs(5));
        assert_eq!(parse("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse("5y").is_err());
        assert!(parse("d").is_err());
        assert_eq!(format(parse("7d").unwrap()), "1w");
        assert_eq!(format(parse("90m").unwrap()), "90m");
    }

    #[test]
    fn parses_minutes_as_people_write_them() {
        for (text, m) in [
            ("20", 20),
            (" 20 ", 20),
            ("90m", 90),
            ("90 min", 90),
            ("1h", 60),
            ("1h30", 90),
            ("1h30m", 90),
            ("1,5h", 90),
            ("1.25h", 75),
            ("0", 0),
        ] {
            assert_eq!(parse_minutes(text), Ok(m), "{text}");
        }
        for bad in ["", "h", "1h75", "-5", "abc", "1.5h30", "100001"] {
            assert!(parse_minutes(bad).is_err(), "{bad}");
        }
    }
}
