//! Queries answered through the indices.

use std::collections::BTreeSet;

use newsgraph_model::{Modality, Predicate};

use super::*;
use crate::{DocumentQuery, EntityQuery, Error, RelationQuery};

/// Four documents about five entities.
fn corpus() -> crate::Result<Store> {
    let store = Store::open_temporary()?;
    let mut erdogan = entity("recep-tayyip-erdogan", "person", "Recep Tayyip Erdoğan");
    erdogan.acronyms.push("RTE".into());
    let entities = [
        entity("joe-biden", "person", "Joe Biden"),
        entity("xi-jinping", "person", "Xi Jinping"),
        erdogan,
        entity("nato", "organization", "NATO"),
        entity("turkey", "country", "Turkey"),
    ];
    let pick = |ids: &[&str]| -> Vec<Entity> {
        entities
            .iter()
            .filter(|e| ids.contains(&e.id.as_str()))
            .cloned()
            .collect()
    };
    use Modality::*;
    use Predicate::*;
    let docs = [
        (
            "d1",
            "2021-06-14",
            vec![
                relation("joe-biden", Met, "recep-tayyip-erdogan", Asserted, 0, None),
                relation("joe-biden", Attended, "nato", Asserted, 10, None),
                relation("recep-tayyip-erdogan", Attended, "nato", Asserted, 10, None),
            ],
        ),
        (
            "d2",
            "2022-11-14",
            vec![
                relation("xi-jinping", Met, "joe-biden", Asserted, 0, None),
                relation("joe-biden", Criticized, "xi-jinping", Negated, 10, None),
            ],
        ),
        (
            "d3",
            "2023-01-10",
            vec![
                relation(
                    "joe-biden",
                    Met,
                    "xi-jinping",
                    Planned,
                    0,
                    Some("2023-02-01"),
                ),
                relation(
                    "recep-tayyip-erdogan",
                    HoldsRole,
                    "turkey",
                    Asserted,
                    10,
                    None,
                ),
            ],
        ),
        (
            "d4",
            "2023-05-01",
            vec![
                relation(
                    "recep-tayyip-erdogan",
                    Criticized,
                    "joe-biden",
                    Asserted,
                    0,
                    None,
                ),
                relation("joe-biden", Met, "xi-jinping", Asserted, 10, None),
            ],
        ),
    ];
    for (id, date, relations) in docs {
        let ids: BTreeSet<&str> = relations
            .iter()
            .flat_map(|r| [r.subject.as_str(), r.object.as_str()])
            .collect();
        let ids: Vec<&str> = ids.into_iter().collect();
        let mut d = doc(id, &format!("text of {id}"), Some(date));
        d.source = Some(if id == "d2" { "wire" } else { "paper" }.into());
        store.ingest(d, &extraction(&pick(&ids), relations))?;
    }
    assert_clean(&store);
    Ok(store)
}

fn triples(found: &[newsgraph_model::RelationAggregate]) -> Vec<String> {
    let mut out: Vec<String> = found
        .iter()
        .map(|a| format!("{} {} {}", a.subject, a.predicate, a.object))
        .collect();
    out.sort();
    out
}

#[test]
fn relation_queries() -> crate::Result<()> {
    let store = corpus()?;
    let q = RelationQuery::default;
    let s = |id: &str| Some(id.to_owned());
    const BX: &str = "joe-biden met xi-jinping";
    const BE: &str = "joe-biden met recep-tayyip-erdogan";
    const BN: &str = "joe-biden attended nato";
    const EN: &str = "recep-tayyip-erdogan attended nato";
    const BCX: &str = "joe-biden criticized xi-jinping";
    const ECB: &str = "recep-tayyip-erdogan criticized joe-biden";
    const ET: &str = "recep-tayyip-erdogan holds_role turkey";
    let cases: Vec<(&str, RelationQuery, Vec<&str>)> = vec![
        ("everything", q(), vec![BN, BCX, BE, BX, EN, ECB, ET]),
        (
            "subject, asymmetric and symmetric",
            RelationQuery {
                subject: s("recep-tayyip-erdogan"),
                ..q()
            },
            vec![BE, EN, ECB, ET],
        ),
        (
            "subject of a symmetric relation stored as object",
            RelationQuery {
                subject: s("xi-jinping"),
                predicate: Some(Predicate::Met),
                ..q()
            },
            vec![BX],
        ),
        (
            "object",
            RelationQuery {
                object: s("joe-biden"),
                ..q()
            },
            vec![BE, BX, ECB],
        ),
        (
            "object, asymmetric only",
            RelationQuery {
                object: s("joe-biden"),
                predicate: Some(Predicate::Criticized),
                ..q()
            },
            vec![ECB],
        ),
        (
            "subject and object",
            RelationQuery {
                subject: s("joe-biden"),
                object: s("xi-jinping"),
                ..q()
            },
            vec![BCX, BX],
        ),
        (
            "subject and object reversed",
            RelationQuery {
                subject: s("xi-jinping"),
                object: s("joe-biden"),
                ..q()
            },
            vec![BX],
        ),
        (
            "entity",
            RelationQuery {
                entity: s("nato"),
                ..q()
            },
            vec![BN, EN],
        ),
        (
            "predicate",
            RelationQuery {
                predicate: Some(Predicate::Criticized),
                ..q()
            },
            vec![BCX, ECB],
        ),
        (
            "modality",
            RelationQuery {
                modality: Some(Modality::Planned),
                ..q()
            },
            vec![BX],
        ),
        (
            "negated with entity",
            RelationQuery {
                entity: s("xi-jinping"),
                modality: Some(Modality::Negated),
                ..q()
            },
            vec![BCX],
        ),
        (
            "min support",
            RelationQuery {
                min_support: 2,
                ..q()
            },
            vec![BX],
        ),
        (
            "since",
            RelationQuery {
                since: Some(day("2023-01-01")),
                ..q()
            },
            vec![BX, ECB, ET],
        ),
        (
            "until",
            RelationQuery {
                until: Some(day("2021-12-31")),
                ..q()
            },
            vec![BN, BE, EN],
        ),
        (
            "range inside a relation's span",
            RelationQuery {
                since: Some(day("2023-01-20")),
                until: Some(day("2023-02-20")),
                ..q()
            },
            vec![BX],
        ),
        (
            "nothing matches",
            RelationQuery {
                entity: s("nobody"),
                ..q()
            },
            vec![],
        ),
    ];
    for (name, query, want) in cases {
        let mut want: Vec<String> = want.into_iter().map(String::from).collect();
        want.sort();
        assert_eq!(triples(&store.relations(&query)?), want, "{name}");
    }
    let top = store.relations(&RelationQuery {
        entity: s("joe-biden"),
        limit: Some(1),
        ..q()
    })?;
    assert_eq!(triples(&top), [BX], "limit keeps the most supported");
    let bx = &top[0];
    assert_eq!(
        (bx.support, bx.first_date, bx.last_date),
        (3, Some(day("2022-11-14")), Some(day("2023-05-01")))
    );
    // A point read finds the same aggregate, from either end of a symmetric relation.
    for (s, o) in [("joe-biden", "xi-jinping"), ("xi-jinping", "joe-biden")] {
        assert_eq!(store.relation(s, Predicate::Met, o)?.as_ref(), Some(bx));
    }
    assert_eq!(
        store.relation("xi-jinping", Predicate::Criticized, "joe-biden")?,
        None,
        "criticized is not symmetric"
    );
    Ok(())
}

#[test]
fn entity_prefix_search() -> crate::Result<()> {
    let store = corpus()?;
    let search = |prefix: &str, kind: Option<&str>| -> crate::Result<Vec<String>> {
        let page = store.entities(&EntityQuery {
            prefix: Some(prefix.into()),
            kind: kind.map(Into::into),
            ..Default::default()
        })?;
        Ok(page.items.into_iter().map(|e| e.entity.id).collect())
    };
    let erdogan = vec!["recep-tayyip-erdogan".to_owned()];
    let cases: [(&str, &str, Option<&str>, Vec<String>); 8] = [
        (
            "folded prefix of the surname",
            "erdo",
            None,
            erdogan.clone(),
        ),
        ("diacritic and case", "ERDOĞ", None, erdogan.clone()),
        ("start of the name", "recep t", None, erdogan.clone()),
        ("acronym", "rte", None, erdogan.clone()),
        ("kind filter keeps", "erdo", Some("person"), erdogan.clone()),
        ("kind filter drops", "erdo", Some("country"), vec![]),
        (
            "shared prefix",
            "j",
            None,
            vec!["joe-biden".into(), "xi-jinping".into()],
        ),
        ("no match", "zz", None, vec![]),
    ];
    for (name, prefix, kind, want) in cases {
        assert_eq!(search(prefix, kind)?, want, "{name}");
    }
    let people = store.entities(&EntityQuery {
        kind: Some("person".into()),
        ..Default::default()
    })?;
    assert_eq!(people.items.len(), 3);
    assert_eq!(
        store
            .entity("recep-tayyip-erdogan")?
            .map(|e| (e.mentions, e.documents)),
        Some((3, 3))
    );
    Ok(())
}

/// Walks every page of a listing and returns the ids in the order seen.
fn walk<T>(
    mut page: impl FnMut(Option<String>) -> crate::Result<crate::Page<T>>,
    id: impl Fn(&T) -> String,
) -> crate::Result<Vec<String>> {
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let p = page(cursor)?;
        ids.extend(p.items.iter().map(&id));
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(ids),
        }
    }
}

#[test]
fn pagination_covers_every_item_once_in_order() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let mut all = Vec::new();
    for i in 0..23 {
        let id = format!("doc-{i:02}");
        let published = format!("2024-01-{:02}", i % 5 + 1);
        let mut d = doc(&id, &id, Some(&published));
        d.source = Some(if i % 3 == 0 { "wire" } else { "paper" }.into());
        let person = entity(&format!("person-{i:02}"), "person", &format!("Person {i}"));
        store.ingest(d, &extraction(&[person], vec![]))?;
        all.push((id, i % 5 + 1, i % 3 == 0));
    }
    let cases: [(&str, DocumentQuery, Vec<String>); 4] = [
        (
            "all",
            DocumentQuery::default(),
            all.iter().map(|d| d.0.clone()).collect(),
        ),
        (
            "by source",
            DocumentQuery {
                source: Some("wire".into()),
                ..Default::default()
            },
            all.iter().filter(|d| d.2).map(|d| d.0.clone()).collect(),
        ),
        (
            "by date range",
            DocumentQuery {
                since: Some(day("2024-01-02")),
                until: Some(day("2024-01-03")),
                ..Default::default()
            },
            all.iter()
                .filter(|d| (2..=3).contains(&d.1))
                .map(|d| d.0.clone())
                .collect(),
        ),
        (
            "date and source",
            DocumentQuery {
                since: Some(day("2024-01-04")),
                source: Some("paper".into()),
                ..Default::default()
            },
            all.iter()
                .filter(|d| d.1 >= 4 && !d.2)
                .map(|d| d.0.clone())
                .collect(),
        ),
    ];
    for (name, query, want) in cases {
        for limit in [1, 4, 100] {
            let got = walk(
                |cursor| {
                    store.documents(&DocumentQuery {
                        cursor,
                        limit,
                        ..query.clone()
                    })
                },
                |d| d.id.clone(),
            )?;
            assert_eq!(got, want, "{name}, limit {limit}");
        }
    }
    let entities = walk(
        |cursor| {
            store.entities(&EntityQuery {
                cursor,
                limit: 5,
                ..Default::default()
            })
        },
        |e| e.entity.id.clone(),
    )?;
    assert_eq!(
        entities,
        (0..23)
            .map(|i| format!("person-{i:02}"))
            .collect::<Vec<_>>()
    );
    let first = store.documents(&DocumentQuery {
        limit: 1,
        ..Default::default()
    })?;
    assert_eq!(first.items[0].mentions, 1);
    for bad in ["zz", "abc", "ff"] {
        let q = DocumentQuery {
            cursor: Some(bad.into()),
            ..Default::default()
        };
        assert!(
            matches!(store.documents(&q), Err(Error::InvalidCursor { .. })),
            "{bad}"
        );
    }
    Ok(())
}

#[test]
fn candidates_are_grouped_by_folded_text() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    for i in 0..7 {
        let mut ex = extraction(&[], vec![]);
        let spelling = if i == 0 { "JANE ROE" } else { "Jane Roe" };
        ex.mentions.push(mention(0, spelling, None, "person"));
        if i < 2 {
            ex.mentions
                .push(mention(20, "Örebro Group", None, "organization"));
        }
        store.ingest(
            doc(&format!("d{i}"), &format!("Jane Roe said {i}."), None),
            &ex,
        )?;
    }
    let found = store.candidates(10)?;
    let summary: Vec<_> = found
        .iter()
        .map(|c| (c.text.as_str(), c.kind.as_str(), c.count, c.contexts.len()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Jane Roe", "person", 7, 5),
            ("Örebro Group", "organization", 2, 2)
        ]
    );
    assert_eq!(found[0].contexts[0].sentence_text, "Jane Roe said 0.");
    assert_eq!(store.candidates(1)?.len(), 1);
    store.delete("d0")?;
    store.delete("d1")?;
    let found = store.candidates(10)?;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].count, 5);
    assert_clean(&store);
    Ok(())
}
