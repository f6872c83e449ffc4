//! Aligned plain-text tables, with optional detail lines under a row.

/// A table: a header and rows of cells, each row optionally followed by indented detail lines
/// (evidence sentences) that do not count for the column widths.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<(Vec<String>, Vec<String>)>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push((cells, Vec::new()));
    }

    /// A row with detail lines printed under it.
    pub fn row_with(&mut self, cells: Vec<String>, details: Vec<String>) {
        self.rows.push((cells, details));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Columns separated by two spaces, padded to the widest cell (in characters); no trailing
    /// spaces.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for (cells, _) in &self.rows {
            for (i, c) in cells.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let line = |out: &mut String, cells: &[String]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate().take(columns) {
                if i > 0 {
                    s.push_str("  ");
                }
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count()));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        let mut out = String::new();
        line(&mut out, &self.header);
        for (cells, details) in &self.rows {
            line(&mut out, cells);
            for d in details {
                out.push_str("    ");
                out.push_str(d);
                out.push('\n');
            }
        }
        out
    }
}

/// `key: value` lines with the values aligned; empty values left out.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let width = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!(
            "{k:<width$}  {v}\n",
            k = format!("{k}:"),
            width = width + 1
        ));
    }
    out
}

/// At most `max` characters, with an ellipsis when cut.
pub fn clip(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A date range as `2021-06-13`, `2021-06-13..2021-06-14`, or `-`.
pub fn dates(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f != l => format!("{f}..{l}"),
        (Some(d), _) | (None, Some(d)) => d.to_string(),
        (None, None) => "-".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_by_characters() {
        let mut t = Table::new(&["ID", "NAME", "N"]);
        t.row(vec![
            "erdogan".into(),
            "Recep Tayyip Erdoğan".into(),
            "1".into(),
        ]);
        t.row_with(
            vec!["x".into(), "X".into(), "".into()],
            vec!["detail".into()],
        );
        assert_eq!(
            t.render(),
            "ID       NAME                  N\n\
             erdogan  Recep Tayyip Erdoğan  1\n\
             x        X\n    detail\n"
        );
    }

    #[test]
    fn clips_long_text() {
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
