//! `newsgraph ingest`: read documents, tag them on all cores in batches (the next batch while
//! the last one is stored, and each stored while the one before it is written), store them,
//! and say what happened to each.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use newsgraph_engine::{BulkStore, Engine, Extracted};
use newsgraph_model::Document;
use newsgraph_store::IngestOutcome;
use serde::Serialize;

use super::sources::{self, Defaults, Input, Rejected};
use super::{open, print, print_json};
use crate::cli::IngestArgs;

#[derive(Debug, Default, Serialize)]
struct Summary {
    added: usize,
    replaced: usize,
    unchanged: usize,
    rejected: usize,
    /// Mentions and relation evidence stored by the added and replaced documents.
    mentions: usize,
    relations: usize,
    errors: Vec<Rejected>,
}

impl Summary {
    fn accepted(&self) -> usize {
        self.added + self.replaced + self.unchanged
    }

    fn count(&mut self, outcome: &IngestOutcome) {
        match outcome {
            IngestOutcome::Added {
                mentions,
                relations,
                ..
            } => {
                self.added += 1;
                self.mentions += mentions;
                self.relations += relations;
            }
            IngestOutcome::Replaced {
                mentions,
                relations,
                ..
            } => {
                self.replaced += 1;
                self.mentions += mentions;
                self.relations += relations;
            }
            IngestOutcome::Unchanged { .. } => self.unchanged += 1,
        }
    }

    fn line(&self) -> String {
        let total = self.accepted() + self.rejected;
        let mut s = format!(
            "{total} document{}: {} added, {} replaced, {} unchanged, {} rejected ({} mentions, {} relations stored)",
            if total == 1 { "" } else { "s" },
            self.added,
            self.replaced,
            self.unchanged,
            self.rejected,
            self.mentions,
            self.relations,
        );
        if self.rejected > 0 {
            s.push_str("; the rejected ones are listed on standard error");
        }
        s.push('\n');
        s
    }
}

struct Run<'a> {
    engine: &'a Engine,
    bulk: BulkStore<'a>,
    bar: ProgressBar,
    summary: Summary,
    /// Which input gave each id in this run, to warn when a later one replaces it.
    seen: HashMap<String, String>,
    pending: Option<Tagged>,
}

impl Run<'_> {
    fn reject(&mut self, r: Rejected) {
        self.bar.suspend(|| eprintln!("newsgraph: {r}"));
        self.bar.inc(1);
        self.summary.rejected += 1;
        self.summary.errors.push(r);
    }

    /// Stores the batch before `batch`, then tags `batch` on all cores while that one is
    /// written, so that tagging, planning and the store's writes overlap; an empty batch
    /// stores the last one.
    fn submit(&mut self, batch: Vec<Input>) -> Result<()> {
        for input in &batch {
            if input.doc.id.is_empty() {
                continue;
            }
            if let Some(before) = self.seen.insert(input.doc.id.clone(), input.origin.clone()) {
                let warning = format!(
                    "newsgraph: {}: id `{}` was also given by {before}; this one replaces it",
                    input.origin, input.doc.id
                );
                self.bar.suspend(|| eprintln!("{warning}"));
            }
        }
        let (origins, docs): (Vec<String>, Vec<_>) =
            batch.into_iter().map(|i| (i.origin, i.doc)).unzip();
        // The batch before is planned here and written on the store's own thread while
        // this one is tagged.
        let stored = self.pending.take().map(|p| {
            let outcome = p.tagged.and_then(|extracted| self.bulk.store(extracted));
            (p.origins, p.docs, outcome)
        });
        let tagged = (!docs.is_empty()).then(|| self.engine.extract_batch(docs.clone()));
        if let Some((origins, docs, outcome)) = stored {
            self.finish(origins, docs, outcome)?;
        }
        if let Some(tagged) = tagged {
            self.pending = Some(Tagged {
                origins,
                docs,
                tagged,
            });
        }
        Ok(())
    }

    /// Counts a stored batch; when one document spoiled it (in tagging, before anything was
    /// written), stores the batch one by one to find it.
    fn finish(
        &mut self,
        origins: Vec<String>,
        docs: Vec<Document>,
        outcome: newsgraph_engine::Result<Vec<IngestOutcome>>,
    ) -> Result<()> {
        match outcome {
            Ok(outcomes) => {
                for o in &outcomes {
                    self.summary.count(o);
                }
                self.bar.inc(docs.len() as u64);
            }
            Err(e) if per_document(&e) => {
                for (origin, doc) in origins.into_iter().zip(docs) {
                    let stored = self
                        .engine
                        .extract_batch(vec![doc])
                        .and_then(|one| self.bulk.store(one));
                    match stored {
                        Ok(outcomes) => {
                            for o in &outcomes {
                                self.summary.count(o);
                            }
                            self.bar.inc(1);
                        }
                        Err(e) if per_document(&e) => self.reject(Rejected {
                            origin,
                            reason: e.to_string(),
                        }),
                        Err(e) => return Err(e).context(origin),
                    }
                }
            }
            Err(e) => return Err(e).context("storing documents"),
        }
        Ok(())
    }
}

/// A batch tagged and waiting for its turn to be stored.
struct Tagged {
    origins: Vec<String>,
    docs: Vec<Document>,
    tagged: newsgraph_engine::Result<Extracted>,
}

/// Whether an engine error is about one document rather than the store.
fn per_document(e: &newsgraph_engine::Error) -> bool {
    matches!(
        e,
        newsgraph_engine::Error::EmptyText
            | newsgraph_engine::Error::ExtractionFailed(_)
            | newsgraph_engine::Error::Store(newsgraph_store::Error::InvalidId { .. })
    )
}

fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {pos}/{len} documents, {rate} documents/s, {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .with_key(
        "rate",
        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}", state.per_sec());
        },
    )
    .progress_chars("=> ");
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

pub fn run(args: &IngestArgs) -> Result<ExitCode> {
    let engine = open(&args.data)?;
    let defaults = Defaults {
        published: args.published,
        source: args.source.clone(),
        max_bytes: args.max_bytes,
    };
    let (files, unreadable) = sources::files(&args.paths);
    let bar = if std::io::stderr().is_terminal() {
        let total = files.iter().map(|(p, k)| sources::count(p, *k)).sum();
        progress_bar(total)
    } else {
        ProgressBar::hidden()
    };
    let mut run = Run {
        engine: &engine,
        bulk: engine.bulk_store(),
        bar,
        summary: Summary::default(),
        seen: HashMap::new(),
        pending: None,
    };
    for r in unreadable {
        run.reject(r);
    }
    let batch_size = args.batch_size as usize;
    let mut batch = Vec::with_capacity(batch_size);
    for (path, kind) in &files {
        for item in sources::read(path, *kind, &defaults) {
            match item {
                Ok(input) => {
                    batch.push(input);
                    if batch.len() >= batch_size {
                        run.submit(std::mem::take(&mut batch))?;
                    }
                }
                Err(r) => run.reject(r),
            }
        }
    }
    run.submit(batch)?;
    run.submit(Vec::new())?;
    run.bulk.finish().context("storing documents")?;
    run.bar.finish_and_clear();
    let summary = run.summary;
    if args.out.json {
        print_json(&summary)?;
    } else {
        print(&summary.line())?;
    }
    Ok(if summary.accepted() > 0 {
        ExitCode::SUCCESS
    } else {
        if summary.rejected == 0 {
            eprintln!("newsgraph: no .txt or .jsonl documents found");
        }
        ExitCode::FAILURE
    })
}
