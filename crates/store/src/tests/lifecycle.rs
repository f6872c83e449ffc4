//! Ingest, replace, delete, reopen.

use newsgraph_model::{Modality, Predicate};

use super::*;
use crate::{Error, IngestOutcome, RelationQuery};

fn biden() -> Entity {
    entity("joe-biden", "person", "Joe Biden")
}
fn xi() -> Entity {
    entity("xi-jinping", "person", "Xi Jinping")
}
fn g20() -> Entity {
    entity("g20-summit", "summit", "G20 summit")
}

#[test]
fn ingest_stores_document_relations_evidence_and_stats() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let mut ex = extraction(
        &[biden(), xi(), g20()],
        vec![
            relation(
                "xi-jinping",
                Predicate::Met,
                "joe-biden",
                Modality::Asserted,
                0,
                None,
            ),
            relation(
                "joe-biden",
                Predicate::Attended,
                "g20-summit",
                Modality::Planned,
                20,
                Some("2022-11-15"),
            ),
        ],
    );
    ex.mentions.push(mention(40, "Jane Roe", None, "person"));
    let outcome = store.ingest(
        doc(
            "d1",
            "Joe Biden met Xi Jinping. Jane Roe too.",
            Some("2022-11-14"),
        ),
        &ex,
    )?;
    assert_eq!(
        outcome,
        IngestOutcome::Added {
            id: "d1".into(),
            mentions: 4,
            relations: 2
        }
    );

    let stored = store.document("d1")?.expect("stored");
    assert_eq!(stored.document.hash.len(), 64);
    assert_eq!(stored.mentions, ex.mentions);
    assert_eq!(stored.relations, ex.relations);
    assert_eq!(stored.sentences, ex.sentences);
    assert_eq!(store.document_ids()?, vec!["d1".to_owned()]);

    let met = store.relations(&RelationQuery {
        predicate: Some(Predicate::Met),
        ..Default::default()
    })?;
    assert_eq!(met.len(), 1);
    assert_eq!(
        (met[0].subject.as_str(), met[0].object.as_str()),
        ("joe-biden", "xi-jinping")
    );
    assert_eq!(met[0].support, 1);
    // No date in the sentence: the published date counts.
    assert_eq!(met[0].first_date, Some(day("2022-11-14")));

    // Symmetric: evidence is found whichever way round the ids are given.
    for (s, o) in [("joe-biden", "xi-jinping"), ("xi-jinping", "joe-biden")] {
        let ev = store.evidence(s, Predicate::Met, o)?;
        assert_eq!(ev.len(), 1, "{s} {o}");
        assert_eq!(ev[0].document, "d1");
    }
    let attended = store.evidence("joe-biden", Predicate::Attended, "g20-summit")?;
    assert_eq!(attended[0].modality, Modality::Planned);
    assert_eq!(attended[0].date, Some(day("2022-11-15")));

    let stats = store.stats()?;
    assert_eq!(
        (
            stats.documents,
            stats.mentions,
            stats.entities,
            stats.relations,
            stats.evidence
        ),
        (1, 4, 3, 2, 2)
    );
    assert_eq!(stats.by_predicate["met"], 1);
    assert_eq!(stats.by_predicate["attended"], 1);
    assert_eq!(stats.by_predicate["criticized"], 0);

    let xi_stored = store.entity("xi-jinping")?.expect("entity");
    assert_eq!((xi_stored.mentions, xi_stored.documents), (1, 1));
    assert_eq!(xi_stored.entity, xi());

    let candidates = store.candidates(10)?;
    assert_eq!(candidates.len(), 1);
    assert_eq!(
        (candidates[0].text.as_str(), candidates[0].count),
        ("Jane Roe", 1)
    );
    assert_eq!(
        candidates[0].contexts[0].sentence_text,
        "Joe Biden met Xi Jinping. Jane Roe too."
    );
    assert_clean(&store);
    Ok(())
}

/// Biden and Xi mentioned, and their meeting stated at `start` (on `date`).
fn biden_met_xi(start: usize, date: Option<&str>) -> Extraction {
    extraction(
        &[biden(), xi()],
        vec![relation(
            "joe-biden",
            Predicate::Met,
            "xi-jinping",
            Modality::Asserted,
            start,
            date,
        )],
    )
}

#[test]
fn ingest_outcomes() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let ex1 = biden_met_xi(0, None);
    let ex2 = extraction(&[biden()], vec![]);
    let derived = format!("doc-{}", &crate::ingest::text_hash("anonymous text")[..16]);
    // (case, document, extraction, expected outcome, documents stored after)
    let cases = [
        (
            "new id",
            doc("a", "first text", None),
            &ex1,
            IngestOutcome::Added {
                id: "a".into(),
                mentions: 2,
                relations: 1,
            },
            1,
        ),
        (
            "same id and text",
            doc("a", "first text", None),
            &ex2,
            IngestOutcome::Unchanged { id: "a".into() },
            1,
        ),
        (
            "no id",
            doc("", "anonymous text", None),
            &ex2,
            IngestOutcome::Added {
                id: derived.clone(),
                mentions: 1,
                relations: 0,
            },
            2,
        ),
        (
            "no id, same text",
            doc("", "anonymous text", None),
            &ex1,
            IngestOutcome::Unchanged {
                id: derived.clone(),
            },
            2,
        ),
        (
            "same id, new text",
            doc("a", "second text", None),
            &ex2,
            IngestOutcome::Replaced {
                id: "a".into(),
                mentions: 1,
                relations: 0,
            },
            2,
        ),
        (
            "no id, text stored under an id",
            doc("", "second text", None),
            &ex1,
            IngestOutcome::Unchanged { id: "a".into() },
            2,
        ),
    ];
    for (name, d, ex, want, documents) in cases {
        assert_eq!(store.ingest(d, ex)?, want, "{name}");
        assert_eq!(store.stats()?.documents, documents, "{name}");
        assert_clean(&store);
    }
    // The replacement took the old relation with it.
    assert!(store.all_relations()?.is_empty());
    assert_eq!(
        store
            .entity("joe-biden")?
            .map(|e| (e.mentions, e.documents)),
        Some((2, 2))
    );
    assert_eq!(store.entity("xi-jinping")?, None);
    Ok(())
}

/// Support, first and last date of one relation.
type Summary = (u64, Option<NaiveDate>, Option<NaiveDate>);

#[test]
fn delete_removes_exactly_its_contributions() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let met = |start, date| {
        relation(
            "joe-biden",
            Predicate::Met,
            "xi-jinping",
            Modality::Asserted,
            start,
            date,
        )
    };
    let ex1 = extraction(&[biden(), xi()], vec![met(0, Some("2021-03-01"))]);
    let mut ex2 = extraction(&[biden(), xi(), g20()], vec![met(5, Some("2022-11-14"))]);
    ex2.relations.push(relation(
        "joe-biden",
        Predicate::Attended,
        "g20-summit",
        Modality::Planned,
        9,
        None,
    ));
    ex2.relations[0].modality = Modality::Planned;
    store.ingest(doc("d1", "one", None), &ex1)?;
    store.ingest(doc("d2", "two", Some("2022-11-13")), &ex2)?;
    assert_clean(&store);

    let support = |store: &Store| -> crate::Result<Option<Summary>> {
        let q = RelationQuery {
            subject: Some("xi-jinping".into()),
            predicate: Some(Predicate::Met),
            ..Default::default()
        };
        Ok(store
            .relations(&q)?
            .first()
            .map(|a| (a.support, a.first_date, a.last_date)))
    };
    assert_eq!(
        support(&store)?,
        Some((2, Some(day("2021-03-01")), Some(day("2022-11-14"))))
    );

    assert!(store.delete("d1")?);
    assert_clean(&store);
    assert_eq!(
        support(&store)?,
        Some((1, Some(day("2022-11-14")), Some(day("2022-11-14"))))
    );
    let agg = &store.all_relations()?[1];
    assert_eq!(
        agg.modalities,
        [(Modality::Planned, 1)].into_iter().collect()
    );
    assert_eq!(
        store
            .entity("xi-jinping")?
            .map(|e| (e.mentions, e.documents)),
        Some((1, 1))
    );

    assert!(store.delete("d2")?);
    assert_clean(&store);
    assert_eq!(support(&store)?, None);
    assert!(!store.delete("d2")?, "second delete finds nothing");
    for (tree, entries) in dump(&store) {
        if tree != "meta" {
            assert!(entries.is_empty(), "{tree} not empty: {entries:?}");
        }
    }
    Ok(())
}

#[test]
fn delete_then_reingest_is_byte_identical() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let ex1 = biden_met_xi(0, Some("2020-01-01"));
    let ex2 = extraction(
        &[biden(), xi()],
        vec![
            relation(
                "xi-jinping",
                Predicate::Met,
                "joe-biden",
                Modality::Negated,
                3,
                Some("2023-05-05"),
            ),
            relation(
                "xi-jinping",
                Predicate::Criticized,
                "joe-biden",
                Modality::Asserted,
                3,
                None,
            ),
        ],
    );
    store.ingest(doc("d1", "one", Some("2020-01-02")), &ex1)?;
    store.ingest(doc("d2", "two", None), &ex2)?;
    let before = dump(&store);
    store.delete("d1")?;
    store.ingest(doc("d1", "one", Some("2020-01-02")), &ex1)?;
    assert_eq!(dump(&store), before);
    store.delete("d2")?;
    store.ingest(doc("d2", "two", None), &ex2)?;
    assert_eq!(dump(&store), before);
    Ok(())
}

#[test]
fn user_added_entities_survive_their_documents() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let mut erdogan = entity("recep-tayyip-erdogan", "person", "Recep Tayyip Erdoğan");
    store.put_entity(erdogan.clone())?;
    store.ingest(
        doc("d1", "Erdoğan spoke.", None),
        &extraction(&[erdogan.clone()], vec![]),
    )?;
    assert_eq!(store.entity(&erdogan.id)?.map(|e| e.mentions), Some(1));
    store.delete("d1")?;
    let kept = store.entity(&erdogan.id)?.expect("user-added entity kept");
    assert_eq!((kept.mentions, kept.documents), (0, 0));
    // Curation replaces the facts and their index entries.
    erdogan.aliases.push("RTE".into());
    store.put_entity(erdogan.clone())?;
    assert_eq!(store.entity(&erdogan.id)?.map(|e| e.entity), Some(erdogan));
    assert_clean(&store);
    Ok(())
}

#[test]
fn invalid_ids_are_rejected_before_anything_is_written() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let ok = extraction(&[biden()], vec![]);
    let bad_subject = extraction(
        &[],
        vec![relation(
            "a\0b",
            Predicate::Met,
            "c",
            Modality::Asserted,
            0,
            None,
        )],
    );
    let mut bad_mention = extraction(&[biden()], vec![]);
    bad_mention.mentions[0].entity = Some(" ".into());
    let long = "d".repeat(300);
    let cases = [
        (
            "blank document id",
            doc("  ", "t", None),
            &ok,
            "document id",
        ),
        (
            "control character",
            doc("a\nb", "t", None),
            &ok,
            "document id",
        ),
        ("too long", doc(&long, "t", None), &ok, "document id"),
        (
            "NUL in subject",
            doc("d", "t", None),
            &bad_subject,
            "relation subject",
        ),
        (
            "blank mention entity",
            doc("d", "t", None),
            &bad_mention,
            "mention entity",
        ),
    ];
    for (name, d, ex, want_field) in cases {
        match store.ingest(d.clone(), ex) {
            Err(Error::InvalidId { field, .. }) => assert_eq!(field, want_field, "{name}"),
            other => panic!("{name}: expected InvalidId, got {other:?}"),
        }
        match store.ingest_batch(vec![(doc("fine", "t", None), ok.clone()), (d, ex.clone())]) {
            Err(Error::InvalidId { .. }) => {}
            other => panic!("{name} in a batch: expected InvalidId, got {other:?}"),
        }
        assert_eq!(store.stats()?.documents, 0, "{name}");
    }
    assert!(matches!(
        store.put_entity(entity("", "person", "x")),
        Err(Error::InvalidId { .. })
    ));
    assert!(matches!(
        store.put_entity(entity("x", "Not A Type", "x")),
        Err(Error::InvalidId { .. })
    ));
    Ok(())
}

#[test]
fn batch_returns_one_outcome_per_input() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let ex = extraction(&[biden()], vec![]);
    let outcomes = store.ingest_batch(vec![
        (doc("a", "x", None), ex.clone()),
        (doc("b", "y", None), ex.clone()),
        (doc("a", "x", None), ex.clone()),
    ])?;
    let ids: Vec<_> = outcomes
        .iter()
        .map(|o| (o.id(), matches!(o, IngestOutcome::Unchanged { .. })))
        .collect();
    assert_eq!(ids, [("a", false), ("b", false), ("a", true)]);
    assert_eq!(store.entity("joe-biden")?.map(|e| e.documents), Some(2));
    assert_clean(&store);
    Ok(())
}

#[test]
fn reopen_keeps_everything() -> crate::Result<()> {
    let dir = tempfile::tempdir().expect("tempdir");
    let ex = biden_met_xi(0, None);
    let before = {
        let store = Store::open(dir.path())?;
        store.ingest(doc("d1", "text", Some("2024-01-01")), &ex)?;
        store.put_entity(g20())?;
        dump(&store)
    };
    let store = Store::open(dir.path())?;
    assert_eq!(dump(&store), before);
    assert_eq!(store.all_relations()?.len(), 1);
    assert_clean(&store);
    let entries: std::collections::BTreeMap<&str, u64> = store
        .footprint()?
        .into_iter()
        .map(|f| (f.tree, f.entries))
        .collect();
    assert_eq!(entries["documents"], 1);
    assert_eq!(entries["relations"], 1);
    assert_eq!(
        entries["by_object"], 1,
        "found from its subject in `relations`, from its object here"
    );
    Ok(())
}

#[test]
fn other_format_version_is_refused() -> crate::Result<()> {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Store::open(dir.path())?);
    {
        let db = sled::open(dir.path()).expect("raw open");
        let meta = db.open_tree("meta").expect("meta tree");
        meta.insert(crate::store::META_FORMAT_VERSION, &99u32.to_be_bytes())
            .expect("write version");
        db.flush().expect("flush");
    }
    let err = Store::open(dir.path()).expect_err("version 99 must be refused");
    assert!(
        matches!(
            err,
            Error::FormatVersion {
                found: 99,
                supported: crate::store::FORMAT_VERSION,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("format version 99")
            && message.contains(&format!("only version {}", crate::store::FORMAT_VERSION)),
        "{message}"
    );
    Ok(())
}

#[test]
fn clones_share_one_store_across_threads() -> crate::Result<()> {
    fn assert_handle<T: Clone + Send + Sync>() {}
    assert_handle::<Store>();
    let store = Store::open_temporary()?;
    let workers: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || -> crate::Result<()> {
                for i in 0..10 {
                    let ex = biden_met_xi(i, None);
                    store.ingest_batch(vec![(
                        doc(&format!("t{t}-{i}"), &format!("{t} {i}"), None),
                        ex,
                    )])?;
                }
                Ok(())
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker finished")?;
    }
    assert_eq!(store.all_relations()?[0].support, 40);
    assert_eq!(store.entity("xi-jinping")?.map(|e| e.documents), Some(40));
    assert_clean(&store);
    Ok(())
}

/// `stats` reads counters kept with the writes; `check` notices one that drifted.
#[test]
fn check_notices_a_counter_that_drifted() -> crate::Result<()> {
    use crate::backend::{TreeId, WriteBatch};
    use crate::staging::Counter;
    let store = Store::open_temporary()?;
    let ex = biden_met_xi(0, None);
    store.ingest(doc("d1", "text", Some("2024-01-01")), &ex)?;
    assert_clean(&store);
    let mut batch = WriteBatch::new();
    batch.insert(
        (TreeId::Meta, Counter::Documents.key()),
        Some(7u64.to_be_bytes().to_vec()),
    );
    store.kv().apply(&batch)?;
    assert_eq!(store.stats()?.documents, 7, "read, not counted");
    let problems = store.check()?;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0]
            .what
            .contains("Documents says 7, the store holds 1"),
        "{problems:#?}"
    );
    Ok(())
}

/// A relation lists its documents in its record up to the inline limit and in `evidence`
/// past it; the layout follows from what is stored, whatever the order of ingest and delete.
#[test]
fn relation_documents_move_between_record_and_evidence() -> crate::Result<()> {
    let limit = crate::records::INLINE_DOCS;
    let met = |start| relation("ana", Predicate::Met, "bo", Modality::Asserted, start, None);
    // Each document states the meeting twice (two pieces of evidence), one states it once.
    let item = |i: usize| {
        let relations = if i == 0 {
            vec![met(0)]
        } else {
            vec![met(7), met(0)]
        };
        let published = format!("2021-06-{:02}", 10 + i);
        (
            doc(&format!("d{i}"), &format!("text {i}"), Some(&published)),
            extraction(&[], relations),
        )
    };
    let store = Store::open_temporary()?;
    for n in 0..limit + 3 {
        store.ingest_batch(vec![item(n)])?;
        assert_clean(&store);
        let entries = store.footprint()?;
        let in_evidence = entries
            .iter()
            .find(|f| f.tree == "evidence")
            .map_or(0, |f| f.entries);
        let expected = if n < limit { 0 } else { n as u64 + 1 };
        assert_eq!(in_evidence, expected, "after {} documents", n + 1);
    }
    let all = store.evidence("bo", Predicate::Met, "ana")?;
    assert_eq!(all.len(), 2 * (limit + 3) - 1);
    let order: Vec<(&str, usize)> = all.iter().map(|e| (e.document.as_str(), e.start)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "by document, then offset");
    assert_eq!(
        store.evidence_first("ana", Predicate::Met, "bo", 3)?,
        all[..3]
    );
    let agg = store
        .relation("ana", Predicate::Met, "bo")?
        .expect("stored");
    assert_eq!(
        (agg.support, agg.first_date, agg.last_date),
        (
            all.len() as u64,
            Some(day("2021-06-10")),
            Some(day(&format!("2021-06-{}", 10 + limit + 2)))
        )
    );

    // Deleting the last (and so the latest) documents moves the rest back into the record,
    // and the store is then byte for byte the one that only ever held them.
    for n in (limit..limit + 3).rev() {
        assert!(store.delete(&format!("d{n}"))?);
        assert_clean(&store);
    }
    let fresh = Store::open_temporary()?;
    fresh.ingest_batch((0..limit).map(item).collect())?;
    assert_eq!(dump(&store), dump(&fresh));
    Ok(())
}

/// A backend whose writes fail from the `n`th on (the format version written at open is the
/// first).
struct FailingWrites {
    inner: crate::sled_backend::SledBackend,
    applied: std::sync::atomic::AtomicUsize,
    fail_from: usize,
}

impl crate::backend::KvStore for FailingWrites {
    fn get(&self, tree: TreeId, key: &[u8]) -> crate::Result<Option<Vec<u8>>> {
        self.inner.get(tree, key)
    }

    fn scan(&self, tree: TreeId, prefix: &[u8], from: &[u8]) -> crate::backend::KvIter<'_> {
        self.inner.scan(tree, prefix, from)
    }

    fn apply(&self, batch: &crate::backend::WriteBatch) -> crate::Result<()> {
        let n = 1 + self
            .applied
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if n >= self.fail_from {
            return Err(crate::Error::Backend {
                operation: "commit a transaction",
                source: "injected failure".into(),
            });
        }
        self.inner.apply(batch)
    }

    fn flush(&self) -> crate::Result<()> {
        self.inner.flush()
    }
}

/// When a batch of a bulk ingest fails to be written, the next submit says so, and no later
/// batch (planned over the failed one) is written; what was written before stays sound.
#[test]
fn a_failed_bulk_batch_stops_the_bulk_ingest() -> crate::Result<()> {
    let backend = FailingWrites {
        inner: crate::sled_backend::SledBackend::temporary()?,
        applied: std::sync::atomic::AtomicUsize::new(0),
        fail_from: 3,
    };
    let store = Store::with_backend(Box::new(backend), std::path::Path::new("(failing)"))?;
    let batch = |ids: &[&str]| {
        ids.iter()
            .map(|id| {
                crate::Prepared::new(
                    doc(id, &format!("text of {id}"), None),
                    &extraction(&[biden()], vec![]),
                )
            })
            .collect::<crate::Result<Vec<_>>>()
    };
    let mut bulk = store.bulk_ingest();
    assert_eq!(bulk.submit(batch(&["a", "b"])?)?.len(), 2);
    // Planned over the first; the first is written while this one is planned.
    assert_eq!(bulk.submit(batch(&["c"])?)?.len(), 1);
    // The second batch's write failed: reported here, and this batch is not written.
    assert!(bulk.submit(batch(&["d"])?).is_err());
    assert!(bulk.submit(batch(&["e"])?).is_err(), "stays failed");
    assert!(bulk.finish().is_err());
    assert_eq!(store.document_ids()?, ["a", "b"]);
    assert_clean(&store);
    Ok(())
}

fn prepared(id: &str, text: &str) -> crate::Result<crate::Prepared> {
    crate::Prepared::new(doc(id, text, None), &extraction(&[biden()], vec![]))
}

/// A batch submitted from one thread is planned over the batch another thread is still
/// writing; a write of any other kind waits for that batch, so it replaces what the batch
/// stored rather than planning over the store without it.
#[test]
fn submitted_batches_and_other_writes_keep_their_order() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    let first = store.submit(vec![prepared("a", "first text of a")?])?;
    let replaced = std::thread::scope(|s| {
        let second = s.spawn(|| store.submit(vec![prepared("b", "text of b")?]));
        let replaced = s.spawn(|| {
            store.ingest(
                doc("a", "second text of a", None),
                &extraction(&[biden()], vec![]),
            )
        });
        // Neither goes on before the first batch is written: the submission (planned over
        // it) returns only then, and the ingest plans only then.
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(first.write()?.len(), 1);
        let second = second.join().expect("no panic")?;
        assert_eq!(second.write()?.len(), 1);
        replaced.join().expect("no panic")
    })?;
    assert!(
        matches!(replaced, IngestOutcome::Replaced { .. }),
        "{replaced:?}"
    );
    assert_eq!(store.document_ids()?, ["a", "b"]);
    assert_eq!(
        store.document("a")?.expect("a").document.text,
        "second text of a"
    );
    assert_eq!(store.entity("joe-biden")?.expect("biden").documents, 2);
    assert_clean(&store);
    Ok(())
}

/// A submitted batch given up before it is written (its thread failed) is not written, and
/// neither is the batch planned over it; the store then goes on from what was written.
#[test]
fn a_batch_given_up_fails_the_batch_planned_over_it() -> crate::Result<()> {
    let store = Store::open_temporary()?;
    store.submit(vec![prepared("a", "text of a")?])?.write()?;
    let given_up = store.submit(vec![prepared("b", "text of b")?])?;
    let next = std::thread::scope(|s| {
        let next = s.spawn(|| store.submit(vec![prepared("c", "text of c")?]));
        std::thread::sleep(std::time::Duration::from_millis(50));
        drop(given_up);
        next.join().expect("no panic")
    });
    assert!(next.is_err(), "{next:?}");
    assert_eq!(store.document_ids()?, ["a"]);
    store.submit(vec![prepared("d", "text of d")?])?.write()?;
    assert_eq!(store.document_ids()?, ["a", "d"]);
    assert_clean(&store);
    Ok(())
}
