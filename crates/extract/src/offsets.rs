//! Byte offsets inside, code points at the edge: the one conversion.

/// Converts byte offsets of one text to code-point offsets. Keeps only the places where a
/// character takes more than one byte, so plain ASCII text costs nothing.
pub struct CodePoints {
    /// (byte offset just after a multi-byte character, extra bytes up to there).
    marks: Vec<(u32, u32)>,
}

impl CodePoints {
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        if text.is_ascii() {
            return Self { marks };
        }
        let bytes = text.as_bytes();
        let mut extra = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            // Plain ASCII eight bytes at a time.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            // The first byte of a multi-byte character tells its length by its leading ones.
            let len = match bytes[i] {
                b if b >= 0xC0 => b.leading_ones() as usize,
                _ => 1,
            };
            if len > 1 {
                extra += len as u32 - 1;
                marks.push(((i + len) as u32, extra));
            }
            i += len;
        }
        Self { marks }
    }

    /// The code-point offset of a byte offset at a character boundary.
    pub fn of(&self, byte: usize) -> usize {
        let k = self.marks.partition_point(|&(end, _)| end as usize <= byte);
        let extra = if k == 0 {
            0
        } else {
            self.marks[k - 1].1 as usize
        };
        byte - extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts() {
        let text = "Erdoğan’s x";
        let cp = CodePoints::new(text);
        let cases = [(0, 0), (4, 4), (6, 5), (8, 7), (11, 8), (text.len(), 11)];
        for (byte, want) in cases {
            assert_eq!(cp.of(byte), want, "byte {byte}");
        }
        for text in ["", "plain", "Erdoğan’s 𝄞 x", "é", "日本語 and ß"] {
            let cp = CodePoints::new(text);
            for (n, (i, _)) in text.char_indices().enumerate() {
                assert_eq!(cp.of(i), n, "{text} byte {i}");
            }
            assert_eq!(cp.of(text.len()), text.chars().count(), "{text}");
        }
    }
}
