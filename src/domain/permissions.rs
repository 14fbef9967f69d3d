//! The per-area permission matrix of an operative user, exactly as the Leviahub manual lists it.
//!
//! Owns the areas, their valid levels, their defaults and the textual grammar `AREA=LEVEL`
//! (Italian keys, English aliases). It knows nothing of HTTP or storage: the server stores the
//! matrix as JSON and the CLI parses `--perm` with the same functions.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One area of the portal menu that a permission controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Aggiornamenti,
    Documenti,
    NewsTecniche,
    NewsCommerciali,
    Video,
    Faq,
    Corsi,
    Acquisti,
    Assistenza,
}

impl Area {
    pub const ALL: [Area; 9] = [
        Area::Aggiornamenti,
        Area::Documenti,
        Area::NewsTecniche,
        Area::NewsCommerciali,
        Area::Video,
        Area::Faq,
        Area::Corsi,
        Area::Acquisti,
        Area::Assistenza,
    ];

    /// The Italian key used in JSON, CSV headers and `--perm`.
    pub fn key(self) -> &'static str {
        match self {
            Area::Aggiornamenti => "aggiornamenti",
            Area::Documenti => "documenti",
            Area::NewsTecniche => "news-tecniche",
            Area::NewsCommerciali => "news-commerciali",
            Area::Video => "video",
            Area::Faq => "faq",
            Area::Corsi => "corsi",
            Area::Acquisti => "acquisti",
            Area::Assistenza => "assistenza",
        }
    }

    /// The English alias accepted on input.
    pub fn alias(self) -> &'static str {
        match self {
            Area::Aggiornamenti => "updates",
            Area::Documenti => "documents",
            Area::NewsTecniche => "tech-news",
            Area::NewsCommerciali => "sales-news",
            Area::Video => "videos",
            Area::Faq => "faq",
            Area::Corsi => "courses",
            Area::Acquisti => "purchases",
            Area::Assistenza => "support",
        }
    }

    /// The levels this area accepts, from least to most access.
    pub fn levels(self) -> &'static [Level] {
        use Level::{All, Detail, Download, Enrol, Off, On, Own, Read};
        match self {
            Area::Aggiornamenti => &[Off, Read, Download],
            Area::Documenti | Area::NewsTecniche | Area::NewsCommerciali | Area::Video => {
                &[Off, Read, Detail]
            }
            Area::Faq => &[Off, Read],
            Area::Corsi => &[Off, Read, Enrol],
            Area::Acquisti => &[Off, On],
            Area::Assistenza => &[Off, Read, Own, All],
        }
    }

    /// The manual's default for a new user.
    pub fn default_level(self) -> Level {
        match self {
            Area::Aggiornamenti | Area::Faq => Level::Read,
            Area::Documenti | Area::NewsTecniche | Area::NewsCommerciali | Area::Video => {
                Level::Detail
            }
            Area::Corsi => Level::Enrol,
            Area::Acquisti => Level::Off,
            Area::Assistenza => Level::Own,
        }
    }

    /// Parses an area name: Italian key or English alias, case-insensitive; `_` and `-` alike.
    pub fn parse(s: &str) -> Option<Area> {
        let norm = s.trim().to_ascii_lowercase().replace('_', "-");
        Area::ALL
            .into_iter()
            .find(|a| a.key() == norm || a.alias() == norm)
    }

    /// Human list of the valid levels, for error messages: `off|read|own|all`.
    pub fn levels_text(self) -> String {
        self.levels()
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A permission level. Which levels an area accepts is [`Area::levels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Off,
    Read,
    Download,
    Detail,
    Enrol,
    On,
    Own,
    All,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Read => "read",
            Level::Download => "download",
            Level::Detail => "detail",
            Level::Enrol => "enrol",
            Level::On => "on",
            Level::Own => "own",
            Level::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "off" => Level::Off,
            "read" => Level::Read,
            "download" => Level::Download,
            "detail" => Level::Detail,
            "enrol" | "enroll" => Level::Enrol,
            "on" => Level::On,
            "own" => Level::Own,
            "all" => Level::All,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a permission setting was refused; the message names the valid choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PermissionError {
    #[error(
        "unknown permission area `{0}`; valid areas: aggiornamenti, documenti, news-tecniche, news-commerciali, video, faq, corsi, acquisti, assistenza (or updates, documents, tech-news, sales-news, videos, courses, purchases, support)"
    )]
    UnknownArea(String),
    #[error("invalid level `{level}` for `{area}`; valid levels: {valid}")]
    InvalidLevel {
        area: Area,
        level: String,
        valid: String,
    },
    #[error("expected AREA=LEVEL (for example assistenza=all), got `{0}`")]
    Syntax(String),
}

/// The complete matrix: every area has exactly one valid level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions {
    levels: BTreeMap<Area, Level>,
}

impl Default for Permissions {
    fn default() -> Self {
        Permissions {
            levels: Area::ALL
                .into_iter()
                .map(|a| (a, a.default_level()))
                .collect(),
        }
    }
}

impl Permissions {
    pub fn get(&self, area: Area) -> Level {
        self.levels
            .get(&area)
            .copied()
            .unwrap_or(area.default_level())
    }

    /// Sets one area, refusing a level the area does not accept.
    pub fn set(&mut self, area: Area, level: Level) -> Result<(), PermissionError> {
        if !area.levels().contains(&level) {
            return Err(PermissionError::InvalidLevel {
                area,
                level: level.as_str().to_owned(),
                valid: area.levels_text(),
            });
        }
        self.levels.insert(area, level);
        Ok(())
    }

    /// Sets one area from text, e.g. (`support`, `all`).
    pub fn set_text(&mut self, area: &str, level: &str) -> Result<Area, PermissionError> {
        let a = Area::parse(area).ok_or_else(|| PermissionError::UnknownArea(area.to_owned()))?;
        let l = Level::parse(level).ok_or_else(|| PermissionError::InvalidLevel {
            area: a,
            level: level.to_owned(),
            valid: a.levels_text(),
        })?;
        self.set(a, l)?;
        Ok(a)
    }

    /// Applies a partial map of `area → level` text over this matrix.
    pub fn apply_map<'a>(
        &mut self,
        map: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), PermissionError> {
        for (a, l) in map {
            self.set_text(a, l)?;
        }
        Ok(())
    }

    /// Like [`Permissions::apply_map`], for the API: keys exactly as documented (Italian key or
    /// English alias, lowercase) and levels exactly as documented, nothing normalised.
    pub fn apply_map_exact<'a>(
        &mut self,
        map: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), PermissionError> {
        for (a, l) in map {
            let area = Area::ALL
                .into_iter()
                .find(|x| x.key() == a || x.alias() == a)
                .ok_or_else(|| PermissionError::UnknownArea(a.to_owned()))?;
            let level = area
                .levels()
                .iter()
                .copied()
                .find(|x| x.as_str() == l)
                .ok_or_else(|| PermissionError::InvalidLevel {
                    area,
                    level: l.to_owned(),
                    valid: area.levels_text(),
                })?;
            self.set(area, level)?;
        }
        Ok(())
    }

    /// Parses one `AREA=LEVEL` setting.
    pub fn parse_setting(s: &str) -> Result<(Area, Level), PermissionError> {
        let (a, l) = s
            .split_once('=')
            .ok_or_else(|| PermissionError::Syntax(s.to_owned()))?;
        let mut probe = Permissions::default();
        let area = probe.set_text(a, l)?;
        Ok((area, probe.get(area)))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Area, Level)> + '_ {
        Area::ALL.into_iter().map(|a| (a, self.get(a)))
    }

    /// The map with Italian keys, as JSON and CSV show it.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter()
            .map(|(a, l)| (a.key().to_owned(), l.as_str().to_owned()))
            .collect()
    }

    /// Ticket visibility granted by `assistenza`.
    pub fn support(&self) -> Level {
        self.get(Area::Assistenza)
    }
}

impl Serialize for Permissions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(Area::ALL.len()))?;
        for (a, l) in self.iter() {
            m.serialize_entry(a.key(), l.as_str())?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Permissions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(d)?;
        let mut p = Permissions::default();
        p.apply_map(raw.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(serde::de::Error::custom)?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_manual() {
        let p = Permissions::default();
        assert_eq!(p.get(Area::Aggiornamenti), Level::Read);
        assert_eq!(p.get(Area::Documenti), Level::Detail);
        assert_eq!(p.get(Area::Faq), Level::Read);
        assert_eq!(p.get(Area::Corsi), Level::Enrol);
        assert_eq!(p.get(Area::Acquisti), Level::Off);
        assert_eq!(p.get(Area::Assistenza), Level::Own);
    }

    #[test]
    fn aliases_and_case_are_accepted() {
        assert_eq!(
            Permissions::parse_setting("Support=ALL").unwrap(),
            (Area::Assistenza, Level::All)
        );
        assert_eq!(
            Permissions::parse_setting("tech_news=read").unwrap(),
            (Area::NewsTecniche, Level::Read)
        );
    }

    #[test]
    fn bad_settings_name_the_valid_choices() {
        let e = Permissions::parse_setting("assistenza=download").unwrap_err();
        assert!(e.to_string().contains("off|read|own|all"), "{e}");
        let e = Permissions::parse_setting("colori=on").unwrap_err();
        assert!(e.to_string().contains("valid areas"), "{e}");
        assert!(matches!(
            Permissions::parse_setting("assistenza"),
            Err(PermissionError::Syntax(_))
        ));
    }

    #[test]
    fn json_round_trip_with_partial_input() {
        let p: Permissions = serde_json::from_str(r#"{"assistenza":"all"}"#).unwrap();
        assert_eq!(p.support(), Level::All);
        assert_eq!(p.get(Area::Corsi), Level::Enrol);
        let back: Permissions = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(p, back);
        assert!(serde_json::from_str::<Permissions>(r#"{"faq":"detail"}"#).is_err());
    }
}
