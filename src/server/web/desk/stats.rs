//! "Statistiche": tickets opened and closed per week, the medians to the first answer and
//! to closing, SMART minutes per customer and month, the queue's age — charts drawn on the
//! server (SVG, [`chart`](super::super::chart)) each followed by its table. The figures are
//! `service::reports`', the same as `GET /api/v1/reports` and `lhs desk report`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::super::chart::{self, Series};
use super::super::{Chrome, Visitor, render};
use crate::server::AppState;
use crate::server::i18n::Lang;
use crate::server::service::reports;
use crate::wire::{Report, ReportQuery};

const BASE: &str = "/desk/statistiche";

/// The periods offered (weeks).
pub const PERIODS: [u32; 4] = [4, 12, 26, 52];

pub struct WeekRow {
    pub starts: String,
    pub opened: i64,
    pub closed: i64,
    pub first_answer: String,
    pub to_close: String,
}

pub struct AgeRow {
    pub age: &'static str,
    pub inserito: i64,
    pub in_carico: i64,
}

#[derive(Template)]
#[template(path = "desk_stats.html", config = "assets/askama.toml")]
pub struct StatsPage {
    pub chrome: Chrome,
    pub weeks: u32,
    /// (weeks, label, chosen) of the period select.
    pub periods: Vec<(u32, String, bool)>,
    pub since_text: String,
    pub first_answer: String,
    pub to_close: String,
    pub weekly_svg: String,
    pub weekly: Vec<WeekRow>,
    pub minutes_svg: String,
    pub minutes: Vec<crate::wire::MinutesSpent>,
    pub minutes_total: i64,
    pub queue_svg: String,
    pub ages: Vec<AgeRow>,
}
chrome!(StatsPage);

#[derive(Debug, Default, Deserialize)]
pub struct StatsQuery {
    /// Weeks back; an unknown value falls back to the default.
    #[serde(default)]
    settimane: String,
}

/// `95` → `1 h 35 min`; `3000` → `2 g 2 h` (`2 d 2 h`); None → `–`.
pub fn duration(minutes: Option<i64>, lang: Lang) -> String {
    let Some(m) = minutes else {
        return "–".into();
    };
    let day = match lang {
        Lang::It => "g",
        Lang::En => "d",
    };
    match m {
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} {day} {} h", m / (24 * 60), (m % (24 * 60)) / 60),
    }
}

fn short_date(day: &str, lang: Lang) -> String {
    let (y, rest) = day.split_at(4.min(day.len()));
    let parts: Vec<&str> = rest.trim_start_matches('-').split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::It, [m, d]) => format!("{d}/{m}/{y}"),
        _ => day.to_owned(),
    }
}

/// A week's Monday under its bars: `7/12` in Italian, `Dec 7` in English.
fn axis_date(day: &str, lang: Lang) -> String {
    let Ok(d) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
        return day.to_owned();
    };
    match lang {
        Lang::It => d.format("%-d/%m").to_string(),
        Lang::En => d.format("%b %-d").to_string(),
    }
}

pub async fn show(State(st): State<AppState>, v: Visitor, Query(q): Query<StatsQuery>) -> Response {
    let weeks = q
        .settimane
        .parse::<u32>()
        .ok()
        .filter(|w| (1..=reports::MAX_WEEKS).contains(w))
        .unwrap_or(reports::DEFAULT_WEEKS);
    let q = ReportQuery { weeks: Some(weeks) };
    match super::read(&st, &v, move |r, c| reports::report(r, c, &q)).await {
        Ok((report, who)) => render(&page(&v, weeks, &report, who)),
        Err(page) => page,
    }
}

fn page(v: &Visitor, weeks: u32, r: &Report, who: String) -> StatsPage {
    let t = v.lang.ui();
    let lang = v.lang;
    let mut periods: Vec<(u32, String, bool)> = PERIODS
        .iter()
        .map(|w| {
            (
                *w,
                t.stats_weeks_option.replace("{n}", &w.to_string()),
                *w == weeks,
            )
        })
        .collect();
    if !PERIODS.contains(&weeks) {
        periods.push((
            weeks,
            t.stats_weeks_option.replace("{n}", &weeks.to_string()),
            true,
        ));
    }
    let categories: Vec<String> = r.weeks.iter().map(|w| axis_date(&w.starts, lang)).collect();
    let weekly_svg = chart::bars(
        t.stats_weekly_chart,
        &categories,
        &[
            Series {
                label: t.col_opened.into(),
                values: r.weeks.iter().map(|w| w.opened).collect(),
            },
            Series {
                label: t.col_closed_count.into(),
                values: r.weeks.iter().map(|w| w.closed).collect(),
            },
        ],
    );
    let mut per_customer: Vec<(String, i64)> = Vec::new();
    for m in &r.minutes {
        let name = format!("{} {}", m.customer_code, m.customer_name);
        match per_customer.iter_mut().find(|(n, _)| *n == name) {
            Some(x) => x.1 += m.minutes,
            None => per_customer.push((name, m.minutes)),
        }
    }
    per_customer.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    per_customer.truncate(15);
    let age_names = [
        t.age_under_1h,
        t.age_1h_8h,
        t.age_8h_24h,
        t.age_1d_3d,
        t.age_3d_7d,
        t.age_over_7d,
    ];
    let ages: Vec<AgeRow> = r
        .queue_age
        .iter()
        .zip(age_names)
        .map(|(a, name)| AgeRow {
            age: name,
            inserito: a.inserito,
            in_carico: a.in_carico,
        })
        .collect();
    let queue_svg = chart::bars(
        t.stats_queue_chart,
        &age_names
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>(),
        &[
            Series {
                label: t.states[0].into(),
                values: ages.iter().map(|a| a.inserito).collect(),
            },
            Series {
                label: t.states[1].into(),
                values: ages.iter().map(|a| a.in_carico).collect(),
            },
        ],
    );
    StatsPage {
        chrome: Chrome::new(v, BASE).signed_in(None, who),
        weeks,
        periods,
        since_text: t
            .stats_since
            .replace("{since}", &short_date(&r.since, lang))
            .replace("{until}", &short_date(&r.until, lang)),
        first_answer: duration(r.median_first_answer_minutes, lang),
        to_close: duration(r.median_close_minutes, lang),
        weekly_svg,
        weekly: r
            .weeks
            .iter()
            .map(|w| WeekRow {
                starts: short_date(&w.starts, lang),
                opened: w.opened,
                closed: w.closed,
                first_answer: duration(w.median_first_answer_minutes, lang),
                to_close: duration(w.median_close_minutes, lang),
            })
            .collect(),
        minutes_svg: if per_customer.is_empty() {
            String::new()
        } else {
            chart::rows(t.stats_minutes_chart, &per_customer)
        },
        minutes_total: r.minutes.iter().map(|m| m.minutes).sum(),
        minutes: r.minutes.clone(),
        queue_svg,
        ages,
    }
}
