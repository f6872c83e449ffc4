//! Copies a JSON Lines corpus, leaving out the documents newsgraph's extractor panics on (a
//! tagger bug: such a document would abort a bulk ingest), and says how many it left out:
//! `screen-corpus IN.jsonl OUT.jsonl`. Lines are copied unchanged.

use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("usage: screen-corpus IN.jsonl OUT.jsonl".into());
    };
    let x = Extractor::new(GazetteerBuilder::new().build()?, Rules::load(&[])?);
    let hook = std::panic::take_hook();
    let mut first: Option<String> = None;
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    let (mut kept, mut dropped) = (0usize, 0usize);
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let line = line?;
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or_default();
        let published = v["published"]
            .as_str()
            .and_then(|d| d.get(..10)?.parse().ok());
        if catch_unwind(AssertUnwindSafe(|| x.extract(text, published))).is_ok() {
            writeln!(out, "{line}")?;
            kept += 1;
        } else {
            dropped += 1;
            first.get_or_insert_with(|| v["id"].as_str().unwrap_or_default().to_string());
        }
    }
    out.flush()?;
    std::panic::set_hook(hook);
    println!(
        "{}",
        serde_json::json!({"kept": kept, "dropped": dropped, "first_dropped": first})
    );
    Ok(())
}
