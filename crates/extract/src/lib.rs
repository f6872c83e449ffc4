//! Tagging and relation extraction for newsgraph.
//!
//! An [`Extractor`] holds the gazetteer's compiled matcher and the rules, built once and
//! reused for every text: [`Extractor::extract`] finds the mentions (linked to gazetteer ids,
//! ambiguous ones with their candidates, unknown names as candidates) and the typed relations
//! between them, with modality, date and the sentence that states each.
//!
//! ```
//! use newsgraph_extract::Extractor;
//! use newsgraph_gazetteer::{Format, GazetteerBuilder};
//! use newsgraph_extract::Rules;
//! let gaz = GazetteerBuilder::new()
//!     .defaults(false)
//!     .text("people.gaz", concat!(
//!         r#"{"id": "joe-biden", "type": "person", "name": "Joe Biden"}"#, "\n",
//!         r#"{"id": "vladimir-putin", "type": "person", "name": "Vladimir Putin"}"#,
//!     ), Format::Gaz)
//!     .build()
//!     .unwrap();
//! let x = Extractor::new(gaz, Rules::load(&[]).unwrap());
//! let out = x.extract("Joe Biden will meet Vladimir Putin in Geneva.", None);
//! assert_eq!(out.mentions.len(), 2);
//! let met = &out.relations[0];
//! assert_eq!((met.subject.as_str(), met.object.as_str()), ("joe-biden", "vladimir-putin"));
//! assert_eq!(met.modality, newsgraph_model::Modality::Planned);
//! ```

mod doc;
mod names;
mod offsets;
mod positional;
mod relations;
mod roles;
pub mod rules;
pub mod sentences;
mod tagger;
pub mod tokens;
mod when;

#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use newsgraph_gazetteer::{Gazetteer, Matcher};
use newsgraph_model::Extraction;

pub use rules::Rules;

/// The tagger and relation rules, compiled once.
pub struct Extractor {
    gaz: Gazetteer,
    matcher: Matcher,
    rules: Rules,
    offices: HashMap<(String, String), Vec<usize>>,
    given_names: rustc_hash::FxHashSet<String>,
    surname_counts: HashMap<String, usize>,
    title_and_date_words: rustc_hash::FxHashSet<String>,
    words: relations::WordIndex,
}

impl Extractor {
    /// Compiles the gazetteer's automaton and indexes the rules.
    pub fn new(gaz: Gazetteer, rules: Rules) -> Self {
        let matcher = Matcher::new(&gaz);
        let offices = tagger::office_index(&gaz);
        let given_names = tagger::given_names(&gaz);
        let surname_counts = tagger::surname_counts(&gaz);
        let title_and_date_words = tagger::title_and_date_words(&rules);
        let words = relations::word_index(&rules);
        Self {
            gaz,
            matcher,
            rules,
            offices,
            given_names,
            surname_counts,
            title_and_date_words,
            words,
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Mentions only: entities, mentions and sentences, no relations.
    pub fn tag(&self, text: &str, published: Option<NaiveDate>) -> Extraction {
        let mut folds = tokens::Folds::default();
        let mut d = doc::Doc::new(text, &mut folds, published);
        self.tagger().tag(&mut d);
        d.into_extraction(Vec::new())
    }

    /// Mentions and relations.
    pub fn extract(&self, text: &str, published: Option<NaiveDate>) -> Extraction {
        let mut folds = tokens::Folds::default();
        let mut d = doc::Doc::new(text, &mut folds, published);
        let tagger = self.tagger();
        tagger.tag(&mut d);
        let rel = relations::Extractor {
            tagger: &tagger,
            rules: &self.rules,
            gaz: &self.gaz,
            offices: &self.offices,
            words: &self.words,
        };
        let rels = rel.relations(&mut d);
        d.into_extraction(rels)
    }

    fn tagger(&self) -> tagger::Tagger<'_> {
        tagger::Tagger {
            gaz: &self.gaz,
            matcher: &self.matcher,
            rules: &self.rules,
            given_names: &self.given_names,
            surname_counts: &self.surname_counts,
            title_and_date_words: &self.title_and_date_words,
        }
    }
}
