//! [`Store::check`]: the invariants that ingest and delete keep, verified by full scans.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use newsgraph_model::{Modality, Predicate};

use crate::backend::TreeId;
use crate::ingest::{date_key, text_hash};
use crate::keys::{display_key, join, last_part, split_candidate_key, Triple};
use crate::records::{decode, widen, AggregateRecord, DocRecord, EntityRecord};
use crate::staging::{read_counter, Counter};
use crate::store::entity_index_keys;
use crate::types::Problem;
use crate::{Result, Store};

/// What the evidence of one relation adds up to, over the documents that hold it.
#[derive(Default)]
struct Tally {
    support: u64,
    modalities: BTreeMap<Modality, u64>,
    roles: BTreeMap<String, u64>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    docs: BTreeSet<String>,
}

type Tallies = BTreeMap<Triple, Tally>;

struct Checker<'a> {
    store: &'a Store,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, what: String) {
        self.problems.push(Problem { what });
    }

    fn all(&self, tree: TreeId) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.store.kv().scan(tree, b"", b"").collect()
    }

    fn keys(&self, tree: TreeId) -> Result<BTreeSet<Vec<u8>>> {
        Ok(self.all(tree)?.into_iter().map(|(k, _)| k).collect())
    }

    fn has(&self, tree: TreeId, key: &[u8]) -> Result<bool> {
        Ok(self.store.kv().get(tree, key)?.is_some())
    }

    fn expect(&mut self, tree: TreeId, key: &[u8], why: impl FnOnce() -> String) -> Result<()> {
        if !self.has(tree, key)? {
            let why = why();
            self.problem(format!(
                "{why}: missing `{}` entry {}",
                tree.name(),
                display_key(key)
            ));
        }
        Ok(())
    }
}

impl Store {
    /// Verifies the store's invariants and lists what is broken (empty when sound):
    /// each relation's support, modality and role counts, dates and documents agree with the
    /// evidence its documents hold; every index entry points at stored data and all stored
    /// data has its index entries; entity counts match the mentions.
    ///
    /// Reads every tree; meant for tests and a `check` command, not for serving.
    ///
    /// # Errors
    /// [`Error::Backend`](crate::Error::Backend) or [`Error::Corrupt`](crate::Error::Corrupt)
    /// when the store cannot be read.
    pub fn check(&self) -> Result<Vec<Problem>> {
        let mut c = Checker {
            store: self,
            problems: Vec::new(),
        };
        let (docs, entity_mentions, tallies) = c.check_documents()?;
        c.check_candidates(&docs)?;
        c.check_relations(&tallies)?;
        c.check_entities(&entity_mentions)?;
        c.check_doc_indices()?;
        c.check_counters(&tallies)?;
        Ok(c.problems)
    }
}

/// Each stored document's candidate keys.
type Docs = BTreeMap<String, BTreeSet<Vec<u8>>>;

/// Per entity: how many mentions link to it, and in which documents.
type EntityMentions = BTreeMap<String, (u64, BTreeSet<String>)>;

impl Checker<'_> {
    /// Checks each document and the keys it wrote; returns them with each entity's mentions
    /// and what each relation's evidence adds up to.
    fn check_documents(&mut self) -> Result<(Docs, EntityMentions, Tallies)> {
        let mut docs = Docs::new();
        let mut per_entity = EntityMentions::new();
        let mut tallies = Tallies::new();
        for (k, v) in self.all(TreeId::Documents)? {
            let record = decode::<DocRecord>(TreeId::Documents, &k, &v)?;
            let id = record.id.clone();
            if id.as_bytes() != k.as_slice() {
                self.problem(format!(
                    "document {} is stored under key {id:?}",
                    display_key(&k)
                ));
            }
            if record.hash != text_hash(&record.text) {
                self.problem(format!("document {id:?}: hash does not match its text"));
            }
            self.expect_doc_indices(&record)?;
            let candidates: BTreeSet<Vec<u8>> = record.candidate_keys().into_iter().collect();
            for key in &candidates {
                self.expect(TreeId::Candidates, key, || {
                    format!("document {id:?} wrote it")
                })?;
            }
            for (triple, pieces) in record.relation_groups() {
                let t = tallies.entry(triple).or_default();
                t.docs.insert(id.clone());
                for r in pieces {
                    t.support += 1;
                    *t.modalities.entry(r.modality).or_insert(0) += 1;
                    if let Some(role) = &r.role {
                        *t.roles.entry(role.clone()).or_insert(0) += 1;
                    }
                    if let Some(d) = r.date_or(record.published) {
                        widen(&mut t.first, &mut t.last, d);
                    }
                }
            }
            for (entity, count) in record.entity_counts() {
                let entry = per_entity.entry(entity.to_owned()).or_default();
                entry.0 += count;
                entry.1.insert(id.clone());
            }
            docs.insert(id, candidates);
        }
        Ok((docs, per_entity, tallies))
    }

    fn check_candidates(&mut self, docs: &Docs) -> Result<()> {
        let listed: BTreeSet<&Vec<u8>> = docs.values().flatten().collect();
        for k in self.keys(TreeId::Candidates)? {
            match split_candidate_key(&k) {
                Some((_, doc)) if docs.contains_key(doc) => {}
                _ => self.problem(format!(
                    "candidate {} points at no document",
                    display_key(&k)
                )),
            }
            if !listed.contains(&k) {
                self.problem(format!(
                    "candidate {} is not one of its document's mentions",
                    display_key(&k)
                ));
            }
        }
        Ok(())
    }

    /// The `evidence` entries, by relation.
    fn evidence_entries(&mut self) -> Result<BTreeMap<Triple, BTreeSet<String>>> {
        let mut listed: BTreeMap<Triple, BTreeSet<String>> = BTreeMap::new();
        for k in self.keys(TreeId::Evidence)? {
            match Triple::from_evidence_key(&k) {
                Some((triple, doc)) => {
                    listed.entry(triple).or_default().insert(doc);
                }
                None => self.problem(format!("evidence key {} does not parse", display_key(&k))),
            }
        }
        Ok(listed)
    }

    fn check_relations(&mut self, tallies: &Tallies) -> Result<()> {
        let mut listed = self.evidence_entries()?;
        let mut seen = BTreeSet::new();
        for (k, v) in self.all(TreeId::Relations)? {
            let Some(triple) = Triple::from_key(&k) else {
                self.problem(format!("relation key {} does not parse", display_key(&k)));
                continue;
            };
            let agg = decode::<AggregateRecord>(TreeId::Relations, &k, &v)?;
            let name = format!("{} {} {}", triple.subject, triple.predicate, triple.object);
            if triple.predicate.is_symmetric() && triple.subject > triple.object {
                self.problem(format!(
                    "symmetric relation {name} is stored larger id first"
                ));
            }
            let empty = Tally::default();
            let t = tallies.get(&triple).unwrap_or(&empty);
            let modality_sum: u64 = agg.modalities.values().sum();
            if agg.support == 0 || agg.support != t.support || modality_sum != agg.support {
                self.problem(format!(
                    "relation {name}: support {} but {} pieces of evidence and modality counts summing to {modality_sum}",
                    agg.support, t.support
                ));
            }
            if agg.modalities != t.modalities || agg.roles != t.roles {
                self.problem(format!(
                    "relation {name}: modality or role counts differ from its evidence"
                ));
            }
            if (agg.first_date, agg.last_date) != (t.first, t.last) {
                self.problem(format!(
                    "relation {name}: dates {:?}..{:?} but its evidence spans {:?}..{:?}",
                    agg.first_date, agg.last_date, t.first, t.last
                ));
            }
            let in_tree = listed.remove(&triple).unwrap_or_default();
            let listed_docs: BTreeSet<String> = if agg.inline() {
                agg.docs.iter().cloned().collect()
            } else {
                in_tree.clone()
            };
            let sorted = agg.docs.windows(2).all(|w| w[0] < w[1]);
            let layout_ok = if agg.inline() {
                sorted && agg.docs.len() as u64 == agg.documents && in_tree.is_empty()
            } else {
                agg.docs.is_empty()
            };
            if !layout_ok || listed_docs != t.docs || agg.documents != t.docs.len() as u64 {
                self.problem(format!(
                    "relation {name}: counts {} documents, lists {:?} in its record and {in_tree:?} in `evidence`; its evidence is in {:?}",
                    agg.documents, agg.docs, t.docs
                ));
            }
            self.expect(TreeId::ByObject, &triple.by_object_key(), || {
                format!("relation {name}")
            })?;
            seen.insert(triple);
        }
        for triple in tallies.keys().filter(|t| !seen.contains(*t)) {
            self.problem(format!(
                "evidence for {} {} {} but no relation record",
                triple.subject, triple.predicate, triple.object
            ));
        }
        for (triple, docs) in listed {
            self.problem(format!(
                "`evidence` entries of {} {} {} in {docs:?}, but no relation record",
                triple.subject, triple.predicate, triple.object
            ));
        }
        for k in self.keys(TreeId::ByObject)? {
            let found = Triple::from_by_object_key(&k).filter(|t| seen.contains(t));
            if found.is_none() {
                self.problem(format!(
                    "by_object entry {} points at no relation",
                    display_key(&k)
                ));
            }
        }
        Ok(())
    }

    fn check_entities(&mut self, mentions: &EntityMentions) -> Result<()> {
        let mut expected_index = BTreeSet::new();
        let mut stored = BTreeSet::new();
        for (k, v) in self.all(TreeId::Entities)? {
            let record = decode::<EntityRecord>(TreeId::Entities, &k, &v)?;
            let id = record.facts.id.clone();
            let (count, docs) = mentions
                .get(&id)
                .map(|(n, d)| (*n, d.len() as u64))
                .unwrap_or((0, 0));
            if record.mentions != count || record.documents != docs {
                self.problem(format!(
                    "entity {id:?} counts {} mentions in {} documents, the mentions say {count} in {docs}",
                    record.mentions, record.documents
                ));
            }
            if count == 0 && !record.user_added {
                self.problem(format!(
                    "entity {id:?} has no mentions and was not added by a user"
                ));
            }
            for (tree, key) in entity_index_keys(&record.facts) {
                self.expect(tree, &key, || format!("entity {id:?}"))?;
                expected_index.insert((tree, key));
            }
            stored.insert(id);
        }
        for id in mentions.keys().filter(|id| !stored.contains(*id)) {
            self.problem(format!("mentions link to missing entity {id:?}"));
        }
        for tree in [TreeId::EntityNames, TreeId::EntityKinds] {
            for k in self.keys(tree)? {
                if !expected_index.contains(&(tree, k.clone())) {
                    let id = last_part(&k).unwrap_or_default();
                    self.problem(format!(
                        "{} entry {} does not match entity {id:?}",
                        tree.name(),
                        display_key(&k)
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_doc_indices(&mut self) -> Result<()> {
        for k in self.keys(TreeId::ByHash)? {
            let doc = last_part(&k).unwrap_or_default();
            let ok = self
                .store
                .get_record::<DocRecord>(TreeId::Documents, doc.as_bytes())?
                .is_some_and(|d| join(&[d.hash.as_bytes(), d.id.as_bytes()]) == k);
            if !ok {
                self.problem(format!(
                    "by_hash entry {} does not match a document",
                    display_key(&k)
                ));
            }
        }
        for k in self.keys(TreeId::ByDate)? {
            let doc = String::from_utf8_lossy(k.get(4..).unwrap_or_default()).into_owned();
            let ok = self
                .store
                .get_record::<DocRecord>(TreeId::Documents, doc.as_bytes())?
                .and_then(|d| d.published)
                .is_some_and(|date| date_key(date, &doc) == k);
            if !ok {
                self.problem(format!(
                    "by_date entry {} does not match a document",
                    display_key(&k)
                ));
            }
        }
        Ok(())
    }
}

impl Checker<'_> {
    /// The counters that [`Store::stats`] reads agree with what the trees hold.
    fn check_counters(&mut self, tallies: &Tallies) -> Result<()> {
        let mut mentions = 0;
        let documents = self.all(TreeId::Documents)?;
        for (k, v) in &documents {
            mentions += decode::<DocRecord>(TreeId::Documents, k, v)?.mentions.len() as u64;
        }
        let mut expected = vec![
            (Counter::Documents, documents.len() as u64),
            (Counter::Mentions, mentions),
            (Counter::Entities, self.keys(TreeId::Entities)?.len() as u64),
            (Counter::Evidence, tallies.values().map(|t| t.support).sum()),
        ];
        let relations = self.keys(TreeId::Relations)?;
        for p in Predicate::ALL {
            let n = relations
                .iter()
                .filter(|k| Triple::from_key(k).is_some_and(|t| t.predicate == p))
                .count();
            expected.push((Counter::Relations(p), n as u64));
        }
        for (counter, n) in expected {
            let stored = read_counter(
                self.store
                    .kv()
                    .get(TreeId::Meta, &counter.key())?
                    .as_deref(),
            );
            if stored != n {
                self.problem(format!(
                    "counter {counter:?} says {stored}, the store holds {n}"
                ));
            }
        }
        Ok(())
    }
}

impl Checker<'_> {
    /// The per-document index entries a stored document must have.
    fn expect_doc_indices(&mut self, record: &DocRecord) -> Result<()> {
        let id = record.id.as_str();
        let hash_key = join(&[record.hash.as_bytes(), id.as_bytes()]);
        self.expect(TreeId::ByHash, &hash_key, || format!("document {id:?}"))?;
        if let Some(date) = record.published {
            self.expect(TreeId::ByDate, &date_key(date, id), || {
                format!("document {id:?}")
            })?;
        }
        Ok(())
    }
}
