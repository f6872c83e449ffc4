//! `newsgraph entities` and `newsgraph entity`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use newsgraph_engine::Engine;
use newsgraph_model::{Entity, RelationAggregate};
use newsgraph_store::{EntityQuery, RelationQuery, StoredEntity};
use serde::Serialize;

use super::table::{dates, fields, Table};
use super::{output, page_size};
use crate::cli::Out;

/// How many relations `entity` shows.
const TOP_RELATIONS: usize = 10;

pub fn list(
    engine: &Engine,
    kind: Option<String>,
    prefix: Option<String>,
    limit: usize,
    out: Out,
) -> Result<ExitCode> {
    let mut query = EntityQuery {
        kind,
        prefix,
        ..EntityQuery::default()
    };
    let mut found: Vec<StoredEntity> = Vec::new();
    loop {
        query.limit = page_size(limit, found.len());
        let page = engine.store().entities(&query)?;
        found.extend(page.items);
        match page.next_cursor {
            Some(c) if limit == 0 || found.len() < limit => query.cursor = Some(c),
            _ => break,
        }
    }
    output(out, &found, |found| {
        let mut t = Table::new(&["ID", "TYPE", "NAME", "MENTIONS", "DOCUMENTS"]);
        for e in found {
            t.row(vec![
                e.entity.id.clone(),
                e.entity.kind.to_string(),
                e.entity.name.clone(),
                e.mentions.to_string(),
                e.documents.to_string(),
            ]);
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct EntityView {
    entity: Entity,
    mentions: u64,
    documents: u64,
    /// The strongest typed relations, by support.
    relations: Vec<RelationAggregate>,
}

/// The entity as stored, or as the gazetteers know it when no document mentions it.
pub fn lookup(engine: &Engine, id: &str) -> Result<StoredEntity> {
    if let Some(e) = engine.store().entity(id)? {
        return Ok(e);
    }
    match engine.extractor()?.gazetteer().get(id) {
        Some(entity) => Ok(StoredEntity {
            entity: entity.clone(),
            mentions: 0,
            documents: 0,
        }),
        None => bail!("no entity `{id}`"),
    }
}

pub fn show(engine: &Engine, id: &str, out: Out) -> Result<ExitCode> {
    let stored = lookup(engine, id)?;
    let mut relations: Vec<RelationAggregate> = engine
        .store()
        .relations(&RelationQuery {
            entity: Some(id.to_string()),
            ..RelationQuery::default()
        })?
        .into_iter()
        .filter(|r| r.predicate.is_typed())
        .collect();
    relations.sort_by_key(|r| std::cmp::Reverse(r.support));
    relations.truncate(TOP_RELATIONS);
    let view = EntityView {
        entity: stored.entity,
        mentions: stored.mentions,
        documents: stored.documents,
        relations,
    };
    output(out, &view, |v| render(engine, v))?;
    Ok(ExitCode::SUCCESS)
}

fn render(engine: &Engine, v: &EntityView) -> String {
    let e = &v.entity;
    let offices: Vec<String> = e
        .offices
        .iter()
        .map(|o| {
            let of =
                o.of.as_deref()
                    .map(|x| format!(" of {x}"))
                    .unwrap_or_default();
            let from = o.start.as_deref().unwrap_or("?");
            let to = o.end.as_deref().unwrap_or("");
            format!("{}{of} ({from}–{to})", o.role)
        })
        .collect();
    let members: Vec<&str> = e.member_of.iter().map(|m| m.of.as_str()).collect();
    let mut s = fields(&[
        ("id", e.id.clone()),
        ("name", e.name.clone()),
        ("type", e.kind.to_string()),
        ("aliases", e.aliases.join(", ")),
        ("acronyms", e.acronyms.join(", ")),
        ("country", e.country.clone().unwrap_or_default()),
        ("capital", e.capital.clone().unwrap_or_default()),
        ("member of", members.join(", ")),
        ("wikidata", e.wikidata.clone().unwrap_or_default()),
        ("date", e.date.clone().unwrap_or_default()),
        ("mentions", v.mentions.to_string()),
        ("documents", v.documents.to_string()),
    ]);
    if !offices.is_empty() {
        s.push_str("offices:\n");
        for o in offices {
            s.push_str(&format!("  {o}\n"));
        }
    }
    if !v.relations.is_empty() {
        s.push('\n');
        let mut t = Table::new(&["PREDICATE", "OTHER", "NAME", "SUPPORT", "MODALITY", "DATES"]);
        for r in &v.relations {
            let other = if r.subject == e.id {
                &r.object
            } else {
                &r.subject
            };
            let arrow = if r.predicate.is_symmetric() {
                r.predicate.to_string()
            } else if r.subject == e.id {
                format!("{} →", r.predicate)
            } else {
                format!("← {}", r.predicate)
            };
            t.row(vec![
                arrow,
                other.clone(),
                name_of(engine, other),
                r.support.to_string(),
                r.main_modality().to_string(),
                dates(r.first_date, r.last_date),
            ]);
        }
        s.push_str(&t.render());
    }
    s
}

/// The display name of an id: the stored entity's, else the id itself.
pub fn name_of(engine: &Engine, id: &str) -> String {
    match engine.store().entity(id) {
        Ok(Some(stored)) => stored.entity.name,
        _ => id.to_string(),
    }
}
