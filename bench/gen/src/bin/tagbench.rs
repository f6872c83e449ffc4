//! Times one tagger over a JSON Lines corpus on one thread and prints one JSON line:
//! `tagbench MODE CORPUS [--names FILE]`, MODE one of
//! - `tag`: newsgraph's tagger, entities only (`Extractor::tag`);
//! - `extract`: newsgraph's full extraction, entities and relations (`Extractor::extract`);
//! - `ac`: a bare Aho-Corasick scan over the names of `--names` (one a line): ASCII case
//!   insensitive, leftmost-longest, whole words only, the automaton the crate chooses for so
//!   many names (a contiguous NFA, faster here than its full DFA); the ceiling for any
//!   gazetteer tagger.
//!
//! `build_s` is the time from names to a ready tagger, `tag_s` the time over all texts.

use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whole-word, leftmost-longest matches. Not inlined, so that a profile can pick it out.
#[inline(never)]
fn scan(ac: &AhoCorasick, text: &str) -> usize {
    let mut n = 0;
    for m in ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if !is_word(before) && !is_word(after) {
            n += 1;
        }
    }
    n
}

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: tagbench tag|extract|ac CORPUS.jsonl [--names FILE]";
    let mode = args.get(1).ok_or(usage)?.clone();
    let corpus = args.get(2).ok_or(usage)?;
    let names = args
        .iter()
        .position(|a| a == "--names")
        .and_then(|i| args.get(i + 1));
    let docs = newsgraph_bench::read_jsonl(corpus)?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut panics = 0usize;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The first panic is shown in full; later ones only counted.
        static SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !SHOWN.swap(true, std::sync::atomic::Ordering::Relaxed) {
            default_hook(info);
        }
    }));
    let (build, tag, matches) = match mode.as_str() {
        "tag" | "extract" => {
            let t = Instant::now();
            let x = Extractor::new(GazetteerBuilder::new().build()?, Rules::load(&[])?);
            let build = t.elapsed().as_secs_f64();
            let full = mode == "extract";
            let t = Instant::now();
            let mut n = 0;
            for d in &docs {
                // A panic in the tagger is counted (and reported), not fatal to the timing.
                let out = std::panic::catch_unwind(|| {
                    if full {
                        x.extract(&d.text, d.published)
                    } else {
                        x.tag(&d.text, d.published)
                    }
                });
                match out {
                    Ok(out) => n += out.mentions.len() + out.relations.len(),
                    Err(_) => panics += 1,
                }
            }
            (build, t.elapsed().as_secs_f64(), n)
        }
        "ac" => {
            let path = names.ok_or("ac needs --names FILE")?;
            let t = Instant::now();
            let list = std::fs::read_to_string(path)?;
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(list.lines().filter(|l| !l.is_empty()))?;
            let build = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let n: usize = docs.iter().map(|d| scan(&ac, &d.text)).sum();
            (build, t.elapsed().as_secs_f64(), n)
        }
        _ => return Err(usage.into()),
    };
    println!(
        "{}",
        serde_json::json!({
            "tool": mode,
            "docs": docs.len(),
            "bytes": bytes,
            "build_s": build,
            "tag_s": tag,
            "matches": matches,
            "peak_kib": newsgraph_bench::peak_rss_kib(),
            "panics": panics,
        })
    );
    Ok(())
}
