//! Writes generated news-like documents as JSON Lines:
//! `gen-corpus [--docs N] [--seed S] [--start N] [--out FILE]` (standard output by default).

use std::io::Write;

use newsgraph_bench::corpus::Generator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut docs: u64 = 10_000;
    let mut seed: u64 = 1;
    let mut start: u64 = 0;
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--docs" => docs = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--start" => start = value()?.parse()?,
            "--out" => out = Some(value()?),
            _ => {
                return Err(format!(
                    "usage: gen-corpus [--docs N] [--seed S] [--start N] [--out FILE]; not {a:?}"
                )
                .into())
            }
        }
    }
    let sink: Box<dyn Write> = match &out {
        Some(p) => Box::new(std::fs::File::create(p)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 20, sink);
    for d in Generator::new(seed).starting_at(start).take(docs as usize) {
        w.write_all(d.to_json_line().as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
