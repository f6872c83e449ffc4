//! Exports every name of the default gazetteers (names, aliases, acronyms, demonyms, and the
//! surnames newsgraph's matcher adds) for the other taggers of `bench/compare`:
//! `export-names DIR` writes `DIR/patterns.jsonl` (spaCy EntityRuler/SpanRuler phrase
//! patterns), `DIR/keywords.txt` (FlashText `name=>id` lines) and `DIR/names.txt` (one name a
//! line, for the bare Aho-Corasick scan).

use std::io::Write;

use newsgraph_gazetteer::GazetteerBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: export-names DIR")?;
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let gaz = GazetteerBuilder::new().build()?;
    let names = newsgraph_bench::names::all(&gaz);
    let mut spacy = std::io::BufWriter::new(std::fs::File::create(dir.join("patterns.jsonl"))?);
    let mut flash = std::io::BufWriter::new(std::fs::File::create(dir.join("keywords.txt"))?);
    let mut plain = std::io::BufWriter::new(std::fs::File::create(dir.join("names.txt"))?);
    let mut distinct = std::collections::HashSet::new();
    for n in &names {
        let line =
            serde_json::json!({"label": n.kind.to_uppercase(), "pattern": n.text, "id": n.id});
        writeln!(spacy, "{line}")?;
        writeln!(flash, "{}=>{}", n.text, n.id)?;
        if distinct.insert(n.text.as_str()) {
            writeln!(plain, "{}", n.text)?;
        }
    }
    spacy.flush()?;
    flash.flush()?;
    plain.flush()?;
    eprintln!(
        "{} entities, {} names, {} distinct strings",
        gaz.entities().len(),
        names.len(),
        distinct.len()
    );
    Ok(())
}
