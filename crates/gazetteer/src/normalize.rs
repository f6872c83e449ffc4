//! Folding text for matching without losing offsets.
//!
//! [`fold`] turns text into a lowercase, diacritic-free form in which typographic quotes,
//! apostrophes and dashes are plain ASCII, runs of white space are one space and a slash loses
//! the spaces around it (`Verts / ALE` = `verts/ale`). Each byte of the folded text remembers
//! the original character it came from, so a match in the folded text maps back to an exact
//! span of the original.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folded text plus the way back to the original: a list of segments, each either a run of
/// bytes copied one to one (most of any text) or a group of folded bytes that all stand for
/// one original span (a multi-byte character, a run of white space).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// Lowercase (when asked), diacritic-free text.
    pub text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    /// First folded byte of the segment.
    folded: u32,
    /// Original byte of the segment's first folded byte.
    start: u32,
    /// For a group: the original end of every byte in it. `None` for a one-to-one run.
    group_end: Option<u32>,
}

impl Folded {
    /// The index of the segment holding a folded byte.
    fn segment_index(&self, folded: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.folded as usize <= folded);
        i.saturating_sub(1)
    }

    /// The original byte span of the folded byte range `start..end` (end exclusive, non-empty).
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let i = self.segment_index(start);
        let a = &self.segments[i];
        let s = match a.group_end {
            None => a.start as usize + (start - a.folded as usize),
            Some(_) => a.start as usize,
        };
        // Most spans lie inside one run copied one to one.
        let next = self
            .segments
            .get(i + 1)
            .map_or(usize::MAX, |n| n.folded as usize);
        if a.group_end.is_none() && end <= next {
            return (s, s + (end - start));
        }
        let b = &self.segments[self.segment_index(end - 1)];
        let e = match b.group_end {
            None => b.start as usize + (end - 1 - b.folded as usize) + 1,
            Some(ge) => ge as usize,
        };
        (s, e)
    }

    /// Appends folded bytes that stand for the original span `s..e`.
    fn push(&mut self, ch: char, s: u32, e: u32) {
        let at = self.text.len() as u32;
        let one_to_one = ch.is_ascii() && e == s + 1;
        let continues = one_to_one
            && self
                .segments
                .last()
                .is_some_and(|g| g.group_end.is_none() && g.start + (at - g.folded) == s);
        if !continues {
            self.segments.push(Segment {
                folded: at,
                start: s,
                group_end: (!one_to_one).then_some(e),
            });
        }
        self.text.push(ch);
    }
}

/// Maps one character to its folded form, calling `out` for each folded character.
/// `lower` chooses case folding; without it the case is kept (for case-sensitive aliases).
#[inline]
fn fold_char(c: char, lower: bool, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        if c.is_ascii_whitespace() {
            return out(' ');
        }
        out(if lower { c.to_ascii_lowercase() } else { c });
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => {
            return out('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => return out('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => return out('-'),
        '\u{2044}' | '\u{2215}' => return out('/'),
        'ı' => return out('i'),
        'ł' => return out('l'),
        'Ł' => return out(if lower { 'l' } else { 'L' }),
        'ø' => return out('o'),
        'Ø' => return out(if lower { 'o' } else { 'O' }),
        'đ' => return out('d'),
        'Đ' => return out(if lower { 'd' } else { 'D' }),
        'ß' => {
            out('s');
            return out('s');
        }
        'æ' => {
            out('a');
            return out('e');
        }
        'Æ' => {
            out(if lower { 'a' } else { 'A' });
            return out(if lower { 'e' } else { 'E' });
        }
        c if c.is_whitespace() => return out(' '),
        _ => {}
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if lower {
            for l in d.to_lowercase() {
                out(l);
            }
        } else {
            out(d);
        }
    });
}

/// An ASCII byte that folds to itself (up to case) and touches no neighbour: no white space,
/// control character, slash or backquote.
#[inline]
fn is_plain(b: u8) -> bool {
    PLAIN[b as usize]
}

/// [`is_plain`] as a table: the test runs once for nearly every byte of every text.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = b'!';
    while b < 0x7f {
        t[b as usize] = b != b'/' && b != b'`';
        b += 1;
    }
    t
};

/// Whether a byte is an ASCII letter or digit (a word character on its own).
#[inline]
pub fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD[b as usize]
}

static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b as usize] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The length of the run of plain bytes at the start of `bytes` (which starts with one),
/// single spaces between plain bytes included: such a space folds to itself.
#[inline]
fn plain_run(bytes: &[u8]) -> usize {
    let mut j = 1;
    while j < bytes.len() {
        if is_plain(bytes[j]) {
            j += 1;
        } else if bytes[j] == b' ' && bytes.get(j + 1).is_some_and(|&b| is_plain(b)) {
            j += 2;
        } else {
            break;
        }
    }
    j
}

/// Folds `text`, lowercasing when `lower` is set. Linear in the length of the text.
pub fn fold(text: &str, lower: bool) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(text.len()),
        // A segment for each line break or other white space run, most texts.
        segments: Vec::with_capacity(text.len() / 64 + 1),
    };
    // A space waiting to be written: dropped before a slash or at the end.
    let mut pending_space: Option<(u32, u32)> = None;
    let mut after_slash = false;
    let emit = |f: &mut Folded,
                ch: char,
                s: u32,
                e: u32,
                pending: &mut Option<(u32, u32)>,
                after_slash: &mut bool| {
        if ch == ' ' {
            if pending.is_none() && !*after_slash && !f.text.is_empty() {
                *pending = Some((s, e));
            } else if let Some((ps, _)) = *pending {
                *pending = Some((ps, e));
            }
            return;
        }
        *after_slash = ch == '/';
        if ch == '/' {
            *pending = None;
        }
        if let Some((ps, pe)) = pending.take() {
            f.push(' ', ps, pe);
        }
        // Several folded characters from one original keep to one group (`ß` → `ss`).
        let mut buf = [0u8; 4];
        if ch.len_utf8() > 1 || e > s + 1 {
            let at = f.text.len() as u32;
            f.segments.push(Segment {
                folded: at,
                start: s,
                group_end: Some(e),
            });
            f.text.push_str(ch.encode_utf8(&mut buf));
        } else {
            f.push(ch, s, e);
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A run of plain ASCII bytes, single spaces between them included: one segment,
        // copied (most of any text).
        if is_plain(b) {
            let run = plain_run(&bytes[i..]);
            if let Some((ps, pe)) = pending_space.take() {
                f.push(' ', ps, pe);
            }
            after_slash = false;
            let at = f.text.len() as u32;
            let continues = f
                .segments
                .last()
                .is_some_and(|g| g.group_end.is_none() && g.start + (at - g.folded) == i as u32);
            if !continues {
                f.segments.push(Segment {
                    folded: at,
                    start: i as u32,
                    group_end: None,
                });
            }
            f.text.push_str(&text[i..i + run]);
            if lower {
                f.text[at as usize..].make_ascii_lowercase();
            }
            i += run;
            continue;
        }
        if b < 0x80 {
            // The common case: one ASCII byte.
            let ch = match b {
                b'`' => '\'',
                b if b.is_ascii_whitespace() => ' ',
                b if lower => b.to_ascii_lowercase() as char,
                b => b as char,
            };
            emit(
                &mut f,
                ch,
                i as u32,
                i as u32 + 1,
                &mut pending_space,
                &mut after_slash,
            );
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
        let mut chars: [char; 4] = ['\0'; 4];
        let mut n = 0;
        fold_char(c, lower, &mut |ch| {
            if n < chars.len() {
                chars[n] = ch;
                n += 1;
            }
        });
        for &ch in &chars[..n] {
            emit(&mut f, ch, s, e, &mut pending_space, &mut after_slash);
        }
        i += c.len_utf8();
    }
    f
}

/// Folds a gazetteer alias or a token the way text is folded, returning only the text.
pub fn fold_str(s: &str, lower: bool) -> String {
    let s = s.trim();
    // Most words are plain ASCII without runs of spaces or slashes: fold them directly.
    let plain = s
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'/' && b != b'`');
    if plain {
        return if lower {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        };
    }
    fold(s, lower).text
}

/// Appends `fold_str(token, true)` to `out` for a token (no white space), without allocating
/// unless some character folds to a space (`¨` → ` ̈`), which only [`fold`] places right.
pub fn fold_token_into(token: &str, out: &mut String) {
    let at = out.len();
    let mut spaced = false;
    for c in token.chars() {
        if c == '`' {
            out.push('\'');
            continue;
        }
        // As in `fold`: at most four folded characters for one original.
        let mut n = 0;
        fold_char(c, true, &mut |ch| {
            if n < 4 {
                spaced |= ch == ' ';
                out.push(ch);
                n += 1;
            }
        });
    }
    if spaced {
        out.truncate(at);
        out.push_str(&fold_str(token, true));
    }
}

/// Whether a character is part of a word (letters, digits, and combining marks).
///
/// Past ASCII the answer for the Basic Multilingual Plane comes from a bitmap made once per
/// process from the Unicode tables (8 KiB): the standard library's
/// lookup costs several hundred instructions a character, which made it a seventh of all
/// tagging work on news with non-Latin scripts. The test `is_word_char_table_agrees`
/// compares the two for every character of the plane.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = c as u32;
    if u > 0xFFFF {
        return is_word_char_slow(c);
    }
    let table = WORD_CHARS.get_or_init(word_char_table);
    table[(u >> 6) as usize] & (1 << (u & 63)) != 0
}

static WORD_CHARS: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();

/// The bitmap of [`is_word_char_slow`] over the Basic Multilingual Plane.
fn word_char_table() -> Box<[u64; 1024]> {
    let mut t = Box::new([0u64; 1024]);
    for u in 0x80..=0xFFFFu32 {
        if char::from_u32(u).is_some_and(is_word_char_slow) {
            t[(u >> 6) as usize] |= 1 << (u & 63);
        }
    }
    t
}

/// [`is_word_char`] by the Unicode tables.
fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_word_char_table_agrees() {
        for c in '\u{0}'..='\u{10FFFF}' {
            assert_eq!(is_word_char(c), is_word_char_slow(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folding_cases() {
        let cases = [
            ("Erdoğan", "erdogan"),
            ("China’s", "china's"),
            ("Verts / ALE", "verts/ale"),
            ("Verts/ALE", "verts/ale"),
            ("EU–US", "eu-us"),
            ("New   York\n City", "new york city"),
            ("“lowest point”", "\"lowest point\""),
            ("Radosław", "radoslaw"),
            ("Støre", "store"),
            ("Straße", "strasse"),
            ("ﬁnal", "final"),
            ("Ｎａｔｏ", "nato"),
            ("  trailing  ", "trailing"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input, true).text, want, "{input}");
        }
        assert_eq!(fold("Erdoğan / NATO", false).text, "Erdogan/NATO");
    }

    #[test]
    fn spans_map_back() {
        let text = "Recep Tayyip Erdoğan’s  visit";
        let f = fold(text, true);
        let at = f.text.find("erdogan").unwrap();
        let (s, e) = f.original_span(at, at + "erdogan".len());
        assert_eq!(&text[s..e], "Erdoğan");
        let at = f.text.find("visit").unwrap();
        let (s, e) = f.original_span(at - 1, at + 5);
        assert_eq!(&text[s..e], "  visit");
    }
}
