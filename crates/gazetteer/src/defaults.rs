//! The default gazetteers and word lists, embedded in the binary so that newsgraph runs from
//! anywhere; the files themselves live in the repository's `gazetteers/` folder.

use std::collections::HashSet;

/// The default gazetteer files: (file name, contents).
pub const FILES: &[(&str, &str)] = &[
    (
        "countries.gaz",
        include_str!("../../../gazetteers/countries.gaz"),
    ),
    ("cities.gaz", include_str!("../../../gazetteers/cities.gaz")),
    (
        "regions.gaz",
        include_str!("../../../gazetteers/regions.gaz"),
    ),
    (
        "organizations.gaz",
        include_str!("../../../gazetteers/organizations.gaz"),
    ),
    ("people.gaz", include_str!("../../../gazetteers/people.gaz")),
    ("events.gaz", include_str!("../../../gazetteers/events.gaz")),
];

const COMMON_WORDS: &str = include_str!("../../../gazetteers/common-words.txt");

/// The common English words (lowercase), from `gazetteers/common-words.txt`.
pub fn common_words() -> HashSet<String> {
    word_lines(COMMON_WORDS).map(str::to_string).collect()
}

/// The words of a word list: trimmed lines that are neither blank nor `#` comments.
pub fn word_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
