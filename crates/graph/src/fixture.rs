//! The small graph the unit tests share: leaders around the 2021 NATO summit.

use chrono::NaiveDate;
use newsgraph_model::{Modality, Predicate, RelationAggregate};

use crate::{KnowledgeGraph, NodeInfo};

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// An asserted aggregate without dates.
pub fn rel(s: &str, p: Predicate, o: &str, support: u64) -> RelationAggregate {
    agg(s, p, o, &[(Modality::Asserted, support)], None)
}

pub fn agg(
    s: &str,
    p: Predicate,
    o: &str,
    modalities: &[(Modality, u64)],
    dates: Option<(&str, &str)>,
) -> RelationAggregate {
    RelationAggregate {
        subject: s.to_owned(),
        predicate: p,
        object: o.to_owned(),
        support: modalities.iter().map(|(_, n)| n).sum(),
        modalities: modalities.iter().copied().collect(),
        roles: Default::default(),
        first_date: dates.map(|(f, _)| day(f)),
        last_date: dates.map(|(_, l)| day(l)),
    }
}

pub fn lookup(id: &str) -> Option<NodeInfo> {
    let (name, kind) = match id {
        "alexander-de-croo" => ("Alexander De Croo", "person"),
        "angela-merkel" => ("Angela Merkel", "person"),
        "belgium" => ("Belgium", "country"),
        "brussels" => ("Brussels", "city"),
        "jens-stoltenberg" => ("Jens Stoltenberg", "person"),
        "joe-biden" => ("Joe Biden", "person"),
        "nato" => ("NATO", "organization"),
        "nato-summit-2021" => ("NATO Summit 2021", "summit"),
        "recep-tayyip-erdogan" => ("Recep Tayyip Erdoğan", "person"),
        "vladimir-putin" => ("Vladimir Putin", "person"),
        _ => return None,
    };
    Some(NodeInfo::new(id, name, kind))
}

pub fn leader_relations() -> Vec<RelationAggregate> {
    use Modality::*;
    use Predicate::*;
    let mut holds = agg(
        "jens-stoltenberg",
        HoldsRole,
        "nato",
        &[(Asserted, 2)],
        Some(("2021-06-13", "2021-06-14")),
    );
    holds.roles = [("Secretary General".to_owned(), 2)].into();
    vec![
        agg(
            "joe-biden",
            Met,
            "recep-tayyip-erdogan",
            &[(Planned, 2)],
            Some(("2021-06-10", "2021-06-14")),
        ),
        agg(
            "alexander-de-croo",
            Met,
            "joe-biden",
            &[(Asserted, 3)],
            Some(("2021-06-13", "2021-06-14")),
        ),
        agg(
            "joe-biden",
            Met,
            "vladimir-putin",
            &[(Planned, 1)],
            Some(("2021-06-16", "2021-06-16")),
        ),
        holds,
        agg(
            "joe-biden",
            Attended,
            "nato-summit-2021",
            &[(Asserted, 1)],
            Some(("2021-06-14", "2021-06-14")),
        ),
        agg(
            "recep-tayyip-erdogan",
            Attended,
            "nato-summit-2021",
            &[(Asserted, 1)],
            Some(("2021-06-14", "2021-06-14")),
        ),
        agg(
            "nato-summit-2021",
            LocatedIn,
            "brussels",
            &[(Asserted, 1)],
            None,
        ),
        agg(
            "vladimir-putin",
            Criticized,
            "nato",
            &[(Asserted, 1)],
            Some(("2021-06-01", "2021-06-01")),
        ),
        agg(
            "alexander-de-croo",
            SpokeWith,
            "vladimir-putin",
            &[(Negated, 1)],
            Some(("2021-05-20", "2021-05-20")),
        ),
        agg(
            "belgium",
            CoOccurs,
            "jens-stoltenberg",
            &[(Asserted, 4)],
            None,
        ),
        agg(
            "jens-stoltenberg",
            CoOccurs,
            "joe-biden",
            &[(Asserted, 5)],
            None,
        ),
    ]
}

/// Nine nodes, eleven edges; Belgium is reached only through `co_occurs`.
pub fn leaders() -> KnowledgeGraph {
    KnowledgeGraph::from_relations(leader_relations(), lookup)
}
