//! Tags text files with the default gazetteers and rules and prints the JSON, one file after
//! another: `cargo run --release -p newsgraph-extract --example tag -- FILE [YYYY-MM-DD]`.

use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        return Err("usage: tag FILE [YYYY-MM-DD]".into());
    };
    let published = args.get(1).map(|d| d.parse()).transpose()?;
    let x = Extractor::new(GazetteerBuilder::new().build()?, Rules::load(&[])?);
    let text = std::fs::read_to_string(file)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&x.extract(&text, published))?
    );
    Ok(())
}
