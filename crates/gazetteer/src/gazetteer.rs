//! A loaded, validated set of gazetteers.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use newsgraph_model::{Entity, EntityType};

use crate::defaults;
use crate::error::{Error, Result};
use crate::load::{parse_gaz, parse_spacy, spacy_entities, Loaded, SpacyLine};
use crate::normalize::fold_str;

/// The file formats a gazetteer can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// newsgraph's own JSON Lines, one entity a line (`.gaz`).
    Gaz,
    /// spaCy EntityRuler/SpanRuler phrase patterns (`.jsonl`).
    Spacy,
}

impl Format {
    /// The format a file name's extension says, if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "gaz" => Some(Format::Gaz),
            "jsonl" => Some(Format::Spacy),
            _ => None,
        }
    }
}

/// Collects gazetteer sources; [`GazetteerBuilder::build`] reads and validates them all or
/// fails with the file and line of the first problem.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    defaults: bool,
    extra_words: Vec<String>,
    sources: Vec<(String, String, Format)>,
}

impl GazetteerBuilder {
    /// A builder that includes the default gazetteers.
    pub fn new() -> Self {
        Self {
            defaults: true,
            extra_words: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Adds common English words (one a line, lowercase) to those shipped in
    /// `gazetteers/common-words.txt`.
    pub fn common_words(mut self, words: &str) -> Self {
        self.extra_words
            .extend(defaults::word_lines(words).map(str::to_string));
        self
    }

    /// Whether to load the default gazetteers shipped with newsgraph.
    pub fn defaults(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Adds a gazetteer file, or every `.gaz` and `.jsonl` file below a directory.
    ///
    /// # Errors
    /// The file cannot be read, or its extension names no known format.
    pub fn path(mut self, path: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            let mut files = Vec::new();
            collect_files(path, &mut files).map_err(io)?;
            files.sort();
            for f in files {
                self = self.path(&f)?;
            }
            return Ok(self);
        }
        let format = Format::of_path(path).ok_or_else(|| Error::UnknownFormat {
            path: path.to_path_buf(),
        })?;
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
            ))
        })?;
        self.sources
            .push((path.display().to_string(), text, format));
        Ok(self)
    }

    /// Adds gazetteer text under a name used in error messages.
    pub fn text(mut self, name: &str, text: &str, format: Format) -> Self {
        self.sources
            .push((name.to_string(), text.to_string(), format));
        self
    }

    /// Reads everything, checks ids are unique, and returns the gazetteer.
    ///
    /// # Errors
    /// The first malformed line, unknown type, duplicate id or alias that can never match.
    pub fn build(self) -> Result<Gazetteer> {
        let mut loaded: Vec<Loaded> = Vec::new();
        let mut spacy: Vec<Vec<SpacyLine>> = Vec::new();
        let defaults = if self.defaults { defaults::FILES } else { &[] };
        let sources = defaults
            .iter()
            .map(|(n, t)| (format!("gazetteers/{n}"), *t, Format::Gaz))
            .chain(
                self.sources
                    .iter()
                    .map(|(n, t, f)| (n.clone(), t.as_str(), *f)),
            );
        for (name, text, format) in sources {
            match format {
                Format::Gaz => loaded.extend(parse_gaz(&name, text)?),
                Format::Spacy => spacy.push(parse_spacy(&name, text)?),
            }
        }
        let mut by_id: HashMap<String, Loaded> = HashMap::with_capacity(loaded.len());
        let mut order = Vec::with_capacity(loaded.len());
        for l in loaded {
            insert(&mut by_id, &mut order, l)?;
        }
        if !spacy.is_empty() {
            let cities: HashSet<String> = by_id
                .values()
                .filter(|l| l.entity.kind.is(EntityType::CITY))
                .flat_map(|l| std::iter::once(&l.entity.name).chain(&l.entity.aliases))
                .map(|n| fold_str(n, true))
                .collect();
            let is_city = |name: &str| cities.contains(&fold_str(name, true));
            for lines in spacy {
                for l in spacy_entities(lines, &is_city, &mut by_id)? {
                    insert(&mut by_id, &mut order, l)?;
                }
            }
        }
        let entities: Vec<Entity> = order
            .into_iter()
            .filter_map(|id| by_id.remove(&id).map(|l| l.entity))
            .collect();
        let mut g = Gazetteer::from_entities(entities);
        g.common_words.extend(self.extra_words);
        Ok(g)
    }
}

fn insert(by_id: &mut HashMap<String, Loaded>, order: &mut Vec<String>, l: Loaded) -> Result<()> {
    if let Some(first) = by_id.get(&l.entity.id) {
        return Err(Error::DuplicateId {
            at: l.at,
            id: l.entity.id,
            first: first.at.clone(),
        });
    }
    order.push(l.entity.id.clone());
    by_id.insert(l.entity.id.clone(), l);
    Ok(())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if Format::of_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// Validated entities with an index by id, and the common English words that a name alone
/// must not be taken for.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    index: HashMap<String, usize>,
    common_words: HashSet<String>,
}

impl Gazetteer {
    /// A gazetteer of the given entities (assumed valid and unique).
    pub fn from_entities(entities: Vec<Entity>) -> Self {
        let index = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Self {
            entities,
            index,
            common_words: defaults::common_words(),
        }
    }

    /// Every entity, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.index.get(id).map(|&i| &self.entities[i])
    }

    /// The position of an entity in [`Gazetteer::entities`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Whether a lowercase word is ordinary English (`may`, `brown`, `turkey`).
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(word)
    }

    /// The offices an entity held on a date (all of them when `date` is None).
    pub fn offices_on<'a>(
        &'a self,
        entity: &'a Entity,
        date: Option<chrono::NaiveDate>,
    ) -> impl Iterator<Item = &'a newsgraph_model::Office> + 'a {
        entity
            .offices
            .iter()
            .filter(move |o| date.is_none_or(|d| o.period().contains(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(name: &str, text: &str, format: Format) -> Result<Gazetteer> {
        GazetteerBuilder::new()
            .defaults(false)
            .text(name, text, format)
            .build()
    }

    #[test]
    fn errors_name_file_and_line() {
        let ok = r#"{"id": "nato", "type": "organization", "name": "NATO"}"#;
        let cases = [
            ("malformed json", format!("{ok}\n\n{{\"id\": \"x\""), "g.gaz:3: "),
            ("unknown field", r#"{"id": "x", "type": "person", "name": "X", "nmae": "Y"}"#.to_string(), "g.gaz:1: unknown field `nmae`"),
            ("unknown type", r#"{"id": "x", "type": "Head of State", "name": "X"}"#.to_string(), "g.gaz:1: unknown type \"Head of State\""),
            ("bad id", r#"{"id": "Joe Biden", "type": "person", "name": "X"}"#.to_string(), "g.gaz:1: id \"Joe Biden\" is not a lowercase ASCII slug"),
            ("duplicate id", format!("# comment\n{ok}\n{ok}"), "g.gaz:3: duplicate id \"nato\", first defined at g.gaz:2"),
            ("empty alias", r#"{"id": "x", "type": "person", "name": "X", "aliases": [""]}"#.to_string(), "g.gaz:1: alias \"\" can never match: it is empty"),
            ("punctuation alias", r#"{"id": "x", "type": "person", "name": "X", "aliases": ["--"]}"#.to_string(), "g.gaz:1: alias \"--\" can never match: it has no letter or digit"),
            ("lowercase acronym", r#"{"id": "x", "type": "organization", "name": "X", "acronyms": ["us"]}"#.to_string(), "g.gaz:1: alias \"us\" can never match"),
            ("bad date", r#"{"id": "x", "type": "person", "name": "X", "offices": [{"role": "President", "start": "June 2021"}]}"#.to_string(), "g.gaz:1: date \"June 2021\""),
        ];
        for (name, text, want) in cases {
            let err = build("g.gaz", &text, Format::Gaz).unwrap_err().to_string();
            assert!(err.starts_with(want), "{name}: {err}");
        }
    }

    #[test]
    fn nothing_is_half_loaded() {
        let text = "{\"id\": \"a\", \"type\": \"person\", \"name\": \"A B\"}\nnot json\n";
        assert!(build("g.gaz", text, Format::Gaz).is_err());
    }

    #[test]
    fn malformed_file_on_disk_names_its_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.gaz");
        std::fs::write(
            &path,
            "{\"id\": \"a\", \"type\": \"person\", \"name\": \"A B\"}\n{oops}\n",
        )
        .unwrap();
        let err = GazetteerBuilder::new()
            .defaults(false)
            .path(&path)
            .and_then(GazetteerBuilder::build)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err.split(": ").next().unwrap(),
            format!("{}:2", path.display())
        );
        let other = dir.path().join("mine.csv");
        std::fs::write(&other, "x").unwrap();
        assert!(matches!(
            GazetteerBuilder::new().path(&other),
            Err(Error::UnknownFormat { .. })
        ));
    }

    #[test]
    fn spacy_patterns() {
        let places = r#"{"id": "paris", "type": "city", "name": "Paris"}"#;
        let patterns = concat!(
            r#"{"label": "PERSON", "pattern": "Amal Clooney", "id": "amal-clooney"}"#,
            "\n",
            r#"{"label": "PER", "pattern": "A. Clooney", "id": "amal-clooney"}"#,
            "\n",
            r#"{"label": "ORG", "pattern": "Amnesty International"}"#,
            "\n",
            r#"{"label": "GPE", "pattern": "Paris"}"#,
            "\n",
            r#"{"label": "GPE", "pattern": "Ruritania"}"#,
            "\n",
            r#"{"label": "LOC", "pattern": "Danube"}"#,
            "\n",
            r#"{"label": "EVENT", "pattern": "Brexit"}"#,
            "\n",
            r#"{"label": "NORP", "pattern": "Ruritanian", "id": "ruritania"}"#,
            "\n",
            r#"{"label": "MISC", "pattern": "Eurovision"}"#,
            "\n",
        );
        let g = GazetteerBuilder::new()
            .defaults(false)
            .text("places.gaz", places, Format::Gaz)
            .text("p.jsonl", patterns, Format::Spacy)
            .build();
        // `Paris` the GPE is a known city, so it collides with the city's id.
        assert!(matches!(g, Err(Error::DuplicateId { .. })));
        let g = GazetteerBuilder::new()
            .defaults(false)
            .text(
                "places.gaz",
                &places.replace("\"paris\"", "\"paris-france\""),
                Format::Gaz,
            )
            .text("p.jsonl", patterns, Format::Spacy)
            .build()
            .unwrap();
        let kind = |id: &str| g.get(id).map(|e| e.kind.0.clone());
        let cases = [
            ("amal-clooney", "person"),
            ("amnesty-international", "organization"),
            ("paris", "city"),
            ("ruritania", "country"),
            ("danube", "location"),
            ("brexit", "event"),
            ("eurovision", "misc"),
        ];
        for (id, want) in cases {
            assert_eq!(kind(id).as_deref(), Some(want), "{id}");
        }
        assert_eq!(g.get("amal-clooney").unwrap().aliases, vec!["A. Clooney"]);
        assert_eq!(g.get("ruritania").unwrap().demonyms, vec!["Ruritanian"]);
    }

    #[test]
    fn spacy_token_patterns_are_refused_with_their_line() {
        let text = "{\"label\": \"ORG\", \"pattern\": \"X Y\"}\n{\"label\": \"ORG\", \"pattern\": [{\"LOWER\": \"x\"}]}\n";
        let err = build("p.jsonl", text, Format::Spacy)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("p.jsonl:2: token patterns"), "{err}");
    }

    #[test]
    fn defaults_load_and_are_large() {
        let g = GazetteerBuilder::new().build().unwrap();
        let count = |t: &str| g.entities().iter().filter(|e| e.kind.is(t)).count();
        assert!(count("country") >= 249);
        assert!(count("person") >= 3000);
        assert!(count("organization") >= 300);
        assert!(g.is_common_word("may"));
        for id in [
            "joe-biden",
            "nato",
            "united-states",
            "greens-efa",
            "ican",
            "brussels",
        ] {
            assert!(g.get(id).is_some(), "{id}");
        }
    }
}
