//! Tools behind newsgraph's benchmarks (see `BENCHMARKS.md`): a deterministic corpus
//! generator ([`corpus`]), the list of every name the default gazetteers hold ([`names`]), and
//! helpers shared by the probes in `src/bin/`.

pub mod corpus;
pub mod names;

#[cfg(test)]
mod tests;

use std::io::BufRead;

/// One document of a JSON Lines corpus: its text and published date.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub published: Option<chrono::NaiveDate>,
}

/// Reads `{"text", "published"}` lines; other fields are ignored, lines without text skipped.
///
/// # Errors
/// The file cannot be read or a line is not JSON.
pub fn read_jsonl(path: &str) -> Result<Vec<Text>, Box<dyn std::error::Error>> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let Some(text) = v["text"].as_str() else {
            continue;
        };
        let published = v["published"]
            .as_str()
            .and_then(|d| d.get(..10)?.parse().ok());
        out.push(Text {
            text: text.to_string(),
            published,
        });
    }
    Ok(out)
}

/// The process's peak resident set in KiB (`VmHWM`), or 0 where /proc is missing.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
