//! Ingest and delete are exact inverses, whatever the documents.

use newsgraph_model::{Modality, Predicate};
use proptest::prelude::*;

use super::*;

const ENTITIES: [&str; 5] = ["ana", "bo", "cy", "dee", "ed"];
const PREDICATES: [Predicate; 4] = [
    Predicate::Met,
    Predicate::Attended,
    Predicate::CoOccurs,
    Predicate::HoldsRole,
];
const DATES: [Option<&str>; 4] = [
    None,
    Some("2020-01-01"),
    Some("2021-06-15"),
    Some("2022-12-31"),
];

/// The same facts for an id in every document, as a gazetteer gives them.
fn known(id: &str) -> Entity {
    let mut e = entity(id, "person", &format!("Name {id}"));
    e.aliases.push(format!("Alias {id}"));
    e
}

#[derive(Debug, Clone)]
struct Synthetic {
    published: Option<&'static str>,
    mentions: Vec<(usize, Option<usize>)>,
    relations: Vec<SyntheticRelation>,
}

/// Indices of subject, predicate, object and modality; evidence start; date; has a role.
type SyntheticRelation = (
    usize,
    usize,
    usize,
    usize,
    usize,
    Option<&'static str>,
    bool,
);

fn synthetic() -> impl Strategy<Value = Synthetic> {
    let mention = (
        0usize..40,
        proptest::option::weighted(0.7, 0usize..ENTITIES.len()),
    );
    let relation = (
        0usize..ENTITIES.len(),
        0usize..PREDICATES.len(),
        0usize..ENTITIES.len(),
        0usize..Modality::ALL.len(),
        0usize..6,
        proptest::sample::select(DATES.to_vec()),
        any::<bool>(),
    );
    (
        proptest::sample::select(DATES.to_vec()),
        proptest::collection::vec(mention, 0..6),
        proptest::collection::vec(relation, 0..6),
    )
        .prop_map(|(published, mentions, relations)| Synthetic {
            published,
            mentions,
            relations,
        })
}

fn build(i: usize, s: &Synthetic) -> (Document, Extraction) {
    let mut ex = extraction(&[], vec![]);
    for &(start, linked) in &s.mentions {
        match linked {
            Some(e) => {
                let id = ENTITIES[e];
                ex.mentions
                    .push(mention(start, &format!("Name {id}"), Some(id), "person"));
                ex.entities.push(known(id));
            }
            None => ex.mentions.push(mention(
                start,
                &format!("Stranger {}", start % 3),
                None,
                "person",
            )),
        }
    }
    for &(subj, pred, obj, modality, start, date, role) in &s.relations {
        let mut r = relation(
            ENTITIES[subj],
            PREDICATES[pred],
            ENTITIES[obj],
            Modality::ALL[modality],
            start,
            date,
        );
        r.role = role.then(|| "Minister".to_owned());
        ex.relations.push(r);
    }
    // A few documents share a text, so `by_hash` holds several ids for one hash.
    let text = format!("text {}", i % 4);
    (doc(&format!("doc-{i}"), &text, s.published), ex)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn delete_is_the_inverse_of_ingest(
        docs in proptest::collection::vec(synthetic(), 1..7),
        keep in proptest::collection::vec(any::<bool>(), 7),
    ) {
        let items: Vec<_> = docs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
        let full = Store::open_temporary()?;
        full.ingest_batch(items.clone())?;
        prop_assert!(full.check()?.is_empty(), "{:#?}", full.check()?);
        for (i, (d, _)) in items.iter().enumerate() {
            if !keep[i] {
                prop_assert!(full.delete(&d.id)?);
                prop_assert!(full.check()?.is_empty(), "{:#?}", full.check()?);
            }
        }
        let kept: Vec<_> = items.iter().enumerate().filter(|(i, _)| keep[*i]).map(|(_, it)| it.clone()).collect();
        let only_kept = Store::open_temporary()?;
        only_kept.ingest_batch(kept)?;
        prop_assert_eq!(dump(&full), dump(&only_kept));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A bulk ingest plans each batch over the one still being written; it stores exactly
    /// what storing the batches one after another stores, replacements and repeated texts
    /// across batches included.
    #[test]
    fn bulk_ingest_stores_what_batches_store(
        docs in proptest::collection::vec(synthetic(), 1..10),
        cuts in proptest::collection::vec(any::<bool>(), 10),
    ) {
        let mut batches: Vec<Vec<(Document, Extraction)>> = vec![Vec::new()];
        for (i, s) in docs.iter().enumerate() {
            let (mut d, x) = build(i, s);
            // Ids repeat (a later document replaces an earlier one) and some are left
            // empty (found by their text).
            d.id = if i % 5 == 4 { String::new() } else { format!("doc-{}", i % 3) };
            batches.last_mut().expect("a batch").push((d, x));
            if cuts[i] {
                batches.push(Vec::new());
            }
        }
        let one_by_one = Store::open_temporary()?;
        let mut expected = Vec::new();
        for batch in &batches {
            expected.extend(one_by_one.ingest_batch(batch.clone())?);
        }
        let bulk_store = Store::open_temporary()?;
        let mut bulk = bulk_store.bulk_ingest();
        let mut outcomes = Vec::new();
        for batch in batches {
            let prepared = batch
                .into_iter()
                .map(|(d, x)| crate::Prepared::new(d, &x))
                .collect::<crate::Result<Vec<_>>>()?;
            outcomes.extend(bulk.submit(prepared)?);
        }
        bulk.finish()?;
        prop_assert_eq!(outcomes, expected);
        prop_assert!(bulk_store.check()?.is_empty(), "{:#?}", bulk_store.check()?);
        prop_assert_eq!(dump(&bulk_store), dump(&one_by_one));
    }
}
