//! Tagger benchmarks: building the extractor from the default gazetteers, and tagging
//! (entities only) and full extraction (entities and relations) per byte, on the sample
//! article and on a large corpus.
//!
//! The corpus is generated (`bench/gen`, 2,000 documents, seed 1) unless
//! `NEWSGRAPH_BENCH_CORPUS=FILE.jsonl` names a real one (`{"text", "published"}` a line;
//! a relative path is taken from the workspace root).
//! Run: `cargo bench -p newsgraph-extract --bench tagging`.

use std::hint::black_box;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

#[path = "../../../bench/gen/src/corpus.rs"]
mod corpus;

const SAMPLE: &str = include_str!("../../../data/nato-summit-2021.txt");

fn extractor() -> Extractor {
    let gaz = GazetteerBuilder::new().build().expect("default gazetteers");
    Extractor::new(gaz, Rules::load(&[]).expect("default rules"))
}

type Texts = Vec<(String, Option<NaiveDate>)>;

fn corpus() -> (String, Texts) {
    if let Ok(path) = std::env::var("NEWSGRAPH_BENCH_CORPUS") {
        // cargo runs benches in the crate's folder; a relative path is taken from the
        // workspace root, where `cargo bench` is usually typed.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path);
        let text = std::fs::read_to_string(&path).expect("NEWSGRAPH_BENCH_CORPUS is readable");
        let docs = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let published = v["published"]
                    .as_str()
                    .and_then(|d| d.get(..10)?.parse().ok());
                Some((v["text"].as_str()?.to_string(), published))
            })
            .collect();
        return ("file".to_string(), docs);
    }
    let docs = corpus::Generator::new(1)
        .take(2000)
        .map(|d| (d.text, d.published.parse().ok()))
        .collect();
    ("generated".to_string(), docs)
}

/// Drops the documents the extractor panics on (a tagger bug, reported on standard error) so
/// that the others can still be timed.
fn without_panics(x: &Extractor, docs: Texts) -> Texts {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let before = docs.len();
    let kept: Texts = docs
        .into_iter()
        .filter(|(t, p)| catch_unwind(AssertUnwindSafe(|| x.extract(t, *p))).is_ok())
        .collect();
    std::panic::set_hook(hook);
    if kept.len() < before {
        eprintln!(
            "warning: the extractor panicked on {} of {before} documents; they are left out",
            before - kept.len()
        );
    }
    kept
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("default_gazetteers", |b| b.iter(|| black_box(extractor())));
    let gaz = GazetteerBuilder::new().build().expect("default gazetteers");
    let rules = Rules::load(&[]).expect("default rules");
    g.bench_function("load_gazetteers", |b| {
        b.iter(|| black_box(GazetteerBuilder::new().build().expect("default gazetteers")))
    });
    g.bench_function("compile_extractor", |b| {
        b.iter_batched(
            || (gaz.clone(), rules.clone()),
            |(gaz, rules)| black_box(Extractor::new(gaz, rules)),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn sample(c: &mut Criterion) {
    let x = extractor();
    let published = NaiveDate::from_ymd_opt(2021, 6, 14);
    let mut g = c.benchmark_group("sample");
    g.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    g.bench_function("tag", |b| b.iter(|| black_box(x.tag(SAMPLE, published))));
    g.bench_function("extract", |b| {
        b.iter(|| black_box(x.extract(SAMPLE, published)))
    });
    g.finish();
}

fn large(c: &mut Criterion) {
    let x = extractor();
    let (name, docs) = corpus();
    let docs = without_panics(&x, docs);
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut g = c.benchmark_group(format!("corpus_{name}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tag", |b| {
        b.iter(|| {
            for (t, p) in &docs {
                black_box(x.tag(t, *p));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for (t, p) in &docs {
                black_box(x.extract(t, *p));
            }
        })
    });
    g.finish();
}

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, build, sample, large);
criterion_main!(benches);
