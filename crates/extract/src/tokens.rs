//! A light token layer: words and punctuation with byte spans and folded forms.

use compact_str::CompactString;
use newsgraph_gazetteer::normalize::{fold_str, is_word_char};

/// One token of a sentence.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lowercase, diacritic-free, apostrophes and dashes made plain (inline when short).
    pub lower: CompactString,
    pub is_word: bool,
    /// Starts with a capital letter.
    pub capitalized: bool,
}

/// Splits text into tokens: runs of word characters (with inner hyphens, apostrophes and
/// periods of abbreviations kept: `co-leader`, `U.S.`), the possessive `'s` on its own, and
/// single punctuation characters. White space is dropped.
pub fn tokenize(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, is_word: bool| {
        let slice = &text[s..e];
        out.push(Token {
            start: base + s,
            end: base + e,
            lower: if slice.is_ascii() && !slice.contains('`') {
                if slice.bytes().any(|b| b.is_ascii_uppercase()) {
                    slice
                        .bytes()
                        .map(|b| b.to_ascii_lowercase() as char)
                        .collect()
                } else {
                    CompactString::from(slice)
                }
            } else {
                CompactString::from(fold_str(slice, true))
            },
            is_word,
            capitalized: slice.chars().next().is_some_and(char::is_uppercase),
        });
    };
    while i < chars.len() {
        let (s, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            // The possessive: an apostrophe and `s` at the end of a word.
            let apostrophe = matches!(c, '\'' | '’' | '`');
            if apostrophe && i > 0 && is_word_char(chars[i - 1].1) {
                if let Some(&(_, n)) = chars.get(i + 1) {
                    let after = chars.get(i + 2).map(|x| x.1);
                    if (n == 's' || n == 'S') && after.is_none_or(|a| !is_word_char(a)) {
                        let e = chars.get(i + 2).map_or(text.len(), |x| x.0);
                        push(&mut out, s, e, true);
                        i += 2;
                        continue;
                    }
                }
            }
            let e = s + c.len_utf8();
            push(&mut out, s, e, false);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let d = chars[j].1;
            if is_word_char(d) {
                j += 1;
                continue;
            }
            // Inner hyphen or apostrophe between word characters; a period inside an
            // acronym (U.S.).
            let next_is_word = chars.get(j + 1).is_some_and(|x| is_word_char(x.1));
            let joins =
                matches!(d, '-' | '‐' | '\'' | '’') && next_is_word && !is_possessive(&chars, j)
                    || d == '.' && next_is_word && j - i == 1 && chars[i].1.is_uppercase();
            if joins {
                j += 1;
            } else {
                break;
            }
        }
        // Keep the final period of a dotted acronym (U.S.).
        if j < chars.len()
            && chars[j].1 == '.'
            && text[s..chars[j].0].contains('.')
            && text[s..chars[j].0]
                .chars()
                .all(|c| c == '.' || c.is_uppercase())
        {
            j += 1;
        }
        let e = chars.get(j).map_or(text.len(), |x| x.0);
        push(&mut out, s, e, true);
        i = j;
    }
    out
}

fn is_possessive(chars: &[(usize, char)], j: usize) -> bool {
    matches!(chars[j].1, '\'' | '’')
        && chars.get(j + 1).is_some_and(|x| x.1 == 's' || x.1 == 'S')
        && chars.get(j + 2).is_none_or(|x| !is_word_char(x.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("China’s buildup", &["china", "'s", "buildup"]),
            ("group co-leader", &["group", "co-leader"]),
            ("the U.S. and EU-US", &["the", "u.s.", "and", "eu-us"]),
            (
                "“Go,” he said.",
                &["\"", "go", ",", "\"", "he", "said", "."],
            ),
            ("don't", &["don't"]),
            ("Erdoğan", &["erdogan"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = tokenize(text, 0)
                .into_iter()
                .map(|t| t.lower.to_string())
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }
}
