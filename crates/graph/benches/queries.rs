//! The main graph queries on a large graph: entity relations (neighbours), who met whom,
//! ego network, shortest path and PageRank, plus building the graph.
//!
//! The graph holds the relations stated by 200,000 generated documents (`bench/gen`, seed 3),
//! summed per (subject, predicate, object) as the store does; set `NEWSGRAPH_BENCH_DOCS` for
//! another size. Run: `cargo bench -p newsgraph-graph --bench queries`.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use newsgraph_graph::{EdgeFilter, KnowledgeGraph, NodeInfo};
use newsgraph_model::{Modality, Predicate, RelationAggregate};

#[path = "../../../bench/gen/src/corpus.rs"]
mod corpus;

struct Fixture {
    relations: Vec<RelationAggregate>,
    nodes: HashMap<String, NodeInfo>,
    /// The most connected person, and one at the far end of the ranking.
    hub: String,
    rare: String,
}

fn fixture() -> Fixture {
    let docs: u64 = std::env::var("NEWSGRAPH_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let generator = corpus::Generator::new(3);
    let names = generator.names();
    let mut nodes = HashMap::new();
    for p in &names.people {
        nodes.insert(p.id.clone(), NodeInfo::new(&p.id, &p.name, "person"));
    }
    for (list, kind) in [
        (&names.countries, "country"),
        (&names.cities, "city"),
        (&names.orgs, "organization"),
        (&names.events, "event"),
    ] {
        for n in list {
            nodes.insert(n.id.clone(), NodeInfo::new(&n.id, &n.name, kind));
        }
    }
    let mut aggs: BTreeMap<(String, Predicate, String), RelationAggregate> = BTreeMap::new();
    for n in 0..docs {
        let d = generator.doc(n);
        let date = d.published.parse().ok();
        for f in d.facts {
            let (Some(p), Some(m)) = (Predicate::parse(f.predicate), Modality::parse(f.modality))
            else {
                continue;
            };
            let (s, o) = if p.is_symmetric() && f.object < f.subject {
                (f.object, f.subject)
            } else {
                (f.subject, f.object)
            };
            let a = aggs
                .entry((s.clone(), p, o.clone()))
                .or_insert_with(|| RelationAggregate {
                    subject: s,
                    predicate: p,
                    object: o,
                    support: 0,
                    modalities: BTreeMap::new(),
                    roles: BTreeMap::new(),
                    first_date: date,
                    last_date: date,
                });
            a.support += 1;
            *a.modalities.entry(m).or_default() += 1;
            a.first_date = a.first_date.min(date);
            a.last_date = a.last_date.max(date);
        }
    }
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for a in aggs.values().filter(|a| a.predicate == Predicate::Met) {
        *degree.entry(&a.subject).or_default() += 1;
        *degree.entry(&a.object).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = degree.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let hub = ranked.first().map(|r| r.0.to_string()).unwrap_or_default();
    let rare = ranked.last().map(|r| r.0.to_string()).unwrap_or_default();
    Fixture {
        relations: aggs.into_values().collect(),
        nodes,
        hub,
        rare,
    }
}

fn queries(c: &mut Criterion) {
    let f = fixture();
    let lookup = |id: &str| f.nodes.get(id).cloned();
    let graph = KnowledgeGraph::from_relations(f.relations.clone(), lookup);
    eprintln!(
        "graph: {} nodes, {} edges; hub {}, far node {}",
        graph.node_count(),
        graph.edge_count(),
        f.hub,
        f.rare
    );
    let all = EdgeFilter::default();
    let mut g = c.benchmark_group("graph");
    g.bench_function("relations_of_hub", |b| {
        b.iter(|| black_box(graph.neighbours(&f.hub, &all).expect("hub")))
    });
    // What the server does for the first page of `/v1/entities/{hub}/relations`.
    let every = EdgeFilter::predicates(Predicate::ALL);
    g.bench_function("relations_of_hub_first_page", |b| {
        b.iter(|| black_box(graph.relations_of(&f.hub, &every, 50).expect("hub")))
    });
    g.bench_function("meetings_of_hub", |b| {
        b.iter(|| black_box(graph.meetings(Some(&f.hub), None, None).expect("hub")))
    });
    g.bench_function("ego_hub_depth2_200", |b| {
        b.iter(|| black_box(graph.ego(&f.hub, 2, &all, 200).expect("hub")))
    });
    g.bench_function("shortest_path_hub_to_far", |b| {
        b.iter(|| {
            black_box(
                graph
                    .shortest_path(&f.hub, &f.rare, &[], None)
                    .expect("path"),
            )
        })
    });
    g.sample_size(10);
    g.bench_function("meetings_all", |b| {
        b.iter(|| black_box(graph.meetings(None, None, None).expect("all")))
    });
    g.bench_function("pagerank_top20", |b| {
        b.iter(|| black_box(graph.pagerank(&[], 20)))
    });
    g.bench_function("build_from_relations", |b| {
        b.iter(|| black_box(KnowledgeGraph::from_relations(f.relations.clone(), lookup)))
    });
    g.finish();
}

/// The allocator the `newsgraph` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, queries);
criterion_main!(benches);
