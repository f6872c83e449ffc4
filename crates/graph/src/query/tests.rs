use newsgraph_model::Modality;

use super::*;
use crate::filter::allows;
use crate::fixture::{day, leaders};
use crate::Error;

fn ids(nodes: &[NodeInfo]) -> Vec<&str> {
    nodes.iter().map(|n| n.id.as_str()).collect()
}

#[test]
fn neighbours() {
    use Predicate::*;
    let g = leaders();
    let f = EdgeFilter::default;
    // (name, id, filter, neighbours)
    type Case = (
        &'static str,
        &'static str,
        EdgeFilter,
        Vec<(&'static str, Predicate)>,
    );
    let cases: Vec<Case> = vec![
        (
            "default: typed predicates, no co_occurs",
            "joe-biden",
            f(),
            vec![
                ("alexander-de-croo", Met),
                ("nato-summit-2021", Attended),
                ("recep-tayyip-erdogan", Met),
                ("vladimir-putin", Met),
            ],
        ),
        (
            "co_occurs only when asked",
            "joe-biden",
            EdgeFilter::predicates([CoOccurs]),
            vec![("jens-stoltenberg", CoOccurs)],
        ),
        (
            "planned meetings",
            "joe-biden",
            EdgeFilter {
                modalities: vec![Modality::Planned],
                ..EdgeFilter::predicates([Met])
            },
            vec![("recep-tayyip-erdogan", Met), ("vladimir-putin", Met)],
        ),
        (
            "asserted anything",
            "joe-biden",
            EdgeFilter {
                modalities: vec![Modality::Asserted],
                ..f()
            },
            vec![("alexander-de-croo", Met), ("nato-summit-2021", Attended)],
        ),
        (
            "in: symmetric edges pass, attended does not",
            "joe-biden",
            EdgeFilter {
                direction: Direction::In,
                ..f()
            },
            vec![
                ("alexander-de-croo", Met),
                ("recep-tayyip-erdogan", Met),
                ("vladimir-putin", Met),
            ],
        ),
        (
            "out of an object",
            "nato",
            EdgeFilter {
                direction: Direction::Out,
                ..f()
            },
            vec![],
        ),
        (
            "into an object",
            "nato",
            EdgeFilter {
                direction: Direction::In,
                ..f()
            },
            vec![
                ("jens-stoltenberg", HoldsRole),
                ("vladimir-putin", Criticized),
            ],
        ),
        (
            "type of the other end",
            "joe-biden",
            EdgeFilter {
                types: vec!["summit".into()],
                ..f()
            },
            vec![("nato-summit-2021", Attended)],
        ),
        (
            "min support",
            "joe-biden",
            EdgeFilter {
                min_support: 2,
                ..f()
            },
            vec![("alexander-de-croo", Met), ("recep-tayyip-erdogan", Met)],
        ),
        (
            "since",
            "joe-biden",
            EdgeFilter {
                since: Some(day("2021-06-15")),
                ..f()
            },
            vec![("vladimir-putin", Met)],
        ),
        (
            "until overlaps a range",
            "joe-biden",
            EdgeFilter {
                until: Some(day("2021-06-12")),
                ..f()
            },
            vec![("recep-tayyip-erdogan", Met)],
        ),
        (
            "one day",
            "joe-biden",
            EdgeFilter {
                since: Some(day("2021-06-14")),
                until: Some(day("2021-06-14")),
                ..f()
            },
            vec![
                ("alexander-de-croo", Met),
                ("nato-summit-2021", Attended),
                ("recep-tayyip-erdogan", Met),
            ],
        ),
        (
            "undated edges fail a date bound",
            "brussels",
            EdgeFilter {
                since: Some(day("2000-01-01")),
                ..f()
            },
            vec![],
        ),
        (
            "undated edges pass without one",
            "brussels",
            f(),
            vec![("nato-summit-2021", LocatedIn)],
        ),
        ("only co_occurs: nothing by default", "belgium", f(), vec![]),
    ];
    for (name, id, filter, want) in cases {
        let got = g
            .neighbours(id, &filter)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<(&str, Predicate)> = got
            .iter()
            .map(|n| (n.id.as_str(), n.relation.predicate))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn neighbour_directions() {
    let g = leaders();
    let cases = [
        ("vladimir-putin", "nato", Direction::Out),
        ("nato", "vladimir-putin", Direction::In),
        ("vladimir-putin", "joe-biden", Direction::Both),
        ("joe-biden", "vladimir-putin", Direction::Both),
    ];
    for (id, other, want) in cases {
        let got = g.neighbours(id, &EdgeFilter::default()).expect("known id");
        let n = got.iter().find(|n| n.id == other).expect("neighbour");
        assert_eq!(n.direction, want, "{id} → {other}");
        assert_eq!(
            n.name,
            g.node(other).map(|n| n.name.clone()).unwrap_or_default()
        );
    }
}

#[test]
fn errors() {
    let g = leaders();
    let backwards = EdgeFilter {
        since: Some(day("2021-07-01")),
        until: Some(day("2021-06-01")),
        ..EdgeFilter::default()
    };
    let not_found = Err(Error::NotFound {
        id: "nobody".into(),
    });
    let empty = Err(Error::EmptyDateRange {
        since: day("2021-07-01"),
        until: day("2021-06-01"),
    });
    let cases: Vec<(&str, Result<()>, Result<()>)> = vec![
        (
            "neighbours of unknown",
            g.neighbours("nobody", &EdgeFilter::default()).map(drop),
            not_found.clone(),
        ),
        (
            "neighbours, empty range",
            g.neighbours("joe-biden", &backwards).map(drop),
            empty.clone(),
        ),
        (
            "meetings of unknown",
            g.meetings(Some("nobody"), None, None).map(drop),
            not_found.clone(),
        ),
        (
            "meetings, empty range",
            g.meetings(None, backwards.since, backwards.until).map(drop),
            empty.clone(),
        ),
        (
            "ego of unknown",
            g.ego("nobody", 1, &EdgeFilter::default(), 0).map(drop),
            not_found.clone(),
        ),
        (
            "ego, empty range",
            g.ego("joe-biden", 1, &backwards, 0).map(drop),
            empty.clone(),
        ),
        (
            "path from unknown",
            g.shortest_path("nobody", "joe-biden", &[], None).map(drop),
            not_found.clone(),
        ),
        (
            "path to unknown",
            g.shortest_path("joe-biden", "nobody", &[], None).map(drop),
            not_found.clone(),
        ),
        (
            "export around unknown",
            g.subgraph(&ExportFilter {
                center: Some("nobody".into()),
                ..ExportFilter::default()
            })
            .map(drop),
            not_found,
        ),
        (
            "export, empty range",
            g.subgraph(&ExportFilter {
                since: backwards.since,
                until: backwards.until,
                ..ExportFilter::default()
            })
            .map(drop),
            empty,
        ),
    ];
    for (name, got, want) in cases {
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn meetings() {
    let g = leaders();
    // (name, id, since, until, (subject, object) of each meeting)
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Vec<(&'static str, &'static str)>,
    );
    let cases: Vec<Case> = vec![
        (
            "of an entity",
            Some("joe-biden"),
            None,
            None,
            vec![
                ("alexander-de-croo", "joe-biden"),
                ("joe-biden", "recep-tayyip-erdogan"),
                ("joe-biden", "vladimir-putin"),
            ],
        ),
        (
            "of all",
            None,
            None,
            None,
            vec![
                ("alexander-de-croo", "joe-biden"),
                ("joe-biden", "recep-tayyip-erdogan"),
                ("joe-biden", "vladimir-putin"),
            ],
        ),
        (
            "spoke_with is not met",
            Some("alexander-de-croo"),
            None,
            None,
            vec![("alexander-de-croo", "joe-biden")],
        ),
        ("none", Some("nato"), None, None, vec![]),
        (
            "since",
            None,
            Some("2021-06-15"),
            None,
            vec![("joe-biden", "vladimir-putin")],
        ),
        (
            "until",
            Some("joe-biden"),
            None,
            Some("2021-06-12"),
            vec![("joe-biden", "recep-tayyip-erdogan")],
        ),
    ];
    for (name, id, since, until, want) in cases {
        let got = g.meetings(id, since.map(day), until.map(day)).expect(name);
        let got: Vec<(&str, &str)> = got
            .iter()
            .map(|r| (r.subject.as_str(), r.object.as_str()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
    let met = g
        .meetings(Some("recep-tayyip-erdogan"), None, None)
        .expect("known id");
    assert_eq!(met[0].modalities.get(&Modality::Planned), Some(&2));
    assert_eq!(
        (met[0].first_date, met[0].last_date),
        (Some(day("2021-06-10")), Some(day("2021-06-14")))
    );
}

#[test]
fn ego() {
    use Predicate::*;
    let g = leaders();
    let f = EdgeFilter::default;
    // (name, center, depth, filter, max_nodes, nodes, edge count, truncated)
    type Case = (
        &'static str,
        &'static str,
        usize,
        EdgeFilter,
        usize,
        Vec<&'static str>,
        usize,
        bool,
    );
    let cases: Vec<Case> = vec![
        (
            "depth 0",
            "joe-biden",
            0,
            f(),
            0,
            vec!["joe-biden"],
            0,
            false,
        ),
        (
            "depth 1",
            "joe-biden",
            1,
            f(),
            0,
            vec![
                "alexander-de-croo",
                "joe-biden",
                "nato-summit-2021",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            6,
            false,
        ),
        (
            "depth 2",
            "joe-biden",
            2,
            f(),
            0,
            vec![
                "alexander-de-croo",
                "brussels",
                "joe-biden",
                "nato",
                "nato-summit-2021",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            8,
            false,
        ),
        (
            "depth 3 reaches all typed",
            "joe-biden",
            3,
            f(),
            0,
            vec![
                "alexander-de-croo",
                "brussels",
                "jens-stoltenberg",
                "joe-biden",
                "nato",
                "nato-summit-2021",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            9,
            false,
        ),
        (
            "max nodes, nearest by id first",
            "joe-biden",
            2,
            f(),
            3,
            vec!["alexander-de-croo", "joe-biden", "nato-summit-2021"],
            2,
            true,
        ),
        (
            "max nodes not reached",
            "nato",
            1,
            f(),
            3,
            vec!["jens-stoltenberg", "nato", "vladimir-putin"],
            2,
            false,
        ),
        (
            "met only",
            "recep-tayyip-erdogan",
            5,
            EdgeFilter::predicates([Met]),
            0,
            vec![
                "alexander-de-croo",
                "joe-biden",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            3,
            false,
        ),
        (
            "co_occurs when asked",
            "jens-stoltenberg",
            1,
            EdgeFilter::predicates([CoOccurs]),
            0,
            vec!["belgium", "jens-stoltenberg", "joe-biden"],
            2,
            false,
        ),
        (
            "types: center kept whatever its type",
            "nato",
            2,
            EdgeFilter {
                types: vec!["person".into()],
                ..f()
            },
            0,
            vec![
                "alexander-de-croo",
                "jens-stoltenberg",
                "joe-biden",
                "nato",
                "vladimir-putin",
            ],
            5,
            false,
        ),
        (
            "out steers the search only",
            "nato-summit-2021",
            2,
            EdgeFilter {
                direction: Direction::Out,
                ..f()
            },
            0,
            vec!["brussels", "nato-summit-2021"],
            1,
            false,
        ),
    ];
    for (name, id, depth, filter, max, want_nodes, want_edges, want_truncated) in cases {
        let sub = g
            .ego(id, depth, &filter, max)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ids(&sub.nodes), want_nodes, "{name}: nodes");
        assert_eq!(sub.edges.len(), want_edges, "{name}: edges {:?}", sub.edges);
        assert_eq!(sub.truncated, want_truncated, "{name}: truncated");
        let mut sorted = sub.edges.clone();
        sorted.sort_by(|a, b| edge_key(a).cmp(&edge_key(b)));
        assert_eq!(sorted, sub.edges, "{name}: edges sorted");
        assert!(
            sub.edges
                .iter()
                .all(|r| r.predicate != CoOccurs || filter.predicates.contains(&CoOccurs)),
            "{name}"
        );
    }
}

#[test]
fn shortest_paths() {
    use Predicate::*;
    let g = leaders();
    // (name, from, to, predicates, max_hops, path)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Vec<Predicate>,
        Option<usize>,
        Option<Vec<&'static str>>,
    );
    let cases: Vec<Case> = vec![
        (
            "direct, any typed",
            "alexander-de-croo",
            "vladimir-putin",
            vec![],
            None,
            Some(vec!["alexander-de-croo", "vladimir-putin"]),
        ),
        (
            "over met only",
            "alexander-de-croo",
            "vladimir-putin",
            vec![Met],
            None,
            Some(vec!["alexander-de-croo", "joe-biden", "vladimir-putin"]),
        ),
        (
            "met, other way round",
            "recep-tayyip-erdogan",
            "alexander-de-croo",
            vec![Met],
            None,
            Some(vec![
                "recep-tayyip-erdogan",
                "joe-biden",
                "alexander-de-croo",
            ]),
        ),
        (
            "no path over met",
            "jens-stoltenberg",
            "joe-biden",
            vec![Met],
            None,
            None,
        ),
        (
            "edges taken against their direction",
            "jens-stoltenberg",
            "joe-biden",
            vec![],
            None,
            Some(vec![
                "jens-stoltenberg",
                "nato",
                "vladimir-putin",
                "joe-biden",
            ]),
        ),
        (
            "too many hops",
            "jens-stoltenberg",
            "joe-biden",
            vec![],
            Some(2),
            None,
        ),
        (
            "just enough hops",
            "jens-stoltenberg",
            "joe-biden",
            vec![],
            Some(3),
            Some(vec![
                "jens-stoltenberg",
                "nato",
                "vladimir-putin",
                "joe-biden",
            ]),
        ),
        (
            "co_occurs when asked",
            "jens-stoltenberg",
            "joe-biden",
            vec![CoOccurs],
            None,
            Some(vec!["jens-stoltenberg", "joe-biden"]),
        ),
        (
            "co_occurs not by default",
            "belgium",
            "joe-biden",
            vec![],
            None,
            None,
        ),
        (
            "to itself",
            "joe-biden",
            "joe-biden",
            vec![Met],
            Some(0),
            Some(vec!["joe-biden"]),
        ),
    ];
    for (name, from, to, preds, max, want) in cases {
        let got = g
            .shortest_path(from, to, &preds, max)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.as_ref().map(|p| ids(&p.nodes)), want, "{name}");
        if let Some(p) = got {
            assert_eq!(p.hops() + 1, p.nodes.len(), "{name}");
            for (i, e) in p.edges.iter().enumerate() {
                let ends = [e.subject.as_str(), e.object.as_str()];
                assert!(
                    ends.contains(&p.nodes[i].id.as_str())
                        && ends.contains(&p.nodes[i + 1].id.as_str()),
                    "{name}: edge {i}"
                );
                assert!(allows(&preds, e.predicate), "{name}: edge {i} predicate");
            }
        }
    }
}

#[test]
fn export_subgraphs() {
    let g = leaders();
    let d = ExportFilter::default;
    let cases: Vec<(&str, ExportFilter, Vec<&str>, usize, bool)> = vec![
        (
            "whole graph without co_occurs",
            d(),
            vec![
                "alexander-de-croo",
                "brussels",
                "jens-stoltenberg",
                "joe-biden",
                "nato",
                "nato-summit-2021",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            9,
            false,
        ),
        (
            "persons only",
            ExportFilter {
                types: vec!["person".into()],
                ..d()
            },
            vec![
                "alexander-de-croo",
                "joe-biden",
                "recep-tayyip-erdogan",
                "vladimir-putin",
            ],
            4,
            false,
        ),
        (
            "min support",
            ExportFilter {
                min_support: 2,
                ..d()
            },
            vec![
                "alexander-de-croo",
                "jens-stoltenberg",
                "joe-biden",
                "nato",
                "recep-tayyip-erdogan",
            ],
            3,
            false,
        ),
        (
            "dated window",
            ExportFilter {
                since: Some(day("2021-06-15")),
                ..d()
            },
            vec!["joe-biden", "vladimir-putin"],
            1,
            false,
        ),
        (
            "most connected first",
            ExportFilter {
                max_nodes: 2,
                ..d()
            },
            vec!["joe-biden", "nato-summit-2021"],
            1,
            true,
        ),
        (
            "around a center",
            ExportFilter {
                center: Some("nato".into()),
                ..d()
            },
            vec!["jens-stoltenberg", "nato", "vladimir-putin"],
            2,
            false,
        ),
        (
            "co_occurs when asked",
            ExportFilter {
                predicates: vec![Predicate::CoOccurs],
                ..d()
            },
            vec!["belgium", "jens-stoltenberg", "joe-biden"],
            2,
            false,
        ),
    ];
    for (name, filter, want_nodes, want_edges, want_truncated) in cases {
        let sub = g
            .subgraph(&filter)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ids(&sub.nodes), want_nodes, "{name}: nodes");
        assert_eq!(sub.edges.len(), want_edges, "{name}: edges");
        assert_eq!(sub.truncated, want_truncated, "{name}: truncated");
    }
}

#[test]
fn results_serialise() {
    let g = leaders();
    let n = g
        .neighbours("nato", &EdgeFilter::default())
        .expect("known id");
    let v = serde_json::to_value(&n[0]).expect("serialise");
    assert_eq!(v["id"], "jens-stoltenberg");
    assert_eq!(v["type"], "person");
    assert_eq!(v["direction"], "in");
    assert_eq!(v["relation"]["predicate"], "holds_role");
    let filter: EdgeFilter =
        serde_json::from_str(r#"{"predicates": ["met"], "direction": "out"}"#).expect("filter");
    assert_eq!(
        filter,
        EdgeFilter {
            direction: Direction::Out,
            ..EdgeFilter::predicates([Predicate::Met])
        }
    );
}

#[test]
fn relations_of_sorts_only_the_first_asked_for() {
    let g = leaders();
    let every = EdgeFilter::predicates(Predicate::ALL);
    let (all, total) = g
        .relations_of("joe-biden", &every, usize::MAX)
        .expect("known");
    assert_eq!(all.len(), total);
    assert!(total >= 4, "{total}");
    let key = |r: &RelationAggregate| {
        (
            std::cmp::Reverse(r.support),
            r.subject.clone(),
            r.predicate,
            r.object.clone(),
        )
    };
    assert!(all.windows(2).all(|w| key(w[0]) <= key(w[1])), "sorted");
    // The first n of a partial sort are the first n of the full one.
    for first in [0, 1, 2, total - 1, total, total + 5] {
        let (some, n) = g.relations_of("joe-biden", &every, first).expect("known");
        assert_eq!(n, total, "first {first}");
        assert_eq!(some, all[..first.min(total)], "first {first}");
    }
    assert!(matches!(
        g.relations_of("nobody", &every, 10),
        Err(Error::NotFound { .. })
    ));
}

/// Every edge at `id` that passes `f`, fully sorted in listing order: what `relations_of`
/// must agree with.
fn relations_by_full_sort<'a>(
    g: &'a KnowledgeGraph,
    id: &str,
    f: &EdgeFilter,
) -> Vec<&'a RelationAggregate> {
    let n = g.index_of(id).expect("known");
    let mut all: Vec<&RelationAggregate> = g.passing(n, f).map(|(e, _, _)| &g.graph[e]).collect();
    all.sort_by(|a, b| crate::graph::listing_order(a, b));
    all
}

/// The filters the order must hold under: the fast count (predicates only) and the counted
/// walk (anything more).
fn listing_filters() -> Vec<(&'static str, EdgeFilter)> {
    vec![
        ("default", EdgeFilter::default()),
        ("every predicate", EdgeFilter::predicates(Predicate::ALL)),
        ("met", EdgeFilter::predicates([Predicate::Met])),
        ("co_occurs", EdgeFilter::predicates([Predicate::CoOccurs])),
        (
            "out",
            EdgeFilter {
                direction: Direction::Out,
                ..EdgeFilter::predicates(Predicate::ALL)
            },
        ),
        (
            "in",
            EdgeFilter {
                direction: Direction::In,
                ..EdgeFilter::default()
            },
        ),
        (
            "min support",
            EdgeFilter {
                min_support: 3,
                ..EdgeFilter::default()
            },
        ),
        (
            "planned",
            EdgeFilter {
                modalities: vec![Modality::Planned],
                ..EdgeFilter::predicates(Predicate::ALL)
            },
        ),
        (
            "persons",
            EdgeFilter {
                types: vec!["person".into()],
                ..EdgeFilter::default()
            },
        ),
        (
            "since",
            EdgeFilter {
                since: Some(day("2021-06-13")),
                ..EdgeFilter::predicates(Predicate::ALL)
            },
        ),
    ]
}

/// `relations_of` and `meetings_first` against a full sort for every node, filter and page
/// size.
fn assert_listings_match_full_sort(g: &KnowledgeGraph, step: &str) {
    let windows = [
        (None, None),
        (Some(day("2021-06-13")), None),
        (None, Some(day("2021-06-12"))),
    ];
    for node in g.graph.node_weights() {
        for (since, until) in windows {
            let n = g.index_of(&node.id).expect("known");
            let mut want: Vec<&RelationAggregate> = g
                .incident(n)
                .map(|(e, _, _)| &g.graph[e])
                .filter(|r| r.predicate == Predicate::Met && in_window(r, since, until))
                .collect();
            want.sort_by(|a, b| edge_key(a).cmp(&edge_key(b)));
            for first in [0, 1, 2, want.len(), usize::MAX] {
                let (got, total) = g
                    .meetings_first(Some(&node.id), since, until, first)
                    .expect("known");
                let what = format!("{step}: meetings of {} {since:?} first {first}", node.id);
                assert_eq!(total, want.len(), "{what}: total");
                assert_eq!(got, want[..first.min(want.len())], "{what}");
            }
        }
        for (name, f) in listing_filters() {
            let want = relations_by_full_sort(g, &node.id, &f);
            for first in [0, 1, 2, 3, want.len(), usize::MAX] {
                let (got, total) = g.relations_of(&node.id, &f, first).expect("known");
                let what = format!("{step}: {} {name} first {first}", node.id);
                assert_eq!(total, want.len(), "{what}: total");
                assert_eq!(got, want[..first.min(want.len())], "{what}");
            }
        }
    }
}

/// A small deterministic generator, so the walk below is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn relations_of_matches_a_full_sort_through_upserts() {
    use crate::fixture::{agg, lookup};
    let ids = [
        "joe-biden",
        "vladimir-putin",
        "nato",
        "belgium",
        "angela-merkel",
        "jens-stoltenberg",
    ];
    let predicates = [
        Predicate::Met,
        Predicate::CoOccurs,
        Predicate::Criticized,
        Predicate::MemberOf,
    ];
    let modalities = [Modality::Asserted, Modality::Planned];
    let dates = [
        None,
        Some(("2021-06-10", "2021-06-12")),
        Some(("2021-06-14", "2021-06-14")),
    ];
    let mut g = leaders();
    assert_listings_match_full_sort(&g, "built");
    let mut rng = Lcg(7);
    for step in 0..300 {
        let s = ids[rng.below(ids.len())];
        // Now and then a self-loop.
        let o = ids[rng.below(ids.len())];
        let p = predicates[rng.below(predicates.len())];
        let new = (rng.below(4) > 0).then(|| {
            // Small supports, so ties are common and the key decides.
            let support = 1 + rng.below(3) as u64;
            let m = modalities[rng.below(modalities.len())];
            agg(s, p, o, &[(m, support)], dates[rng.below(dates.len())])
        });
        g.upsert((s, p, o), new, lookup);
        if step % 10 == 0 {
            assert_listings_match_full_sort(&g, &format!("step {step}"));
            g.assert_edge_index();
        }
    }
    assert_listings_match_full_sort(&g, "end");
    // The same relations built at once list the same way.
    let rebuilt = KnowledgeGraph::from_relations(g.relations().cloned(), lookup);
    rebuilt.assert_edge_index();
    for node in g.graph.node_weights() {
        for (name, f) in listing_filters() {
            assert_eq!(
                g.relations_of(&node.id, &f, usize::MAX).expect("known"),
                rebuilt
                    .relations_of(&node.id, &f, usize::MAX)
                    .expect("known"),
                "{} {name}",
                node.id
            );
        }
    }
}

#[test]
fn meetings_first_pages_the_full_list() {
    let g = leaders();
    let cases: [(&str, Option<&str>, Option<&str>); 4] = [
        ("of an entity", Some("joe-biden"), None),
        ("of all", None, None),
        ("since", None, Some("2021-06-15")),
        ("none", Some("nato"), None),
    ];
    for (name, id, since) in cases {
        let since = since.map(day);
        let all = g.meetings(id, since, None).expect(name);
        for first in [0, 1, 2, all.len(), all.len() + 3] {
            let (page, total) = g.meetings_first(id, since, None, first).expect(name);
            assert_eq!(total, all.len(), "{name} first {first}");
            let want: Vec<&RelationAggregate> = all.iter().take(first).collect();
            assert_eq!(page, want, "{name} first {first}");
        }
    }
}
