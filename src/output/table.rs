//! Tables for people and records for programs. On a terminal: aligned columns that fit its
//! width — numbers, states and dates kept whole, the widest text column cut with `…` — a
//! header, no rules, states and priorities in colour when colour is on. In a pipe: one
//! record per line, cells separated by tabs, nothing cut, no header (as gh does).

use unicode_width::UnicodeWidthStr;

/// Where and how a table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// A terminal (columns, header); otherwise tab-separated records.
    pub terminal: bool,
    pub width: usize,
    pub color: bool,
}

fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// One line of a cell: tabs and line breaks would break the layout (and the records).
fn flat(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The colour of a cell that names a state or a priority (ANSI SGR), if any.
fn paint(cell: &str) -> Option<&'static str> {
    Some(match cell.to_lowercase().as_str() {
        "inserito" | "pending" => "33",
        "in carico" | "in_carico" => "34",
        "risposto" | "confirmed" | "yes" => "32",
        "chiuso" | "rejected" => "2",
        "bloccante" => "1;31",
        "priority" => "35",
        _ => return None,
    })
}

/// A column kept whole: numbers, dates and short words (states, priorities, codes).
fn rigid(cells: &[&str]) -> bool {
    cells.iter().all(|c| {
        let dateish = c.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && c.contains('-')
            && c.contains(':');
        c.width() <= 12 || (dateish && c.width() <= 26)
    })
}

/// Column widths that fit `total` (None: the column is left out). Text columns give way
/// first, the widest first, down to their header or 8; then the columns in `drop` are left
/// out, in that order; then anything but the first column shrinks.
fn fit(
    natural: &[usize],
    headers: &[usize],
    rigid: &[bool],
    drop: &[usize],
    total: usize,
) -> Vec<Option<usize>> {
    let mut w: Vec<Option<usize>> = natural.iter().map(|n| Some(*n)).collect();
    let used = |w: &[Option<usize>]| {
        let shown: Vec<usize> = w.iter().flatten().copied().collect();
        shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    let shrink = |w: &mut Vec<Option<usize>>,
                  may: &dyn Fn(usize) -> bool,
                  floor: &dyn Fn(usize) -> usize| {
        loop {
            let over = used(w).saturating_sub(total);
            if over == 0 {
                return true;
            }
            let Some(i) = (0..w.len())
                .filter(|&i| may(i) && w[i].is_some_and(|x| x > floor(i)))
                .max_by_key(|&i| w[i])
            else {
                return false;
            };
            let x = w[i].unwrap_or(0);
            w[i] = Some(x.saturating_sub(over).max(floor(i)));
        }
    };
    let text_floor = |i: usize| headers[i].max(8).min(natural[i]);
    if shrink(&mut w, &|i| !rigid[i], &text_floor) {
        return w;
    }
    let mut dropped = Vec::new();
    for &i in drop {
        dropped.push(i);
        // Start again from the natural widths without the dropped columns, so the room
        // they leave goes back to the text.
        w = natural
            .iter()
            .enumerate()
            .map(|(k, n)| (!dropped.contains(&k)).then_some(*n))
            .collect();
        if shrink(&mut w, &|k| !rigid[k], &text_floor) {
            return w;
        }
    }
    shrink(&mut w, &|i| i > 0, &|_| 3);
    w
}

/// Renders rows (and the header, on a terminal, when `header`); on a narrow terminal the
/// columns named in `drop` are left out first.
pub fn render(
    headers: &[&str],
    rows: &[Vec<String>],
    header: bool,
    drop: &[&str],
    style: Style,
) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| flat(c)).collect())
        .collect();
    let mut out = String::new();
    if !style.terminal {
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| match paint(c).filter(|_| style.color) {
                    Some(code) => format!("\x1b[{code}m{c}\x1b[0m"),
                    None => c.clone(),
                })
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        return out;
    }
    let n = headers.len();
    let head: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .chain(std::iter::once(if header { head[i] } else { 0 }))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rigid: Vec<bool> = (0..n)
        .map(|i| {
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(String::as_str)
                .collect();
            rigid(&cells)
        })
        .collect();
    let drop: Vec<usize> = drop
        .iter()
        .filter_map(|d| headers.iter().position(|h| h == d))
        .collect();
    let widths = fit(&natural, &head, &rigid, &drop, style.width);
    let line = |cells: Vec<(String, Option<&str>)>| {
        let shown: Vec<(usize, String, Option<&str>)> = cells
            .into_iter()
            .enumerate()
            .filter_map(|(i, (t, c))| widths.get(i).copied().flatten().map(|w| (w, t, c)))
            .collect();
        let mut s = String::new();
        let last = shown.len().saturating_sub(1);
        for (k, (w, text, sgr)) in shown.into_iter().enumerate() {
            let cell = cut(&text, w);
            let pad = w.saturating_sub(cell.width());
            match sgr.filter(|_| style.color) {
                Some(code) => s.push_str(&format!("\x1b[{code}m{cell}\x1b[0m")),
                None => s.push_str(&cell),
            }
            if k != last {
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        s.push('\n');
        s
    };
    if header {
        out.push_str(&line(
            headers
                .iter()
                .map(|h| ((*h).to_owned(), Some("1")))
                .collect(),
        ));
    }
    for r in rows {
        out.push_str(&line(
            r.into_iter()
                .map(|c| {
                    let p = paint(&c);
                    (c, p)
                })
                .collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(width: usize) -> Style {
        Style {
            terminal: true,
            width,
            color: false,
        }
    }

    #[test]
    fn fits_the_width_cutting_the_long_column_only() {
        let rows = vec![vec![
            "1024".to_owned(),
            "in carico".to_owned(),
            "2026-11-24 09:45 +01:00".to_owned(),
            "La stampa del registro IVA di dicembre non riporta le fatture del fornitore"
                .to_owned(),
        ]];
        let t = render(
            &["NUMBER", "STATE", "CREATED", "SUBJECT"],
            &rows,
            true,
            &[],
            style(80),
        );
        for l in t.lines() {
            assert!(l.width() <= 80, "{l}");
        }
        assert!(t.contains("1024  "));
        assert!(t.contains("in carico"));
        assert!(t.contains("2026-11-24 09:45 +01:00"));
        assert!(t.contains('…'));
        let wide = render(
            &["NUMBER", "STATE", "CREATED", "SUBJECT"],
            &rows,
            true,
            &[],
            style(160),
        );
        assert!(!wide.contains('…'));
    }

    #[test]
    fn pipes_get_tab_separated_records() {
        let rows = vec![vec!["1".to_owned(), "a\tb".to_owned()]];
        let t = render(
            &["A", "B"],
            &rows,
            true,
            &[],
            Style {
                terminal: false,
                width: 10,
                color: true,
            },
        );
        assert_eq!(t, "1\ta b\n");
    }
}
