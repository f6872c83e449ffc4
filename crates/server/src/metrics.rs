//! Request counts and a latency histogram per (method, route pattern, status), and gauges for
//! the store's sizes, rendered in the Prometheus text exposition format (version 0.0.4).
//!
//! Routes are labelled by their pattern (`/v1/documents/{id}`), never the raw path, so the
//! number of series stays bounded; unmatched paths share the label `unmatched`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use newsgraph_store::Stats;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Default, Clone)]
struct Series {
    count: u64,
    sum: f64,
    /// Not cumulative: `buckets[i]` counts observations in `(BUCKETS[i-1], BUCKETS[i]]`.
    buckets: [u64; BUCKETS.len()],
}

/// The server's request metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<Key, Series>>,
}

impl Metrics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let key = Key {
            method: method.to_owned(),
            route: route.to_owned(),
            status,
        };
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let s = series.entry(key).or_default();
        s.count += 1;
        s.sum += secs;
        if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
            s.buckets[i] += 1;
        }
    }

    /// Everything, in the Prometheus text format, with the store's sizes as gauges.
    pub fn render(&self, stats: &Stats) -> String {
        let series = self
            .series
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut out = String::new();
        let labels = |k: &Key| {
            format!(
                "method=\"{}\",route=\"{}\",status=\"{}\"",
                escape(&k.method),
                escape(&k.route),
                k.status
            )
        };
        out.push_str("# HELP newsgraph_http_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE newsgraph_http_requests_total counter\n");
        for (k, s) in &series {
            let _ = writeln!(
                out,
                "newsgraph_http_requests_total{{{}}} {}",
                labels(k),
                s.count
            );
        }
        out.push_str(
            "# HELP newsgraph_http_request_duration_seconds Time to answer an HTTP request.\n",
        );
        out.push_str("# TYPE newsgraph_http_request_duration_seconds histogram\n");
        for (k, s) in &series {
            let l = labels(k);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "newsgraph_http_request_duration_seconds_bucket{{{l},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "newsgraph_http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "newsgraph_http_request_duration_seconds_sum{{{l}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "newsgraph_http_request_duration_seconds_count{{{l}}} {}",
                s.count
            );
        }
        for (name, help, value) in [
            ("documents", "Documents stored.", stats.documents),
            ("entities", "Entities stored.", stats.entities),
            ("relations", "Distinct relations stored.", stats.relations),
            ("evidence", "Pieces of evidence stored.", stats.evidence),
        ] {
            let _ = writeln!(out, "# HELP newsgraph_{name} {help}");
            let _ = writeln!(out, "# TYPE newsgraph_{name} gauge");
            let _ = writeln!(out, "newsgraph_{name} {value}");
        }
        out
    }
}

/// A label value as the text format wants it.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let m = Metrics::new();
        m.observe("GET", "/v1/documents/{id}", 200, Duration::from_millis(3));
        m.observe("GET", "/v1/documents/{id}", 200, Duration::from_secs(20));
        let stats = Stats {
            documents: 4,
            ..Stats::default()
        };
        let text = m.render(&stats);
        let l = r#"method="GET",route="/v1/documents/{id}",status="200""#;
        for want in [
            format!("newsgraph_http_requests_total{{{l}}} 2"),
            format!("newsgraph_http_request_duration_seconds_bucket{{{l},le=\"0.005\"}} 1"),
            format!("newsgraph_http_request_duration_seconds_bucket{{{l},le=\"10\"}} 1"),
            format!("newsgraph_http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} 2"),
            "newsgraph_documents 4".to_owned(),
        ] {
            assert!(text.contains(&want), "missing {want} in\n{text}");
        }
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
