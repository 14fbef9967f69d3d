//! The desk's statistics — tickets opened and closed per week, the median time to the
//! first answer and to closing, SMART minutes spent per customer per month, the age of the
//! queue — made once here for the Statistiche page, `GET /api/v1/reports` and
//! `lhs desk report`. The store aggregates by day; weeks and medians are made here.

use chrono::{Datelike, Duration, NaiveDate, Utc};

use super::{Error, Result};
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::Repo;
use crate::wire::{MinutesSpent, QueueAge, Report, ReportQuery, WeekFigures};

pub const DEFAULT_WEEKS: u32 = 12;
pub const MAX_WEEKS: u32 = 104;

/// The age buckets of the queue, from the newest, with their upper bound in hours.
pub const AGES: [(&str, i64); 5] = [
    ("under_1h", 1),
    ("1h_8h", 8),
    ("8h_24h", 24),
    ("1d_3d", 72),
    ("3d_7d", 168),
];
pub const OLDEST: &str = "over_7d";

/// The median of `v` (the lower middle for an even count), None when empty.
fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[(v.len() - 1) / 2])
}

/// The Monday of the week of `day`.
fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Which of `mondays` the day `YYYY-MM-DD…` falls in.
fn week_of(mondays: &[NaiveDate], ts: &str) -> Option<usize> {
    let day = NaiveDate::parse_from_str(ts.get(..10)?, "%Y-%m-%d").ok()?;
    let m = monday(day);
    mondays.iter().position(|x| *x == m)
}

/// Staff: the figures of the last `q.weeks` weeks (12 by default, 1 to 104).
pub fn report(repo: &dyn Repo, caller: &Caller, q: &ReportQuery) -> Result<Report> {
    let weeks = q.weeks.unwrap_or(DEFAULT_WEEKS);
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(Error::invalid(
            "weeks",
            Invalid::Range {
                field: "weeks".into(),
                min: 1,
                max: i64::from(MAX_WEEKS),
            },
        ));
    }
    caller.require_staff()?;
    let now = Utc::now();
    let this_monday = monday(now.date_naive());
    let mondays: Vec<NaiveDate> = (0..i64::from(weeks))
        .rev()
        .map(|i| this_monday - Duration::weeks(i))
        .collect();
    let first = mondays[0];
    let since = format!("{first}T00:00:00.000Z");
    let mut figures: Vec<WeekFigures> = mondays
        .iter()
        .map(|m| WeekFigures {
            week: format!("{}-W{:02}", m.iso_week().year(), m.iso_week().week()),
            starts: m.to_string(),
            opened: 0,
            closed: 0,
            median_first_answer_minutes: None,
            median_close_minutes: None,
        })
        .collect();
    for (day, n) in repo.opened_per_day(&since)? {
        if let Some(w) = week_of(&mondays, &day) {
            figures[w].opened += n;
        }
    }
    for (day, n) in repo.closed_per_day(&since)? {
        if let Some(w) = week_of(&mondays, &day) {
            figures[w].closed += n;
        }
    }
    let mut first_answers = vec![Vec::new(); mondays.len()];
    for (opened, minutes) in repo.first_replies(&since)? {
        if let (Some(w), Some(m)) = (week_of(&mondays, &opened), minutes) {
            first_answers[w].push(m.max(0));
        }
    }
    let mut closings = vec![Vec::new(); mondays.len()];
    for (closed, minutes) in repo.closings(&since)? {
        if let Some(w) = week_of(&mondays, &closed) {
            closings[w].push(minutes.max(0));
        }
    }
    let all_first: Vec<i64> = first_answers.iter().flatten().copied().collect();
    let all_close: Vec<i64> = closings.iter().flatten().copied().collect();
    for (f, (a, c)) in figures
        .iter_mut()
        .zip(first_answers.into_iter().zip(closings))
    {
        f.median_first_answer_minutes = median(a);
        f.median_close_minutes = median(c);
    }
    let minutes = repo
        .minutes_spent(&since)?
        .into_iter()
        .map(|(code, name, month, minutes)| MinutesSpent {
            customer_code: code,
            customer_name: name,
            month,
            minutes,
        })
        .collect();
    let edges: Vec<String> = AGES
        .iter()
        .map(|(_, h)| clock::format(now - Duration::hours(*h)))
        .collect();
    let mut ages: Vec<QueueAge> = AGES
        .iter()
        .map(|(name, _)| *name)
        .chain([OLDEST])
        .map(|age| QueueAge {
            age: age.to_owned(),
            inserito: 0,
            in_carico: 0,
        })
        .collect();
    for state in ["inserito", "in_carico"] {
        let (all, before) = repo.opened_before(state, &edges)?;
        // Newer than the first edge, between two edges, older than the last.
        let mut counts = vec![all - before.first().copied().unwrap_or(0)];
        counts.extend(before.windows(2).map(|w| w[0] - w[1]));
        counts.push(before.last().copied().unwrap_or(all));
        for (a, n) in ages.iter_mut().zip(counts) {
            if state == "inserito" {
                a.inserito = n;
            } else {
                a.in_carico = n;
            }
        }
    }
    Ok(Report {
        since: first.to_string(),
        until: now.date_naive().to_string(),
        weeks: figures,
        median_first_answer_minutes: median(all_first),
        median_close_minutes: median(all_close),
        minutes,
        queue_age: ages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_take_the_lower_middle() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5]), Some(5));
        assert_eq!(median(vec![9, 1, 5]), Some(5));
        assert_eq!(median(vec![10, 1, 7, 3]), Some(3));
    }

    #[test]
    fn days_fall_in_their_monday_to_sunday_week() {
        let mondays = [
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        ];
        assert_eq!(week_of(&mondays, "2026-12-06T23:59:59.000Z"), Some(0));
        assert_eq!(week_of(&mondays, "2026-12-07T00:00:00.000Z"), Some(1));
        assert_eq!(week_of(&mondays, "2026-11-29T10:00:00.000Z"), None);
    }
}
