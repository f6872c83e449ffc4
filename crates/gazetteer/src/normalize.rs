//! Folding text for matching without losing offsets.
//!
//! [`fold`] turns text into a lowercase, diacritic-free form in which typographic quotes,
//! apostrophes and dashes are plain ASCII, runs of white space are one space and a slash loses
//! the spaces around it (`Verts / ALE` = `verts/ale`). Each byte of the folded text remembers
//! the original character it came from, so a match in the folded text maps back to an exact
//! span of the original.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folded text plus, for each folded byte, the original character's byte span.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// Lowercase (when asked), diacritic-free text.
    pub text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Folded {
    /// The original byte span of the folded byte range `start..end` (end exclusive, non-empty).
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.starts[start] as usize, self.ends[end - 1] as usize)
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

/// Folds `text`, lowercasing when `lower` is set. Linear in the length of the text.
pub fn fold(text: &str, lower: bool) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    // A space waiting to be written: dropped before a slash or at the end.
    let mut pending_space: Option<(u32, u32)> = None;
    let mut after_slash = false;
    let bytes = text.as_bytes();
    let mut i = 0;
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
            f.text.push(' ');
            f.starts.push(ps);
            f.ends.push(pe);
        }
        f.text.push(ch);
        for _ in 0..ch.len_utf8() {
            f.starts.push(s);
            f.ends.push(e);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
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

/// Whether a character is part of a word (letters, digits, and combining marks).
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
