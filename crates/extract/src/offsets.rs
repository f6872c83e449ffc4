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
        if !text.is_ascii() {
            let mut extra = 0u32;
            for (i, c) in text.char_indices() {
                let len = c.len_utf8();
                if len > 1 {
                    extra += len as u32 - 1;
                    marks.push(((i + len) as u32, extra));
                }
            }
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
    }
}
