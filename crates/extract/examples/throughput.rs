//! Tags a JSON Lines corpus (`{"text", "published"}` a line) and prints MB/s for entities only
//! and for full extraction: `cargo run --release -p newsgraph-extract --example throughput -- FILE`.

use std::time::Instant;

use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: throughput FILE.jsonl")?;
    let mut docs = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let published = v["published"]
            .as_str()
            .and_then(|d| d.get(..10)?.parse().ok());
        docs.push((
            v["text"].as_str().unwrap_or_default().to_string(),
            published,
        ));
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let t0 = Instant::now();
    let x = Extractor::new(GazetteerBuilder::new().build()?, Rules::load(&[])?);
    println!("build: {:.3} s", t0.elapsed().as_secs_f64());
    let only = std::env::args().nth(2);
    for (label, full) in [("entities", false), ("full", true)] {
        if only.as_deref().is_some_and(|o| o != label) {
            continue;
        }
        let t = Instant::now();
        let mut n = 0;
        let iters: usize = std::env::var("ITERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10);
        for _ in 0..iters {
            for (text, published) in &docs {
                let out = if full {
                    x.extract(text, *published)
                } else {
                    x.tag(text, *published)
                };
                n += out.mentions.len();
            }
        }
        let secs = t.elapsed().as_secs_f64() / iters as f64;
        println!(
            "{label}: {:.1} MB/s ({} docs, {:.2} MB, {} mentions)",
            bytes as f64 / secs / 1e6,
            docs.len(),
            bytes as f64 / 1e6,
            n / 3
        );
    }
    Ok(())
}
