//! Ingest and delete undo each other: ingesting documents and deleting some leaves the same
//! store and graph as ingesting only the others, in any order. Run on the library (the engine
//! the command line drives) with a small gazetteer, to stay fast.

use std::path::Path;

use newsgraph_engine::{Engine, Knowledge};
use newsgraph_graph::{to_json, ExportFilter};
use newsgraph_model::{Document, Predicate};
use newsgraph_store::EntityQuery;
use proptest::prelude::*;

const GAZETTEER: &str = r#"{"id": "angela-merkel", "type": "person", "name": "Angela Merkel"}
{"id": "emmanuel-macron", "type": "person", "name": "Emmanuel Macron"}
{"id": "joe-biden", "type": "person", "name": "Joe Biden"}
{"id": "vladimir-putin", "type": "person", "name": "Vladimir Putin"}
{"id": "mario-draghi", "type": "person", "name": "Mario Draghi"}
{"id": "justin-trudeau", "type": "person", "name": "Justin Trudeau"}
{"id": "france", "type": "country", "name": "France", "demonyms": ["French"]}
{"id": "paris", "type": "city", "name": "Paris", "country": "france"}
{"id": "geneva", "type": "city", "name": "Geneva"}
"#;

const SENTENCES: &[&str] = &[
    "Angela Merkel met Emmanuel Macron in Paris on Monday.",
    "Joe Biden will meet Vladimir Putin in Geneva next week.",
    "Mario Draghi met Joe Biden.",
    "Justin Trudeau did not meet Angela Merkel.",
    "Emmanuel Macron traveled to Geneva on Tuesday.",
    "Vladimir Putin criticized Justin Trudeau.",
    "Joe Biden met Angela Merkel and Emmanuel Macron.",
    "French President Emmanuel Macron spoke with Mario Draghi.",
];

const DATES: &[&str] = &["2021-06-14", "2021-06-21", "2022-01-03"];

fn document(i: usize, sentences: &[usize], date: usize) -> Document {
    let text: Vec<&str> = sentences.iter().map(|&s| SENTENCES[s]).collect();
    Document {
        id: format!("d{i}"),
        title: format!("Document {i}"),
        text: text.join(" "),
        published: DATES[date].parse().ok(),
        source: None,
        url: None,
        hash: String::new(),
    }
}

/// A temporary directory holding the test gazetteer, for [`open`].
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("people.gaz"), GAZETTEER).expect("gazetteer");
    dir
}

fn open(dir: &Path) -> Engine {
    let knowledge = Knowledge {
        gazetteers: vec![dir.join("people.gaz")],
        no_default_gazetteers: true,
        rules: Vec::new(),
    };
    Engine::open(&dir.join("data"), knowledge).expect("open engine")
}

/// Everything a user can see: the graph (all predicates), the stats, the entities.
fn view(engine: &Engine) -> (serde_json::Value, newsgraph_store::Stats, String) {
    let all = ExportFilter {
        predicates: Predicate::ALL.to_vec(),
        ..ExportFilter::default()
    };
    let graph = to_json(&engine.graph().subgraph(&all).expect("subgraph"));
    let stats = engine.store().stats().expect("stats");
    let entities = engine
        .store()
        .entities(&EntityQuery {
            limit: 1000,
            ..EntityQuery::default()
        })
        .expect("entities");
    let problems = engine.store().check().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
    (graph, stats, format!("{:?}", entities.items))
}

fn docs_strategy() -> impl Strategy<Value = Vec<(Vec<usize>, usize, bool)>> {
    prop::collection::vec(
        (
            prop::collection::vec(0..SENTENCES.len(), 1..4),
            0..DATES.len(),
            any::<bool>(),
        ),
        2..7,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn ingest_all_then_delete_some_equals_ingest_the_rest(
        docs in docs_strategy(),
        seed in any::<u64>(),
    ) {
        let [dir_a, dir_b] = [data_dir(), data_dir()];
        let all: Vec<Document> = docs
            .iter()
            .enumerate()
            .map(|(i, (s, date, _))| document(i, s, *date))
            .collect();
        // A shuffled order, from the seed.
        let mut order: Vec<usize> = (0..all.len()).collect();
        let mut x = seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }

        let a = open(dir_a.path());
        a.ingest_batch(order.iter().map(|&i| all[i].clone()).collect()).expect("ingest");
        for &i in order.iter().rev() {
            if docs[i].2 {
                prop_assert!(a.delete(&all[i].id).expect("delete"));
            }
        }
        let after_delete = view(&a);

        let b = open(dir_b.path());
        for &i in &order {
            if !docs[i].2 {
                b.ingest(all[i].clone()).expect("ingest");
            }
        }
        prop_assert_eq!(&after_delete, &view(&b));

        // The graph kept up to date step by step equals the one rebuilt from the store.
        drop(a);
        prop_assert_eq!(&after_delete, &view(&open(dir_a.path())));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Storing batches through the pipeline (each planned while the one before is written)
    /// leaves the graph, the stats and the entities as storing them one after another does,
    /// documents replaced across batches included.
    #[test]
    fn bulk_store_equals_batches_stored_one_after_another(
        docs in docs_strategy(),
        cut in 1usize..4,
    ) {
        let [dir_a, dir_b] = [data_dir(), data_dir()];
        let all: Vec<Document> = docs
            .iter()
            .enumerate()
            .map(|(i, (s, date, _))| {
                let mut d = document(i, s, *date);
                // Ids repeat, so later documents replace earlier ones.
                d.id = format!("d{}", i % 3);
                d
            })
            .collect();
        let batches: Vec<Vec<Document>> = all.chunks(cut).map(<[Document]>::to_vec).collect();

        let a = open(dir_a.path());
        let mut bulk = a.bulk_store();
        for batch in &batches {
            bulk.store(a.extract_batch(batch.clone()).expect("tag")).expect("store");
        }
        bulk.finish().expect("finish");

        let b = open(dir_b.path());
        for batch in &batches {
            b.ingest_batch(batch.clone()).expect("ingest");
        }
        prop_assert_eq!(view(&a), view(&b));
    }
}

/// Writers on several threads (batches, single documents, deletes, ids shared between the
/// threads) leave the graph as a graph built afresh from the store says: each graph refresh
/// reads the store as it is when it runs, beside the next write.
#[test]
fn concurrent_writers_leave_the_graph_as_the_store_says() {
    let dir = data_dir();
    let engine = open(dir.path());
    // Built now, so every write below refreshes it.
    drop(engine.graph());
    std::thread::scope(|s| {
        for t in 0..4 {
            let engine = &engine;
            s.spawn(move || {
                for round in 0..24 {
                    let i = t * 100 + round;
                    let sentences = [i % SENTENCES.len(), (i * 3 + 1) % SENTENCES.len()];
                    let mut d = document(i, &sentences, i % DATES.len());
                    d.id = format!("d{}", i % 7);
                    // Each thread ends with a batch.
                    match (round + 1) % 3 {
                        0 => {
                            let other = document(1000 + i, &[(i + 5) % SENTENCES.len()], 0);
                            engine.ingest_batch(vec![d, other]).expect("batch");
                        }
                        1 => {
                            engine.ingest(d).expect("ingest");
                        }
                        _ => {
                            engine.delete(&d.id).expect("delete");
                        }
                    }
                }
            });
        }
    });
    let live = view(&engine);
    engine.rebuild_graph().expect("rebuild");
    assert_eq!(live, view(&engine));
}
