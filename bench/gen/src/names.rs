//! Every name the default gazetteers give the matcher: names, aliases, acronyms, demonyms and
//! the surnames of people (which newsgraph's matcher adds by itself), so that the other
//! taggers in the comparison look for exactly the same strings.

use newsgraph_gazetteer::{surname_of, Gazetteer};
use newsgraph_model::EntityType;

/// One name and the entity it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub id: String,
    /// The entity type's name (`person`, `country`, ...).
    pub kind: String,
}

/// Every name of every entity, in gazetteer order, duplicates (same text, same id) removed.
pub fn all(gaz: &Gazetteer) -> Vec<Name> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in gaz.entities() {
        let mut names: Vec<&str> = std::iter::once(e.name.as_str())
            .chain(e.aliases.iter().map(String::as_str))
            .chain(e.acronyms.iter().map(String::as_str))
            .chain(e.demonyms.iter().map(String::as_str))
            .collect();
        let surname = e
            .kind
            .is(EntityType::PERSON)
            .then(|| surname_of(e))
            .flatten();
        if let Some(s) = &surname {
            names.push(s);
        }
        for n in names {
            let n = n.trim();
            if !n.is_empty() && seen.insert((n.to_string(), e.id.clone())) {
                out.push(Name {
                    text: n.to_string(),
                    id: e.id.clone(),
                    kind: e.kind.to_string(),
                });
            }
        }
    }
    out
}
