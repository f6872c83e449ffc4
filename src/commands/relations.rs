//! `newsgraph relations` and `newsgraph met`: relations with the sentences that state them.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use newsgraph_engine::Engine;
use newsgraph_model::{EvidenceRecord, Modality, Predicate, RelationAggregate};
use newsgraph_store::RelationQuery;
use serde::Serialize;

use super::entities::{lookup, name_of};
use super::output;
use super::table::{clip, dates, Table};
use crate::cli::{Direction, Out};

/// A relation with its names and evidence, as both commands print it.
#[derive(Debug, Serialize)]
pub struct Stated {
    #[serde(flatten)]
    pub relation: RelationAggregate,
    pub subject_name: String,
    pub object_name: String,
    pub evidence: Vec<EvidenceRecord>,
}

fn stated(
    engine: &Engine,
    r: RelationAggregate,
    keep: impl Fn(&EvidenceRecord) -> bool,
) -> Result<Stated> {
    let evidence = engine
        .store()
        .evidence(&r.subject, r.predicate, &r.object)?
        .into_iter()
        .filter(|e| keep(e))
        .collect();
    Ok(Stated {
        subject_name: name_of(engine, &r.subject),
        object_name: name_of(engine, &r.object),
        relation: r,
        evidence,
    })
}

/// One evidence line: `[planned 2021-06-14] doc-id: sentence`.
fn evidence_line(e: &EvidenceRecord) -> String {
    let date = e.date.map(|d| format!(" {d}")).unwrap_or_default();
    format!(
        "[{}{date}] {}: {}",
        e.modality,
        e.document,
        clip(&e.text, 160)
    )
}

fn other<'a>(r: &'a RelationAggregate, id: &str) -> &'a str {
    if r.subject == id {
        &r.object
    } else {
        &r.subject
    }
}

fn modalities(r: &RelationAggregate) -> String {
    let parts: Vec<String> = r
        .modalities
        .iter()
        .filter(|(_, &n)| n > 0)
        .map(|(m, n)| {
            if r.support > 1 {
                format!("{m} {n}")
            } else {
                m.to_string()
            }
        })
        .collect();
    parts.join(", ")
}

pub fn relations(
    engine: &Engine,
    id: &str,
    predicate: Option<Predicate>,
    modality: Option<Modality>,
    direction: Direction,
    out: Out,
) -> Result<ExitCode> {
    lookup(engine, id)?;
    let mut query = RelationQuery {
        predicate,
        modality,
        ..RelationQuery::default()
    };
    match direction {
        Direction::Out => query.subject = Some(id.to_string()),
        Direction::In => query.object = Some(id.to_string()),
        Direction::Both => query.entity = Some(id.to_string()),
    }
    let mut found = Vec::new();
    for r in engine.store().relations(&query)? {
        if predicate.is_none() && !r.predicate.is_typed() {
            continue;
        }
        found.push(stated(engine, r, |e| {
            modality.is_none_or(|m| e.modality == m)
        })?);
    }
    output(out, &found, |found| {
        let mut t = Table::new(&[
            "SUBJECT",
            "PREDICATE",
            "OBJECT",
            "SUPPORT",
            "MODALITY",
            "DATES",
        ]);
        for s in found {
            let r = &s.relation;
            t.row_with(
                vec![
                    r.subject.clone(),
                    r.predicate.to_string(),
                    r.object.clone(),
                    r.support.to_string(),
                    modalities(r),
                    dates(r.first_date, r.last_date),
                ],
                s.evidence.iter().map(evidence_line).collect(),
            );
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn met(
    engine: &Engine,
    id: Option<&str>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    out: Out,
) -> Result<ExitCode> {
    if let Some(id) = id {
        lookup(engine, id)?;
    }
    newsgraph_graph::check_window(since, until)?;
    // Straight from the store's relation index (an entity's `met` relations, or the `met`
    // range of all of them), so that a large store needs no graph built for this.
    let mut meetings = engine.store().relations(&RelationQuery {
        entity: id.map(str::to_string),
        predicate: Some(Predicate::Met),
        since,
        until,
        ..RelationQuery::default()
    })?;
    // In (subject, object) order.
    meetings.sort_by(|a, b| (&a.subject, &a.object).cmp(&(&b.subject, &b.object)));
    let in_window = |e: &EvidenceRecord| match e.date {
        Some(d) => since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u),
        None => since.is_none() && until.is_none(),
    };
    let mut found = Vec::new();
    for r in meetings {
        found.push(stated(engine, r, in_window)?);
    }
    if let Some(id) = id {
        // By the other party.
        found.sort_by(|a, b| other(&a.relation, id).cmp(other(&b.relation, id)));
    }
    output(out, &found, |found| {
        let mut t = match id {
            Some(_) => Table::new(&["WITH", "NAME", "DATES", "MODALITY", "SUPPORT"]),
            None => Table::new(&["A", "B", "DATES", "MODALITY", "SUPPORT"]),
        };
        for s in found {
            let r = &s.relation;
            let (first, second) = match id {
                Some(i) if r.subject == i => (r.object.clone(), s.object_name.clone()),
                Some(_) => (r.subject.clone(), s.subject_name.clone()),
                None => (r.subject.clone(), r.object.clone()),
            };
            t.row_with(
                vec![
                    first,
                    second,
                    dates(r.first_date, r.last_date),
                    modalities(r),
                    r.support.to_string(),
                ],
                s.evidence.iter().map(evidence_line).collect(),
            );
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}
