//! Bar charts drawn on the server as SVG: readable without JavaScript, no inline style
//! (colours come from the stylesheet's `.chart .sN` classes), every label escaped. A chart
//! is a picture of the table that follows it on the page, so it is one `role="img"` with a
//! label saying so; screen readers read the table.

use std::fmt::Write;

/// One series of values, one per category.
pub struct Series {
    pub label: String,
    pub values: Vec<i64>,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A round upper bound for the axis: 1, 2 or 5 times a power of ten, at least `max`.
fn nice_top(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut p = 1;
    loop {
        for m in [1, 2, 5] {
            if m * p >= max {
                return m * p;
            }
        }
        p *= 10;
    }
}

const W: i64 = 640;
const H: i64 = 260;
const LEFT: i64 = 48;
const BOTTOM: i64 = 36;
const TOP: i64 = 12;

/// Grouped vertical bars: one group per category, one bar per series (at most 4 series).
/// `label` is the chart's accessible name.
pub fn bars(label: &str, categories: &[String], series: &[Series]) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let top = nice_top(max);
    let plot_h = H - TOP - BOTTOM;
    let plot_w = W - LEFT - 8;
    let n = i64::try_from(categories.len().max(1)).unwrap_or(1);
    let group = plot_w / n;
    let per = i64::try_from(series.len().max(1)).unwrap_or(1);
    let bar = ((group - 6) / per).max(1);
    let y = |v: i64| TOP + plot_h - v * plot_h / top;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    for i in 0..=4 {
        let v = top * i / 4;
        let yy = y(v);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{yy}" x2="{}" y2="{yy}"/><text class="axis" x="{}" y="{}" text-anchor="end">{v}</text>"#,
            W - 8,
            LEFT - 6,
            yy + 4
        );
    }
    // Every label when they fit, otherwise every k-th.
    let step = usize::try_from((n + 12) / 13).unwrap_or(1).max(1);
    for (i, c) in categories.iter().enumerate() {
        let x0 = LEFT + i64::try_from(i).unwrap_or(0) * group + 3;
        for (k, ser) in series.iter().enumerate() {
            let v = ser.values.get(i).copied().unwrap_or(0);
            let x = x0 + i64::try_from(k).unwrap_or(0) * bar;
            let yy = y(v);
            let _ = write!(
                svg,
                r#"<rect class="s{k}" x="{x}" y="{yy}" width="{}" height="{}"><title>{}: {} {v}</title></rect>"#,
                (bar - 1).max(1),
                TOP + plot_h - yy,
                escape(c),
                escape(&ser.label)
            );
        }
        if i % step == 0 {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                x0 + (group - 6) / 2,
                H - BOTTOM + 16,
                escape(c)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars, one per row (`(label, value)`), for long labels such as customers.
pub fn rows(label: &str, rows: &[(String, i64)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let line = 26;
    let h = i64::try_from(rows.len()).unwrap_or(0) * line + 8;
    let label_w = 220;
    let plot_w = W - label_w - 60;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    for (i, (name, v)) in rows.iter().enumerate() {
        let yy = i64::try_from(i).unwrap_or(0) * line + 4;
        let w = (v * plot_w / max).max(1);
        let shown: String = name.chars().take(30).collect();
        let _ = write!(
            s,
            r#"<text class="axis" x="{}" y="{}" text-anchor="end">{}</text><rect class="s0" x="{label_w}" y="{yy}" width="{w}" height="{}"><title>{}: {v}</title></rect><text class="axis" x="{}" y="{}">{v}</text>"#,
            label_w - 6,
            yy + 16,
            escape(&shown),
            line - 6,
            escape(name),
            label_w + w + 4,
            yy + 16
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_top(0), 1);
        assert_eq!(nice_top(3), 5);
        assert_eq!(nice_top(7), 10);
        assert_eq!(nice_top(120), 200);
    }

    #[test]
    fn labels_are_escaped_and_nothing_is_inline_style() {
        let svg = bars(
            "a <b>",
            &["<x>".into()],
            &[Series {
                label: "\"s\"".into(),
                values: vec![3],
            }],
        );
        assert!(
            svg.contains("a &lt;b&gt;")
                && svg.contains("&lt;x&gt;")
                && svg.contains("&quot;s&quot;")
        );
        assert!(!svg.contains("style=") && !svg.contains("<script"));
        let svg = rows("r", &[("Rossi & C.".into(), 10)]);
        assert!(svg.contains("Rossi &amp; C."));
    }
}
