//! "Pagina precedente" / "Pagina successiva" of the list pages, keyset as the API: `dopo` is
//! the cursor this page starts after, `indietro` the cursors of the pages before it (`0`: the
//! first page), so going back needs no query backwards and a bookmark keeps its place. The
//! list's own filters travel beside them.

use serde::Deserialize;

/// Where a list page is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Place {
    #[serde(default)]
    dopo: Option<String>,
    #[serde(default)]
    indietro: Option<String>,
}

/// A cursor is a row number; anything else is read as the first page.
fn cursor(c: &str) -> Option<&str> {
    (!c.is_empty() && c.len() <= 19 && c.bytes().all(|b| b.is_ascii_digit())).then_some(c)
}

/// The links of a list page.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Place {
    /// The place `dopo` and `indietro` name (as a URL carries them).
    pub fn new(dopo: Option<String>, indietro: Option<String>) -> Place {
        Place { dopo, indietro }
    }

    /// The cursor of this page (None: the first page).
    pub fn cursor(&self) -> Option<String> {
        self.dopo.as_deref().and_then(cursor).map(str::to_owned)
    }

    fn back(&self) -> Vec<&str> {
        self.indietro
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(cursor)
            .take(200)
            .collect()
    }

    /// This page's own address, with the list's `filters` (where its buttons come back to).
    pub fn here(&self, base: &str, filters: &[(&str, &str)]) -> String {
        let back = self.back();
        href(base, filters, self.cursor().as_deref(), &back)
    }

    /// The previous and next pages of `base` with the list's `filters` (pairs with an empty
    /// value are left out); `next` is the service's `next_cursor` when there is more.
    pub fn links(&self, base: &str, filters: &[(&str, &str)], next: Option<String>) -> Links {
        let href = |after: Option<&str>, back: &[&str]| href(base, filters, after, back);
        let back = self.back();
        let here = self.cursor();
        let previous = back
            .split_last()
            .map(|(last, earlier)| href(Some(*last).filter(|c| *c != "0"), earlier));
        let next = next.map(|n| {
            let mut b = back.clone();
            b.push(here.as_deref().unwrap_or("0"));
            href(Some(&n), &b)
        });
        Links { previous, next }
    }
}

/// `base` with `filters` (empty values left out) and a position.
fn href(base: &str, filters: &[(&str, &str)], after: Option<&str>, back: &[&str]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if let Some(a) = after {
        s.append_pair("dopo", a);
    }
    if !back.is_empty() {
        s.append_pair("indietro", &back.join(","));
    }
    let qs = s.finish();
    if qs.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{qs}")
    }
}

#[cfg(test)]
mod tests {
    use super::Place;

    #[test]
    fn previous_goes_back_the_way_next_came() {
        let first = Place::default();
        let l = first.links("/corsi", &[("q", "rete"), ("x", "")], Some("40".into()));
        assert_eq!(l.previous, None);
        assert_eq!(l.next.as_deref(), Some("/corsi?q=rete&dopo=40&indietro=0"));
        let second: Place = serde_urlencoded::from_str("q=rete&dopo=40&indietro=0").unwrap();
        let l = second.links("/corsi", &[("q", "rete")], Some("20".into()));
        assert_eq!(l.previous.as_deref(), Some("/corsi?q=rete"));
        assert_eq!(
            l.next.as_deref(),
            Some("/corsi?q=rete&dopo=20&indietro=0%2C40")
        );
        let third: Place = serde_urlencoded::from_str("dopo=20&indietro=0,40").unwrap();
        let l = third.links("/corsi", &[], None);
        assert_eq!(l.previous.as_deref(), Some("/corsi?dopo=40&indietro=0"));
        assert_eq!(l.next, None);
        assert_eq!(third.here("/corsi", &[]), "/corsi?dopo=20&indietro=0%2C40");
        let odd: Place = serde_urlencoded::from_str("dopo=x&indietro=a,,1").unwrap();
        assert_eq!(odd.cursor(), None);
        assert_eq!(
            odd.links("/corsi", &[], None).previous.as_deref(),
            Some("/corsi?dopo=1")
        );
    }
}
