//! Store ingest per document: `Engine::ingest_batch` of 512 generated documents at a time
//! (tagging on all cores, one transaction each, one flush per batch, graph refresh) into a
//! store in a temporary directory that grows as the benchmark runs.
//! Run: `cargo bench -p newsgraph-engine --bench ingest`.

use std::hint::black_box;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph_engine::{Engine, Knowledge};
use newsgraph_extract::Extractor;
use newsgraph_model::Document;

#[path = "../../../bench/gen/src/corpus.rs"]
mod corpus;

const BATCH: usize = 512;

/// The next `BATCH` generated documents the extractor can take: those it panics on (a tagger
/// bug) are skipped and counted, so that a panic does not abort the benchmark.
fn next_batch(
    generator: &corpus::Generator,
    next: &AtomicU64,
    x: &Extractor,
    skipped: &AtomicU64,
) -> Vec<Document> {
    let mut docs = Vec::with_capacity(BATCH);
    while docs.len() < BATCH {
        let d = generator.doc(next.fetch_add(1, Ordering::Relaxed));
        let published = d.published.parse().ok();
        if catch_unwind(AssertUnwindSafe(|| x.extract(&d.text, published))).is_err() {
            skipped.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        docs.push(Document {
            id: d.id,
            title: d.title,
            text: d.text,
            published,
            source: Some(d.source),
            url: None,
            hash: String::new(),
        });
    }
    docs
}

fn ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let engine = Engine::open(dir.path(), Knowledge::default()).expect("engine");
    // The same gazetteers and rules as the engine's, for screening out panicking documents.
    let x = Knowledge::default().extractor(&[]).expect("extractor");
    let generator = corpus::Generator::new(2);
    let next = AtomicU64::new(0);
    let skipped = AtomicU64::new(0);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("ingest_batch_512", |b| {
        b.iter_batched(
            || next_batch(&generator, &next, &x, &skipped),
            |docs| black_box(engine.ingest_batch(docs).expect("ingest")),
            BatchSize::PerIteration,
        )
    });
    g.finish();
    std::panic::set_hook(hook);
    let n = skipped.load(Ordering::Relaxed);
    if n > 0 {
        eprintln!("warning: the extractor panicked on {n} generated documents; they were skipped");
    }
}

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, ingest);
criterion_main!(benches);
