//! Free-text search as accountants type it ("Ricerca libera"): Italian word forms and partial
//! words, the same on every backend.
//!
//! Text is indexed as *terms*: each word lower-cased with its accents folded, and next to it
//! its Italian stem (Snowball), so `Fatture scartate` is indexed as `fatture fattur scartate
//! scart`. A query word matches a term that equals its stem — `fattura` finds `fatture` (both
//! `fattur`), `scarto` finds `scartata` — or that starts with the word as typed when it has
//! three letters or more, or ends in `*`: `fattur`, `scart` and `magaz` find `fatture`,
//! `scartata` and `magazzino`. The stem is never a prefix: `fatto` does not find `fattura`.
//! Every query word must match (AND).
//!
//! Both store backends index [`terms`] and ask [`query`]: SQLite's FTS5 and PostgreSQL's
//! `tsvector` see the same tokens, so they find the same tickets. Nothing here knows SQL.

use std::sync::OnceLock;

/// Words shorter than this match whole (`IVA` finds `IVA`, `ivato` too only as `iva*`).
pub const PREFIX_FROM: usize = 3;

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static S: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    S.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Italian))
}

/// A letter without its accent (Latin letters; others are kept as they are).
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

fn fold(word: &str) -> String {
    word.chars().map(fold_char).collect()
}

/// The words of `text`: runs of letters and digits, lower-cased (accents still on: the
/// stemmer needs them).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The stem of a lower-cased word, accents folded.
fn stem(word: &str) -> String {
    fold(&stemmer().stem(word))
}

/// What a text is indexed as: for each word its folded form and, when different, its stem,
/// separated by spaces.
pub fn terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for w in words(text) {
        let folded = fold(&w);
        let s = stem(&w);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
        if s != folded && !s.is_empty() {
            out.push(' ');
            out.push_str(&s);
        }
    }
    out
}

/// One form a query word matches: a term equal to `text`, or starting with it (`prefix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub text: String,
    pub prefix: bool,
}

/// One word of a query: it matches when any of its forms does — the word as typed (folded;
/// a prefix from three letters or with `*`) and its stem (whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub forms: Vec<Form>,
}

/// The words of a query (every one must match). Punctuation separates words, as in the
/// index: `fattura-2024` is `fattura` and `2024`. Empty when nothing searchable is in it.
pub fn query(text: &str) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    for raw in text.split_whitespace() {
        let star = raw.ends_with('*');
        for w in words(raw) {
            let folded = fold(&w);
            let s = stem(&w);
            let mut forms = vec![Form {
                prefix: star || folded.chars().count() >= PREFIX_FROM,
                text: folded.clone(),
            }];
            if s != folded && !s.is_empty() {
                forms.push(Form {
                    text: s,
                    prefix: false,
                });
            }
            let q = QueryWord { forms };
            if !out.contains(&q) {
                out.push(q);
            }
        }
    }
    out
}

/// Words too common to tell one text from another (Italian and English), left out of
/// [`keywords`].
const COMMON: &[&str] = &[
    "alla", "alle", "allo", "anche", "ancora", "come", "con", "cosa", "dalla", "dalle", "degli",
    "della", "delle", "dello", "dopo", "ecco", "essere", "fare", "grazie", "hanno", "il", "mio",
    "nella", "nelle", "nello", "non", "nostro", "ogni", "perché", "perche", "però", "poi",
    "quando", "quella", "quelle", "quello", "questa", "queste", "questo", "sono", "stato", "stata",
    "stati", "sulla", "tutti", "tutto", "una", "uno", "vostro", "about", "after", "also", "been",
    "from", "have", "into", "just", "more", "please", "some", "that", "than", "thanks", "their",
    "them", "then", "there", "these", "they", "this", "what", "when", "which", "with", "would",
    "your",
];

/// The words of a free text that tell what it is about — at least four letters, not a common
/// word, one per stem, in order of appearance, at most `max`: what suggestions search for,
/// one word at a time (a ticket's description rarely matches every word of anything).
pub fn keywords(text: &str, max: usize) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    for w in words(text) {
        if out.len() >= max {
            break;
        }
        let folded = fold(&w);
        if folded.chars().count() < 4
            || folded.chars().all(|c| c.is_ascii_digit())
            || COMMON.contains(&w.as_str())
            || COMMON.contains(&folded.as_str())
        {
            continue;
        }
        let s = stem(&w);
        if stems.contains(&s) {
            continue;
        }
        stems.push(s.clone());
        let mut forms = vec![Form {
            prefix: true,
            text: folded.clone(),
        }];
        if s != folded && !s.is_empty() {
            forms.push(Form {
                text: s,
                prefix: false,
            });
        }
        out.push(QueryWord { forms });
    }
    out
}

/// Whether indexed `terms` match every word of `q`: the rule both backends implement,
/// stated once in Rust for the tests below (the stores run it as FTS5, tsquery and LIKE).
#[cfg(test)]
fn matches(terms: &str, q: &[QueryWord]) -> bool {
    let have: Vec<&str> = terms.split(' ').collect();
    q.iter().all(|w| {
        w.forms.iter().any(|f| {
            have.iter().any(|t| {
                if f.prefix {
                    t.starts_with(f.text.as_str())
                } else {
                    *t == f.text
                }
            })
        })
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn keywords_are_the_telling_words_once_each() {
        let k = keywords(
            "La fattura elettronica è stata scartata: le fatture scartate non hanno codice 00305",
            5,
        );
        let first: Vec<&str> = k.iter().map(|w| w.forms[0].text.as_str()).collect();
        assert_eq!(first, ["fattura", "elettronica", "scartata", "codice"]);
        assert!(keywords("a di da il la 1234 non", 5).is_empty());
        assert_eq!(keywords("uno due tre quattro cinque sei sette", 2).len(), 2);
    }
    use super::*;

    fn finds(text: &str, q: &str) -> bool {
        matches(&terms(text), &query(q))
    }

    #[test]
    fn italian_forms_and_partial_words_match() {
        let subject = "Fatture scartate dal SDI";
        for q in [
            "fattura", "fatture", "FATTURA", "fattur", "scarto", "scart", "scartata", "sdi",
            "fatt*",
        ] {
            assert!(finds(subject, q), "{q:?} should find {subject:?}");
        }
        for q in ["fatturato2", "scontrino", "fa", "d", "fatto"] {
            assert!(!finds(subject, q), "{q:?} should not find {subject:?}");
        }
        assert!(finds("Registro IVA di dicembre", "iva dicembre"));
        assert!(!finds("Registro IVA di dicembre", "iva gennaio"));
        // Accents fold both ways.
        assert!(finds("La città di Forlì", "citta forli"));
        assert!(finds("Perche non stampa", "perché"));
        // Punctuation splits words the same way in the text and in the query.
        assert!(finds("Errore fattura-2024/118", "fattura-2024"));
        assert!(finds("Errore C++ nel modulo", "c++"));
    }

    #[test]
    fn short_words_match_whole_unless_starred() {
        assert!(finds("Modulo F24", "f24"));
        assert!(!finds("Modulo F24", "f2"));
        assert!(finds("Modulo F24", "f2*"));
    }

    #[test]
    fn nothing_searchable_is_no_word() {
        assert!(query("\" ( ) *").is_empty());
        assert!(query("   ").is_empty());
    }
}
