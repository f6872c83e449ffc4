//! `newsgraph tag`: mentions and relations of one text, as JSON or marked-up text.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use newsgraph_model::Extraction;

use crate::cli::{Knowledge, TagFormat};

/// Reads a text file or standard input (`-`) as UTF-8, refusing empty input.
pub fn read_text(file: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    }
    let name = if file.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name}: not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        bail!("{name}: empty input");
    }
    Ok(text)
}

pub fn run(
    file: &Path,
    knowledge: &Knowledge,
    published: Option<NaiveDate>,
    format: TagFormat,
    no_relations: bool,
) -> Result<ExitCode> {
    let text = read_text(file)?;
    let x = super::extractor(knowledge)?;
    let out = if no_relations {
        x.tag(&text, published)
    } else {
        x.extract(&text, published)
    };
    let mut stdout = std::io::stdout().lock();
    match format {
        TagFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &out)?;
            writeln!(stdout)?;
        }
        TagFormat::Text => write!(stdout, "{}", render_text(&text, &out))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The text with each mention marked `[text]{type:id}`, then the relations one a line.
pub fn render_text(text: &str, out: &Extraction) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut s = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for m in &out.mentions {
        if m.start < at {
            continue;
        }
        s.extend(&chars[at..m.start]);
        let target = match (&m.entity, m.candidate, m.candidates.is_empty()) {
            (Some(id), _, _) => id.clone(),
            (None, true, _) => "candidate".to_string(),
            (None, false, false) => format!("one of {}", m.candidates.join("|")),
            _ => "?".to_string(),
        };
        s.push('[');
        s.extend(&chars[m.start..m.end]);
        s.push_str(&format!("]{{{}:{}}}", m.kind, target));
        at = m.end;
    }
    s.extend(&chars[at..]);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    let typed: Vec<_> = out
        .relations
        .iter()
        .filter(|r| r.predicate.is_typed())
        .collect();
    if !typed.is_empty() {
        s.push_str("\nRelations:\n");
        for r in typed {
            let role = r
                .role
                .as_deref()
                .map(|x| format!(" as {x:?}"))
                .unwrap_or_default();
            let date = r.date.map(|d| format!(" on {d}")).unwrap_or_default();
            s.push_str(&format!(
                "  {} {} {}{role} [{}{date}, sentence {}: {:?}]\n",
                r.subject, r.predicate, r.object, r.modality, r.sentence, r.trigger
            ));
        }
    }
    s
}
