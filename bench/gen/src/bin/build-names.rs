//! Builds the tagger for a synthetic gazetteer of many names and prints one JSON line with the
//! times and the peak memory: `build-names [N]` (default 1,000,000 names). Entities are people
//! (full name; the matcher adds the surname) and organisations (name and acronym), two names
//! each, made of syllables from a fixed seed.

use std::time::Instant;

use newsgraph_bench::corpus::Rng;
use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::{Format, GazetteerBuilder, Matcher};

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "vas", "dor", "el", "fi", "gun", "har", "is", "jo", "ku", "lin",
    "mar", "nov", "os", "pet", "quin", "ros", "sa", "tor", "ul", "ve", "wen", "xi", "ya", "zel",
    "bran", "chel", "dra", "eth", "fal", "gro", "hel", "ith", "jar", "kel", "mor",
];

fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick(SYLLABLES));
    }
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let names: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let mut rng = Rng::new(42);
    let mut text = String::new();
    for i in 0..names / 2 {
        let line = if i % 2 == 0 {
            let n = format!("{} {}", word(&mut rng, 2), word(&mut rng, 2 + i % 2));
            serde_json::json!({"id": format!("syn-p{i}"), "type": "person", "name": n})
        } else {
            let words: Vec<String> = (0..3).map(|_| word(&mut rng, 2)).collect();
            let acronym: String = words
                .iter()
                .filter_map(|w| w.chars().next())
                .collect::<String>()
                + &format!("{}", i % 100);
            serde_json::json!({"id": format!("syn-o{i}"), "type": "organization",
                "name": format!("{} Agency", words.join(" ")), "acronyms": [acronym]})
        };
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let t = Instant::now();
    let gaz = GazetteerBuilder::new()
        .defaults(false)
        .text("synthetic.gaz", &text, Format::Gaz)
        .build()?;
    let load = t.elapsed().as_secs_f64();
    drop(text);
    let listed = newsgraph_bench::names::all(&gaz).len();
    let t = Instant::now();
    let m = Matcher::new(&gaz);
    let matcher = t.elapsed().as_secs_f64();
    let patterns = m.pattern_count();
    drop(m);
    let t = Instant::now();
    let x = Extractor::new(gaz, Rules::load(&[])?);
    let extractor = t.elapsed().as_secs_f64();
    let probe = x.tag("Officials said nothing.", None).mentions.len();
    println!(
        "{}",
        serde_json::json!({
            "entities": x.gazetteer().entities().len(),
            "names": listed,
            "patterns": patterns,
            "load_s": load,
            "matcher_s": matcher,
            "extractor_s": extractor,
            "peak_kib": newsgraph_bench::peak_rss_kib(),
            "probe": probe,
        })
    );
    Ok(())
}
