//! Byte offsets inside, code points at the edge: the one conversion.

/// Converts byte offsets of one text to code-point offsets.
pub struct CodePoints {
    /// Code-point index of each byte offset that starts a character, and of the end.
    table: Vec<u32>,
}

impl CodePoints {
    pub fn new(text: &str) -> Self {
        let mut table = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for slot in &mut table[i..i + c.len_utf8()] {
                *slot = n;
            }
            n += 1;
        }
        table[text.len()] = n;
        Self { table }
    }

    /// The code-point offset of a byte offset (a byte inside a character maps to that character).
    pub fn of(&self, byte: usize) -> usize {
        self.table[byte.min(self.table.len() - 1)] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts() {
        let text = "Erdoğan’s x";
        let cp = CodePoints::new(text);
        let cases = [(0, 0), (4, 4), (6, 5), (8, 7), (text.len(), 11)];
        for (byte, want) in cases {
            assert_eq!(cp.of(byte), want, "byte {byte}");
        }
    }
}
