//! [`Store::check`]: the invariants that ingest and delete keep, verified by full scans.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use newsgraph_model::{Modality, Predicate};

use crate::backend::TreeId;
use crate::ingest::{date_key, text_hash};
use crate::keys::{
    display_key, join, last_part, split_candidate_key, triple_from_by_entity_key, Triple,
};
use crate::records::{decode, AggregateRecord, DocRecord, EntityRecord, EvidenceRec};
use crate::staging::{read_counter, Counter};
use crate::store::entity_index_keys;
use crate::types::Problem;
use crate::{Result, Store};

/// What the evidence of one relation adds up to.
#[derive(Default)]
struct Tally {
    support: u64,
    modalities: BTreeMap<Modality, u64>,
    roles: BTreeMap<String, u64>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

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
    /// each relation's support equals its evidence count and the sum of its modality counts;
    /// every index entry points at stored data and all stored data has its index entries;
    /// no evidence or mention points at a missing document; entity counts match the mentions.
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
        let (docs, entity_mentions) = c.check_documents()?;
        c.check_candidates(&docs)?;
        let tallies = c.check_evidence(&docs)?;
        c.check_relations(&tallies)?;
        c.check_entities(&entity_mentions)?;
        c.check_doc_indices()?;
        c.check_counters()?;
        Ok(c.problems)
    }
}

/// What each stored document wrote: its candidate and evidence keys.
#[derive(Default)]
struct Written {
    candidates: BTreeSet<Vec<u8>>,
    evidence: BTreeSet<Vec<u8>>,
}

type Docs = BTreeMap<String, Written>;

/// Per entity: how many mentions link to it, and in which documents.
type EntityMentions = BTreeMap<String, (u64, BTreeSet<String>)>;

impl Checker<'_> {
    /// Checks each document and the keys it wrote; returns them with each entity's mentions.
    fn check_documents(&mut self) -> Result<(Docs, EntityMentions)> {
        let mut docs = Docs::new();
        let mut per_entity = EntityMentions::new();
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
            let written = Written {
                candidates: record.candidate_keys().into_iter().collect(),
                evidence: record.evidence_keys().into_iter().map(|(_, k)| k).collect(),
            };
            for (tree, keys) in [
                (TreeId::Candidates, &written.candidates),
                (TreeId::Evidence, &written.evidence),
            ] {
                for key in keys {
                    self.expect(tree, key, || format!("document {id:?} wrote it"))?;
                }
            }
            for (entity, count) in record.entity_counts() {
                let entry = per_entity.entry(entity.to_owned()).or_default();
                entry.0 += count;
                entry.1.insert(id.clone());
            }
            docs.insert(id, written);
        }
        Ok((docs, per_entity))
    }

    fn check_candidates(&mut self, docs: &Docs) -> Result<()> {
        let listed: BTreeSet<&Vec<u8>> = docs.values().flat_map(|w| &w.candidates).collect();
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

    fn check_evidence(&mut self, docs: &Docs) -> Result<BTreeMap<Triple, Tally>> {
        let listed: BTreeSet<&Vec<u8>> = docs.values().flat_map(|w| &w.evidence).collect();
        let mut tallies: BTreeMap<Triple, Tally> = BTreeMap::new();
        for (k, v) in self.all(TreeId::Evidence)? {
            let ev = decode::<EvidenceRec>(TreeId::Evidence, &k, &v)?;
            let Some((triple, doc)) = Triple::from_evidence_key(&k) else {
                self.problem(format!("evidence key {} does not parse", display_key(&k)));
                continue;
            };
            if !docs.contains_key(&doc) {
                self.problem(format!(
                    "evidence {} points at missing document {doc:?}",
                    display_key(&k)
                ));
            }
            if !listed.contains(&k) {
                self.problem(format!(
                    "evidence {} is not one of its document's relations",
                    display_key(&k)
                ));
            }
            let t = tallies.entry(triple).or_default();
            t.support += 1;
            *t.modalities.entry(ev.modality).or_insert(0) += 1;
            if let Some(role) = ev.role {
                *t.roles.entry(role).or_insert(0) += 1;
            }
            if let Some(d) = ev.date {
                t.first = Some(t.first.map_or(d, |f| f.min(d)));
                t.last = Some(t.last.map_or(d, |l| l.max(d)));
            }
        }
        Ok(tallies)
    }

    fn check_relations(&mut self, tallies: &BTreeMap<Triple, Tally>) -> Result<()> {
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
                    "relation {name}: support {} but {} evidence records and modality counts summing to {modality_sum}",
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
            for key in triple.by_entity_keys() {
                self.expect(TreeId::ByEntity, &key, || format!("relation {name}"))?;
            }
            seen.insert(triple);
        }
        for triple in tallies.keys().filter(|t| !seen.contains(*t)) {
            self.problem(format!(
                "evidence for {} {} {} but no relation record",
                triple.subject, triple.predicate, triple.object
            ));
        }
        for k in self.keys(TreeId::ByEntity)? {
            let found = triple_from_by_entity_key(&k).filter(|t| seen.contains(t));
            if found.is_none() {
                self.problem(format!(
                    "by_entity entry {} points at no relation",
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
    fn check_counters(&mut self) -> Result<()> {
        let mut mentions = 0;
        let documents = self.all(TreeId::Documents)?;
        for (k, v) in &documents {
            mentions += decode::<DocRecord>(TreeId::Documents, k, v)?.mentions.len() as u64;
        }
        let mut expected = vec![
            (Counter::Documents, documents.len() as u64),
            (Counter::Mentions, mentions),
            (Counter::Entities, self.keys(TreeId::Entities)?.len() as u64),
            (Counter::Evidence, self.keys(TreeId::Evidence)?.len() as u64),
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
