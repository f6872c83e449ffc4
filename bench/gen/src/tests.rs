//! The generator's promises: deterministic, distinct documents, every relation frame used,
//! valid JSON Lines.

use crate::corpus::*;

#[test]
fn same_seed_same_documents() {
    let a: Vec<String> = Generator::new(7)
        .take(20)
        .map(|d| d.to_json_line())
        .collect();
    let b: Vec<String> = Generator::new(7)
        .take(20)
        .map(|d| d.to_json_line())
        .collect();
    assert_eq!(a, b);
    let c: Vec<String> = Generator::new(8)
        .take(20)
        .map(|d| d.to_json_line())
        .collect();
    assert_ne!(a, c);
}

#[test]
fn documents_are_distinct() {
    let texts: std::collections::HashSet<String> =
        Generator::new(1).take(2000).map(|d| d.text).collect();
    assert_eq!(texts.len(), 2000);
}

#[test]
fn every_relation_frame_is_used() {
    let mut seen = std::collections::HashSet::new();
    for d in Generator::new(3).take(500) {
        for f in d.facts {
            seen.insert((f.predicate, f.modality));
        }
    }
    for (_, p, m) in RELATIONS {
        assert!(seen.contains(&(*p, *m)), "{p} {m}");
    }
}

#[test]
fn dates_round_trip() {
    for (y, m, d) in [(2015, 1, 1), (2020, 2, 29), (2025, 12, 31)] {
        assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
    }
}

#[test]
fn lines_are_json() {
    for d in Generator::new(5).take(50) {
        let v: serde_json::Value = serde_json::from_str(&d.to_json_line()).unwrap();
        assert_eq!(v["id"], d.id.as_str());
        assert!(v["published"].as_str().unwrap().len() == 10);
    }
}
