//! Sentence splitting with byte offsets, aware of abbreviations and quotes.

/// Whether a lowercase word is one that ends with a period without ending a sentence (none
/// longer than six bytes).
fn is_listed(word: &[u8]) -> bool {
    matches!(
        word,
        b"a.m"
            | b"adm"
            | b"al"
            | b"amb"
            | b"approx"
            | b"apr"
            | b"aug"
            | b"capt"
            | b"cit"
            | b"co"
            | b"col"
            | b"corp"
            | b"dec"
            | b"dept"
            | b"dr"
            | b"e.g"
            | b"e.u"
            | b"est"
            | b"etc"
            | b"feb"
            | b"fig"
            | b"ft"
            | b"gen"
            | b"gov"
            | b"hon"
            | b"i.e"
            | b"inc"
            | b"jan"
            | b"jr"
            | b"jul"
            | b"jun"
            | b"lt"
            | b"ltd"
            | b"maj"
            | b"mar"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"mt"
            | b"no"
            | b"nos"
            | b"nov"
            | b"oct"
            | b"op"
            | b"p.m"
            | b"pres"
            | b"prof"
            | b"rep"
            | b"rev"
            | b"sen"
            | b"sep"
            | b"sept"
            | b"sgt"
            | b"sr"
            | b"st"
            | b"u.k"
            | b"u.n"
            | b"u.s"
            | b"vol"
            | b"vs"
    )
}

/// Finds the bytes the splitter stops at: sentence marks, and line breaks or the first byte
/// of `…`. Two memchr scans, the next hit of each kept until the splitter has passed it.
struct Stops<'b> {
    bytes: &'b [u8],
    mark: usize,
    other: usize,
}

impl<'b> Stops<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        let mut stops = Stops {
            bytes,
            mark: 0,
            other: 0,
        };
        stops.mark = stops.find_mark(0);
        stops.other = stops.find_other(0);
        stops
    }

    fn find_mark(&self, from: usize) -> usize {
        memchr::memchr3(b'.', b'!', b'?', &self.bytes[from..])
            .map_or(self.bytes.len(), |k| from + k)
    }

    fn find_other(&self, from: usize) -> usize {
        memchr::memchr2(b'\n', 0xE2, &self.bytes[from..]).map_or(self.bytes.len(), |k| from + k)
    }

    /// The first stop at or after `i`.
    fn next(&mut self, i: usize) -> Option<usize> {
        if self.mark < i {
            self.mark = self.find_mark(i);
        }
        if self.other < i {
            self.other = self.find_other(i);
        }
        let next = self.mark.min(self.other);
        (next < self.bytes.len()).then_some(next)
    }
}

/// Closing punctuation that may follow a sentence's final mark and still belong to it.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// Splits `text` into sentence spans (byte offsets, end exclusive, trimmed of white space).
/// A line break always ends a sentence; `.`, `!` and `?` end one when followed by white space
/// and not preceded by an abbreviation or a single initial.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    // About one sentence in a hundred bytes of news.
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut stops = Stops::new(bytes);
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let seg = &text[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let trail = seg.len() - seg.trim_end().len();
        if e - trail > s + lead {
            out.push((s + lead, e - trail));
        }
    };
    // Only line breaks and sentence marks matter; `…` is the only one beyond ASCII.
    let mut i = 0;
    while let Some(k) = stops.next(i) {
        i = k;
        if bytes[i] == b'\n' {
            push(start, i, &mut out);
            // The empty lines after it end nothing more.
            while bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += c.len_utf8();
            continue;
        }
        // Take closing quotes and brackets that follow the mark.
        let mut end = i + c.len_utf8();
        for d in text[end..].chars() {
            if is_closer(d) || matches!(d, '.' | '!' | '?') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        let mark = i;
        i = end;
        let next = text[end..].chars().next();
        if !next.is_none_or(char::is_whitespace) {
            continue;
        }
        if c == '.' && is_abbreviation(&text[start..mark]) {
            continue;
        }
        // The next sentence starts with a capital, a digit or a quote; otherwise keep going.
        let rest = text[end..].trim_start_matches([' ', '\t']);
        let starts_ok = rest.chars().next().is_none_or(|d| {
            d.is_uppercase()
                || d.is_numeric()
                || is_closer(d)
                || d == '“'
                || d == '«'
                || d == '\n'
                || d == '('
        });
        if !starts_ok {
            continue;
        }
        push(start, end, &mut out);
        start = end;
    }
    push(start, bytes.len(), &mut out);
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = last_word(before);
    // A single capital initial ("J. Smith") or a dotted acronym ("U.S").
    if word.is_ascii() {
        if word.len() == 1 {
            return word.as_bytes()[0].is_ascii_uppercase();
        }
        if word.len() > 6 {
            return false;
        }
        let mut buf = [0u8; 6];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return is_listed(lower);
    }
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || is_listed(word.to_lowercase().as_bytes())
}

/// The last word of `before`: what follows its last white space, bracket or quote.
fn last_word(before: &str) -> &str {
    let split = |c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“';
    for (k, &b) in before.as_bytes().iter().enumerate().rev() {
        if b >= 0x80 {
            return before.rsplit(split).next().unwrap_or("");
        }
        if split(b as char) {
            return &before[k + 1..];
        }
    }
    before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "Mr. Smith met Dr. Jones. They talked.",
                &["Mr. Smith met Dr. Jones.", "They talked."],
            ),
            (
                "The U.S. and Russia met. Then",
                &["The U.S. and Russia met.", "Then"],
            ),
            (
                "It ended at 5 p.m. on Monday.",
                &["It ended at 5 p.m. on Monday."],
            ),
            (
                "He said: “Go.” Then left.",
                &["He said: “Go.”", "Then left."],
            ),
            (
                "Title line\n\nBody one. Body two",
                &["Title line", "Body one.", "Body two"],
            ),
            ("George W. Bush spoke.", &["George W. Bush spoke."]),
            ("Really? Yes!", &["Really?", "Yes!"]),
            ("version 2.0 is out", &["version 2.0 is out"]),
            ("", &[]),
            ("   ", &[]),
            ("He met Gen. Smith. Then", &["He met Gen. Smith.", "Then"]),
            ("See (fig. 2) now. Then", &["See (fig. 2) now.", "Then"]),
            ("It costs $5 approx. Then", &["It costs $5 approx. Then"]),
            ("The Corporation. Then", &["The Corporation.", "Then"]),
            ("Café Mr. Smith. Then", &["Café Mr. Smith.", "Then"]),
            ("“Mr. Smith” won. Then", &["“Mr. Smith” won.", "Then"]),
            ("Née Ö. Yilmaz. Then", &["Née Ö. Yilmaz.", "Then"]),
            ("À. Then", &["À. Then"]),
            ("One\n\n\nTwo\n \nThree", &["One", "Two", "Three"]),
            ("\n\nOne.\n", &["One."]),
        ];
        for (text, want) in cases {
            assert_eq!(&sentences(text), want, "{text}");
        }
    }
}
