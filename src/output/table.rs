//! Tables for people and records for programs. On a terminal: aligned columns that fit its
//! width — numbers, states and dates kept whole, the widest text column cut with `…`, a
//! column that explains each row's outcome never cut but wrapped, columns with nothing in
//! them left out — a header, no rules, states and priorities in colour when colour is on. In a pipe: one
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

/// `s` in lines of at most `width` columns, broken between words (a word longer than a
/// line is broken where it must).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        let need = if last.is_empty() {
            word.width()
        } else {
            last.width() + 1 + word.width()
        };
        if need <= width {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
            continue;
        }
        let mut rest = word;
        if !last.is_empty() {
            lines.push(String::new());
        }
        loop {
            let line = lines.last_mut().expect("one line at least");
            if rest.width() <= width {
                line.push_str(rest);
                break;
            }
            let mut w = 0;
            let at = rest
                .char_indices()
                .find(|(_, c)| {
                    w += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                    w > width
                })
                .map_or(rest.len(), |(i, _)| i);
            line.push_str(&rest[..at]);
            rest = &rest[at..];
            lines.push(String::new());
        }
    }
    lines
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

/// What is known of each column before fitting them.
struct Columns {
    /// The widest cell (or header).
    natural: Vec<usize>,
    headers: Vec<usize>,
    /// Kept whole ([`rigid`]).
    rigid: Vec<bool>,
    /// Never cut: wrapped.
    keep: Vec<bool>,
    /// Nothing but `-` or blanks.
    hidden: Vec<bool>,
    /// Nothing at all.
    blank: Vec<bool>,
}

/// Column widths that fit `total` (None: the column is left out). Columns in `blank` (no
/// text in any row) are always left out; when not everything fits, the columns in `hidden`
/// (nothing but `-`) are left out first. Text columns give way first, the widest first,
/// down to their header or 8 — but not those in `keep`; then the columns in `drop` are left
/// out, in that order; then anything but the first column shrinks (a kept column down to
/// 20, and it wraps rather than being cut).
fn fit(c: &Columns, drop: &[usize], total: usize) -> Vec<Option<usize>> {
    let Columns {
        natural,
        headers,
        rigid,
        keep,
        hidden,
        blank,
    } = c;
    let start = || -> Vec<Option<usize>> {
        natural
            .iter()
            .zip(hidden)
            .map(|(n, h)| (!h).then_some(*n))
            .collect()
    };
    let mut w = start();
    let used = |w: &[Option<usize>]| {
        let shown: Vec<usize> = w.iter().flatten().copied().collect();
        shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    // Everything fits as it is: only columns with no text at all are left out (a column
    // of `-` says "none" and stays).
    let all: Vec<Option<usize>> = natural
        .iter()
        .enumerate()
        .map(|(i, n)| (!blank[i]).then_some(*n))
        .collect();
    if used(&all) <= total {
        return all;
    }
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
    let text = |i: usize| !rigid[i] && !keep[i];
    if shrink(&mut w, &text, &text_floor) {
        return w;
    }
    let mut dropped = Vec::new();
    for &i in drop {
        dropped.push(i);
        // Start again from the natural widths without the dropped columns, so the room
        // they leave goes back to the text.
        w = start();
        for &d in &dropped {
            w[d] = None;
        }
        if shrink(&mut w, &text, &text_floor) {
            return w;
        }
    }
    shrink(&mut w, &|i| i > 0, &|i| {
        if keep[i] { natural[i].min(20) } else { 3 }
    });
    w
}

/// Renders rows (and the header, on a terminal, when `header`); on a narrow terminal the
/// columns named in `drop` are left out first.
pub fn render(
    headers: &[&str],
    rows: &[Vec<String>],
    header: bool,
    drop: &[&str],
    keep: &[&str],
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
    let keep: Vec<bool> = headers.iter().map(|h| keep.contains(h)).collect();
    // A column with nothing in any row (empty, or `-`) takes no room on a terminal.
    let hidden: Vec<bool> = (0..n)
        .map(|i| {
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|c| c.trim().is_empty() || c == "-"))
        })
        .collect();
    let blank: Vec<bool> = (0..n)
        .map(|i| {
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|c| c.trim().is_empty()))
        })
        .collect();
    let widths = fit(
        &Columns {
            natural,
            headers: head,
            rigid,
            keep: keep.clone(),
            hidden,
            blank,
        },
        &drop,
        style.width,
    );
    let line = |cells: Vec<(String, Option<&str>)>| {
        let shown: Vec<(usize, Vec<String>, Option<&str>)> = cells
            .into_iter()
            .enumerate()
            .filter_map(|(i, (t, c))| {
                let w = widths.get(i).copied().flatten()?;
                // A kept column wraps onto more lines; any other is cut to one.
                let lines = if keep[i] && t.width() > w {
                    wrap(&t, w)
                } else {
                    vec![cut(&t, w)]
                };
                Some((w, lines, c))
            })
            .collect();
        let height = shown.iter().map(|(_, l, _)| l.len()).max().unwrap_or(1);
        let mut s = String::new();
        let last = shown.len().saturating_sub(1);
        for row in 0..height {
            let mut text_line = String::new();
            for (k, (w, lines, sgr)) in shown.iter().enumerate() {
                let cell = lines.get(row).map_or("", String::as_str);
                let pad = w.saturating_sub(cell.width());
                match sgr.filter(|_| style.color && !cell.is_empty()) {
                    Some(code) => text_line.push_str(&format!("\x1b[{code}m{cell}\x1b[0m")),
                    None => text_line.push_str(cell),
                }
                if k != last {
                    text_line.push_str(&" ".repeat(pad + 2));
                }
            }
            s.push_str(text_line.trim_end());
            s.push('\n');
        }
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
            &[],
            style(160),
        );
        assert!(!wide.contains('…'));
    }

    #[test]
    fn the_explaining_column_wraps_and_empty_columns_take_no_room() {
        let rows = vec![vec![
            "3".to_owned(),
            "bianchi.anna".to_owned(),
            "error".to_owned(),
            String::new(),
            "invalid e-mail address `anna@` in column email: write it as name@example.com"
                .to_owned(),
        ]];
        let t = render(
            &["ROW", "ACCOUNT", "RESULT", "NOTE", "DETAIL"],
            &rows,
            true,
            &[],
            &["DETAIL"],
            style(60),
        );
        assert!(!t.contains("NOTE"), "{t}");
        assert!(!t.contains('…'), "{t}");
        for l in t.lines() {
            assert!(l.width() <= 60, "{l}");
        }
        let detail: String = t
            .lines()
            .skip(1)
            .map(|l| l.get(27..).unwrap_or("").trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(detail.contains("write it as name@example.com"), "{t}");
    }

    #[test]
    fn pipes_get_tab_separated_records() {
        let rows = vec![vec!["1".to_owned(), "a\tb".to_owned()]];
        let t = render(
            &["A", "B"],
            &rows,
            true,
            &[],
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
