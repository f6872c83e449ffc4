//! A light token layer: words and punctuation with byte spans and folded forms.

use newsgraph_gazetteer::normalize::{fold_token_into, is_ascii_word_byte, is_word_char};

/// One token of a sentence.
#[derive(Debug, Clone)]
pub struct Token<'t> {
    pub start: usize,
    pub end: usize,
    /// Lowercase, diacritic-free, apostrophes and dashes made plain.
    pub lower: &'t str,
    pub is_word: bool,
    /// Starts with a capital letter.
    pub capitalized: bool,
}

/// The buffers the tokens' folded forms borrow from.
#[derive(Debug, Default)]
pub struct Folds {
    /// The whole text lowercased: an ASCII token's form is found at its own offsets.
    lower: String,
    /// The folded forms of the other tokens, one after another.
    other: String,
}

/// The character at byte offset `i` (a character boundary), if any.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    text[i..].chars().next()
}

/// Splits text into tokens: runs of word characters (with inner hyphens, apostrophes and
/// periods of abbreviations kept: `co-leader`, `U.S.`), the possessive `'s` on its own, and
/// single punctuation characters. White space is dropped.
///
/// The tokens' folded forms are kept in `folds`.
pub fn tokenize<'a>(text: &str, folds: &'a mut Folds) -> Vec<Token<'a>> {
    let Folds { lower, other } = folds;
    lower.clear();
    lower.push_str(text);
    lower.make_ascii_lowercase();
    if text.contains('`') {
        // A backquote folds to an apostrophe, as in the matcher; only a token of punctuation
        // or a possessive (`` `s ``) starts with one, and no token holds one elsewhere.
        *lower = lower.replace('`', "'");
    }
    let lower: &'a str = lower;
    // About one token in five bytes of news.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    // The tokens that are not ASCII: their folded forms are made once all tokens are found.
    let mut pending: Vec<usize> = Vec::new();
    let mut push = |s: usize, e: usize, ascii: bool, is_word: bool, capitalized: bool| {
        if !ascii {
            pending.push(out.len());
        }
        out.push(Token {
            start: s,
            end: e,
            lower: if ascii { &lower[s..e] } else { "" },
            is_word,
            capitalized,
        });
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Plain ASCII: most of any text.
        if b < 0x80 {
            if is_ascii_word_byte(b) {
                let mut j = i + 1;
                while j < bytes.len() && is_ascii_word_byte(bytes[j]) {
                    j += 1;
                }
                // Most words end at white space or punctuation that joins nothing.
                let plain = bytes
                    .get(j)
                    .is_none_or(|&d| d < 0x80 && !matches!(d, b'-' | b'\'' | b'.'));
                let (j, ascii) = if plain {
                    (j, true)
                } else {
                    word_end(text, i, b as char)
                };
                push(i, j, ascii, true, b.is_ascii_uppercase());
                i = j;
            } else if (b as char).is_whitespace() {
                i += 1;
            } else if let Some(n) = possessive_at(text, i, b as char) {
                push(i, n, true, true, false);
                i = n;
            } else {
                push(i, i + 1, true, false, false);
                i += 1;
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if is_word_char(c) {
            let (j, ascii) = word_end(text, i, c);
            push(i, j, ascii, true, c.is_uppercase());
            i = j;
        } else if c.is_whitespace() {
            i += len;
        } else if let Some(n) = possessive_at(text, i, c) {
            push(i, n, false, true, false);
            i = n;
        } else {
            push(i, i + len, false, false, c.is_uppercase());
            i += len;
        }
    }
    if pending.is_empty() {
        return out;
    }
    other.clear();
    let spans: Vec<(usize, usize)> = pending
        .iter()
        .map(|&t| {
            let at = other.len();
            fold_token_into(&text[out[t].start..out[t].end], other);
            (at, other.len())
        })
        .collect();
    let other: &'a str = other;
    for (&t, (a, b)) in pending.iter().zip(spans) {
        out[t].lower = &other[a..b];
    }
    out
}

/// The end of the possessive `'s` whose apostrophe `c` is at `i`, if one is there: right
/// after a word, and followed by no word character.
fn possessive_at(text: &str, i: usize, c: char) -> Option<usize> {
    if !matches!(c, '\'' | '’' | '`') || !text[..i].chars().next_back().is_some_and(is_word_char)
    {
        return None;
    }
    let n = i + c.len_utf8();
    let ends = matches!(char_at(text, n), Some('s' | 'S'))
        && !char_at(text, n + 1).is_some_and(is_word_char);
    ends.then_some(n + 1)
}

/// The end of the word whose first character `c` is at `i`, and whether the word is ASCII.
fn word_end(text: &str, i: usize, c: char) -> (usize, bool) {
    let bytes = text.as_bytes();
    let is_word_at = |i: usize| char_at(text, i).is_some_and(is_word_char);
    let len = c.len_utf8();
    let mut ascii = len == 1;
    let mut j = i + len;
    loop {
        // ASCII letters and digits, most of any word.
        while bytes.get(j).is_some_and(|&b| is_ascii_word_byte(b)) {
            j += 1;
        }
        // Most words end at white space or punctuation that joins nothing.
        match bytes.get(j) {
            None => break,
            Some(&b) if b < 0x80 && !matches!(b, b'-' | b'\'' | b'.') => break,
            Some(_) => {}
        }
        let Some(d) = char_at(text, j) else {
            break;
        };
        let dl = d.len_utf8();
        if is_word_char(d) {
            ascii &= dl == 1;
            j += dl;
            continue;
        }
        // Inner hyphen or apostrophe between word characters; a period inside an
        // acronym (U.S.).
        let joins = match d {
            '-' | '‐' | '\'' | '’' => is_word_at(j + dl) && !is_possessive(text, j, dl),
            '.' => j == i + len && c.is_uppercase() && is_word_at(j + dl),
            _ => false,
        };
        if joins {
            ascii &= dl == 1;
            j += dl;
        } else {
            break;
        }
    }
    // Keep the final period of a dotted acronym (U.S.).
    if bytes.get(j) == Some(&b'.')
        && text[i..j].contains('.')
        && text[i..j].chars().all(|c| c == '.' || c.is_uppercase())
    {
        j += 1;
    }
    (j, ascii)
}

/// Whether the apostrophe of `dl` bytes at `j` starts a possessive `'s`.
fn is_possessive(text: &str, j: usize, dl: usize) -> bool {
    matches!(char_at(text, j), Some('\'' | '’'))
        && matches!(char_at(text, j + dl), Some('s' | 'S'))
        && !char_at(text, j + dl + 1).is_some_and(is_word_char)
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
            ("", &[]),
            (" \n\t ", &[]),
            ("Erdoğan’s visit", &["erdogan", "'s", "visit"]),
            ("Smith`s car", &["smith", "'s", "car"]),
            ("the boys' votes", &["the", "boys", "'", "votes"]),
            ("rock 'n' roll", &["rock", "'", "n", "'", "roll"]),
            ("Jean-Claude co‐chair", &["jean-claude", "co-chair"]),
            ("well- known -ish", &["well", "-", "known", "-", "ish"]),
            ("A.B.C. D.", &["a.b.", "c", ".", "d", "."]),
            (
                "Ph.D. and e.g. 2.5",
                &[
                    "ph", ".", "d", ".", "and", "e", ".", "g", ".", "2", ".", "5",
                ],
            ),
            ("Straße ÉLYSÉE", &["strasse", "elysee"]),
            ("x²+ﬁ", &["x2", "+", "fi"]),
            ("l’Élysée", &["l'elysee"]),
            ("«Oui»", &["\"", "oui", "\""]),
        ];
        for (text, want) in cases {
            let mut folds = Folds::default();
            let got: Vec<&str> = tokenize(text, &mut folds)
                .into_iter()
                .map(|t| t.lower)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
    }
}
