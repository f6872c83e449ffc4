use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::EntityId;

/// An entity type: a lowercase word. The built-in ones have constants; users may add their own
/// (`treaty`, `party`), as spaCy users define labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityType(pub String);

impl EntityType {
    pub const PERSON: &'static str = "person";
    pub const COUNTRY: &'static str = "country";
    pub const CITY: &'static str = "city";
    pub const REGION: &'static str = "region";
    pub const ORGANIZATION: &'static str = "organization";
    pub const SUMMIT: &'static str = "summit";
    pub const LOCATION: &'static str = "location";
    pub const EVENT: &'static str = "event";

    /// Wraps a type name; see [`EntityType::is_valid`].
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A type name is one lowercase ASCII word (letters, digits, `_`), starting with a letter.
    pub fn is_valid(s: &str) -> bool {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    pub fn is(&self, name: &str) -> bool {
        self.0 == name
    }

    /// Places: what a trip can go to and a meeting can be located in.
    pub fn is_place(&self) -> bool {
        matches!(
            self.0.as_str(),
            Self::COUNTRY | Self::CITY | Self::REGION | Self::LOCATION
        )
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An office held over a period: `President` of `united-states` from 2021-01-20.
/// Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; an open end means still in office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<EntityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Office {
    /// The days the office was held.
    pub fn period(&self) -> crate::Period {
        crate::Period::new(self.start.as_deref(), self.end.as_deref())
    }
}

/// Membership of an organisation, optionally dated (`{"of": "nato", "start": "1949"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub of: EntityId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Membership {
    /// The days of the membership.
    pub fn period(&self) -> crate::Period {
        crate::Period::new(self.start.as_deref(), self.end.as_deref())
    }
}

/// A person, place, organisation, summit or anything else a gazetteer names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    /// Other names, matched in any case when long enough (see the gazetteer README).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Acronyms and codes, matched only in their own case (`NATO`, `U.S.`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acronyms: Vec<String>,
    /// Adjectival forms (`Belgian`), found as demonym mentions of the entity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demonyms: Vec<String>,
    /// The short form a person is called by alone (`Erdoğan`, `Xi`); derived from the name
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The country a person, city or organisation belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<EntityId>,
    /// The capital city of a country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<EntityId>,
    /// Population, a prior for ambiguous place names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offices: Vec<Office>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_of: Vec<Membership>,
    /// For summits: the organisations or countries that hold it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizers: Vec<EntityId>,
    /// For summits: the month it was held (`2021-06`) when a document dates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Seen in a document but not in any gazetteer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
}

impl Entity {
    /// A bare entity with no aliases or attributes.
    pub fn new(id: impl Into<String>, kind: &str, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind: EntityType::new(kind),
            name: name.into(),
            aliases: Vec::new(),
            acronyms: Vec::new(),
            demonyms: Vec::new(),
            surname: None,
            wikidata: None,
            country: None,
            capital: None,
            population: None,
            offices: Vec::new(),
            member_of: Vec::new(),
            organizers: Vec::new(),
            date: None,
            candidate: false,
        }
    }
}

/// The id convention: the lowercase ASCII slug of a name (`Recep Tayyip Erdoğan` →
/// `recep-tayyip-erdogan`, `S&D` → `s-d`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'ø' | 'Ø' => 'o',
            'ł' | 'Ł' => 'l',
            'đ' | 'Đ' => 'd',
            'ß' => 's',
            'æ' | 'Æ' => 'a',
            'ı' => 'i',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Joe Biden", "joe-biden"),
            ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
            ("S&D", "s-d"),
            ("  Greens/EFA ", "greens-efa"),
            ("Radosław Sikorski", "radoslaw-sikorski"),
            ("Jonas Gahr Støre", "jonas-gahr-store"),
            ("", ""),
        ];
        for (name, want) in cases {
            assert_eq!(slug(name), want, "{name}");
        }
    }

    #[test]
    fn entity_types() {
        for (s, ok) in [
            ("person", true),
            ("treaty", true),
            ("Person", false),
            ("", false),
            ("a b", false),
            ("x2_y", true),
        ] {
            assert_eq!(EntityType::is_valid(s), ok, "{s}");
        }
    }
}
