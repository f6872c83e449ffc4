//! `newsgraph documents` and `newsgraph document`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use newsgraph_engine::Engine;
use newsgraph_store::{DocumentQuery, DocumentSummary, StoredDocument};

use super::table::{clip, fields, Table};
use super::{output, page_size};
use crate::cli::Out;

pub fn list(
    engine: &Engine,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    source: Option<String>,
    limit: usize,
    out: Out,
) -> Result<ExitCode> {
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            bail!("date range is empty: since {s} is after until {u}");
        }
    }
    let mut query = DocumentQuery {
        since,
        until,
        source,
        ..DocumentQuery::default()
    };
    let mut found: Vec<DocumentSummary> = Vec::new();
    loop {
        query.limit = page_size(limit, found.len());
        let page = engine.store().documents(&query)?;
        found.extend(page.items);
        match page.next_cursor {
            Some(c) if limit == 0 || found.len() < limit => query.cursor = Some(c),
            _ => break,
        }
    }
    output(out, &found, |found| {
        let mut t = Table::new(&[
            "ID",
            "PUBLISHED",
            "SOURCE",
            "MENTIONS",
            "RELATIONS",
            "TITLE",
        ]);
        for d in found {
            t.row(vec![
                d.id.clone(),
                d.published.map(|p| p.to_string()).unwrap_or("-".into()),
                d.source.clone().unwrap_or("-".into()),
                d.mentions.to_string(),
                d.relations.to_string(),
                clip(&d.title, 60),
            ]);
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(engine: &Engine, id: &str, out: Out) -> Result<ExitCode> {
    let Some(doc) = engine.store().document(id)? else {
        bail!("no document `{id}`");
    };
    output(out, &doc, render)?;
    Ok(ExitCode::SUCCESS)
}

fn render(d: &StoredDocument) -> String {
    let doc = &d.document;
    let mut s = fields(&[
        ("id", doc.id.clone()),
        ("title", doc.title.clone()),
        (
            "published",
            doc.published.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("source", doc.source.clone().unwrap_or_default()),
        ("url", doc.url.clone().unwrap_or_default()),
        ("characters", doc.text.chars().count().to_string()),
        ("sentences", d.sentences.len().to_string()),
        ("mentions", d.mentions.len().to_string()),
        ("relations", d.relations.len().to_string()),
    ]);
    let mut mentions = Table::new(&["START", "END", "TYPE", "ENTITY", "TEXT"]);
    for m in &d.mentions {
        let entity = match (&m.entity, m.candidate) {
            (Some(e), _) => e.clone(),
            (None, true) => "(candidate)".into(),
            (None, false) => "-".into(),
        };
        mentions.row(vec![
            m.start.to_string(),
            m.end.to_string(),
            m.kind.clone(),
            entity,
            clip(&m.text, 40),
        ]);
    }
    if !mentions.is_empty() {
        s.push('\n');
        s.push_str(&mentions.render());
    }
    let mut relations = Table::new(&[
        "SENTENCE",
        "SUBJECT",
        "PREDICATE",
        "OBJECT",
        "MODALITY",
        "DATE",
        "TRIGGER",
    ]);
    for r in d.relations.iter().filter(|r| r.predicate.is_typed()) {
        relations.row(vec![
            r.sentence.to_string(),
            r.subject.clone(),
            r.predicate.to_string(),
            r.object.clone(),
            r.modality.to_string(),
            r.date.map(|x| x.to_string()).unwrap_or("-".into()),
            r.trigger.clone(),
        ]);
    }
    if !relations.is_empty() {
        s.push('\n');
        s.push_str(&relations.render());
    }
    s
}
