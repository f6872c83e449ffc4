//! What a store's trees hold, against its size on disk:
//! `cargo run --release -p newsgraph-store --example footprint -- DATA/store`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: footprint DATA_DIR/store")?;
    let store = newsgraph_store::Store::open(Path::new(&dir))?;
    let (mut keys, mut values) = (0, 0);
    println!("| tree | entries | key bytes | value bytes |");
    println!("|---|---:|---:|---:|");
    for f in store.footprint()? {
        println!(
            "| {} | {} | {} | {} |",
            f.tree, f.entries, f.key_bytes, f.value_bytes
        );
        keys += f.key_bytes;
        values += f.value_bytes;
    }
    println!("| all | | {keys} | {values} |");
    println!("\nkeys and values: {} bytes", keys + values);
    Ok(())
}
