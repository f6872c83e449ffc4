//! What the read endpoints keep in memory between requests: whole response bodies (keyed by
//! the normalized request) and the first sentences of each relation.
//!
//! Both belong to one *data generation*: [`AppState`] counts writes (every ingest, delete
//! and gazetteer entry bumps it once the write is in the store and the graph), and an entry
//! made for an older generation is never served. The first lookup or insert of a newer
//! generation empties the cache. Each cache holds at most its budget of bytes (keys and values
//! as [`Bounded::insert`] is told their size), evicting the oldest entries not used since they
//! were last passed over (second chance); a budget of 0 turns it off.
//!
//! The response cache is a middleware ([`respond`]) for the routes marked cached. It also gives each `200` answer of theirs an `ETag` made of the server's start, the
//! generation and the key, and answers `304 Not Modified` to an `If-None-Match` that matches,
//! whether or not the body is still cached. Errors (problem+json) are never cached.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use newsgraph_model::EvidenceRecord;
use serde_json::value::RawValue;

use crate::AppState;

/// Bytes the response cache holds by default (64 MiB).
pub const DEFAULT_RESPONSE_CACHE: usize = 64 * 1024 * 1024;
/// Bytes the evidence cache holds by default (64 MiB).
pub const DEFAULT_EVIDENCE_CACHE: usize = 64 * 1024 * 1024;
/// What an entry costs besides its key and value: the map slot, the queue entry, the headers.
const ENTRY_OVERHEAD: usize = 96;
/// No single entry takes more than this share of a cache (1/8), so one large export cannot
/// empty it.
const LARGEST_SHARE: usize = 8;

/// A map of at most `budget` bytes for one data generation at a time.
#[derive(Debug)]
pub struct Bounded<K, V> {
    budget: usize,
    used: usize,
    generation: u64,
    map: HashMap<K, Slot<V>>,
    /// Keys in the order they went in; eviction takes from the front.
    queue: VecDeque<K>,
}

#[derive(Debug)]
struct Slot<V> {
    value: V,
    size: usize,
    /// Read since eviction last passed over it.
    recent: bool,
}

impl<K: Hash + Eq + Clone, V: Clone> Bounded<K, V> {
    /// An empty cache of at most `budget` bytes; 0 keeps nothing.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            used: 0,
            generation: 0,
            map: HashMap::new(),
            queue: VecDeque::new(),
        }
    }

    /// Bytes held now, entry overhead included.
    pub fn used(&self) -> usize {
        self.used
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The value kept for `key` in `generation`.
    pub fn get<Q>(&mut self, generation: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if !self.enter(generation) {
            return None;
        }
        let slot = self.map.get_mut(key)?;
        slot.recent = true;
        Some(slot.value.clone())
    }

    /// Keeps `value` for `key`, made from the data of `generation`, `size` bytes counting the
    /// key. Not kept when the generation has passed or it is larger than its share.
    pub fn insert(&mut self, generation: u64, key: K, value: V, size: usize) {
        let size = size + ENTRY_OVERHEAD;
        if !self.enter(generation) || size > self.budget / LARGEST_SHARE {
            return;
        }
        if let Some(old) = self.map.remove(&key) {
            // Two requests missed at once; rare, so the queue is searched.
            self.used -= old.size;
            self.queue.retain(|k| k != &key);
        }
        self.make_room(size);
        self.queue.push_back(key.clone());
        self.used += size;
        self.map.insert(
            key,
            Slot {
                value,
                size,
                recent: false,
            },
        );
    }

    /// Whether entries of `generation` may be read or made; a newer one empties the cache.
    fn enter(&mut self, generation: u64) -> bool {
        if generation > self.generation {
            self.map.clear();
            self.queue.clear();
            self.used = 0;
            self.generation = generation;
        }
        generation == self.generation && self.budget > 0
    }

    /// Evicts until `size` more bytes fit: the front of the queue goes unless it was read
    /// since it was last passed over, in which case it goes to the back once.
    fn make_room(&mut self, size: usize) {
        while self.used + size > self.budget {
            let Some(key) = self.queue.pop_front() else {
                return;
            };
            match self.map.get_mut(&key) {
                Some(slot) if slot.recent => {
                    slot.recent = false;
                    self.queue.push_back(key);
                }
                Some(_) => {
                    if let Some(slot) = self.map.remove(&key) {
                        self.used -= slot.size;
                    }
                }
                None => {}
            }
        }
    }
}

/// A cached answer: the body and the headers its handler set (the content type).
#[derive(Debug, Clone)]
pub struct CachedResponse {
    body: web::Bytes,
    headers: Arc<[(HeaderName, HeaderValue)]>,
}

/// The first sentences of a relation, each already written as JSON (escaping the sentences
/// is most of the cost of writing a listing): `records` is all of them when `complete`.
#[derive(Debug, Clone)]
pub struct CachedEvidence {
    pub records: Arc<[Box<RawValue>]>,
    pub complete: bool,
}

impl CachedEvidence {
    /// `records` written as JSON; `complete` when they are all the relation has.
    ///
    /// # Errors
    /// A record that cannot be written as JSON.
    pub fn new(records: &[EvidenceRecord], complete: bool) -> serde_json::Result<Self> {
        Ok(Self {
            records: records
                .iter()
                .map(serde_json::value::to_raw_value)
                .collect::<serde_json::Result<_>>()?,
            complete,
        })
    }

    /// The first `limit`, if this entry has them.
    pub fn first(&self, limit: usize) -> Option<Evidence> {
        (self.complete || self.records.len() >= limit)
            .then(|| Evidence::first_of(self.records.clone(), limit))
    }

    /// Roughly the bytes it holds.
    pub fn size(&self) -> usize {
        self.records
            .iter()
            .map(|r| r.get().len() + std::mem::size_of::<Box<RawValue>>())
            .sum()
    }
}

/// The first sentences of a relation as a listing shows them: shared with the evidence
/// cache, serialized as a list of the first `len`.
#[derive(Debug, Clone)]
pub struct Evidence {
    records: Arc<[Box<RawValue>]>,
    len: usize,
}

impl Evidence {
    /// The first `limit` of `records` (all of them when there are fewer).
    pub fn first_of(records: Arc<[Box<RawValue>]>, limit: usize) -> Self {
        let len = limit.min(records.len());
        Self { records, len }
    }

    /// Each record as JSON.
    pub fn as_slice(&self) -> &[Box<RawValue>] {
        &self.records[..self.len]
    }
}

impl serde::Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

/// The cache key of a request: its path, then its query parameters in name order (the order
/// of a repeated name kept), empty ones dropped.
pub fn normalized_key(path: &str, query: &str) -> String {
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    params.sort_by_key(|p| p.split('=').next().unwrap_or_default());
    let mut key = String::with_capacity(path.len() + query.len() + 1);
    key.push_str(path);
    if !params.is_empty() {
        key.push('?');
        key.push_str(&params.join("&"));
    }
    key
}

/// The `ETag` of an answer to `key` at `generation` from the server started at `boot`.
pub fn etag(boot: u64, generation: u64, key: &str) -> String {
    // A fixed hasher: the same key hashes the same for the life of the process.
    let hash =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
            .hash_one(key);
    format!("\"{boot:x}-{generation:x}-{hash:016x}\"")
}

/// Whether an `If-None-Match` header value names `etag` (or is `*`). Weak tags compare by
/// their opaque part, as RFC 9110 says for `If-None-Match`.
pub fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// Middleware, innermost of the application's (after the token check, before routing):
/// answers a `GET` of a cached route from the response cache or with `304` when it can, else
/// runs it and keeps a `200` answer. A hit never reaches the router.
pub(crate) async fn respond(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let cacheable = req.method() == Method::GET && crate::routes::cached(req.path());
    let (Some(state), true) = (state, cacheable) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = normalized_key(req.path(), req.query_string());
    // Read before the handler reads the data: an answer made while a write lands is kept
    // for the older generation, which no later request asks for.
    let generation = state.generation();
    let tag = etag(state.boot(), generation, &key);
    let tag_value = HeaderValue::from_str(&tag).ok();
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| matches(v, &tag));
    if not_modified {
        let mut res = HttpResponse::NotModified();
        if let Some(tag) = tag_value {
            res.insert_header((header::ETAG, tag));
        }
        return Ok(req.into_response(res.finish()));
    }
    if let Some(hit) = state.cached_response(generation, &key) {
        let mut res = HttpResponse::Ok();
        for (name, value) in hit.headers.iter() {
            res.append_header((name.clone(), value.clone()));
        }
        if let Some(tag) = tag_value {
            res.insert_header((header::ETAG, tag));
        }
        return Ok(req.into_response(res.body(hit.body)));
    }
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let (http, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let headers: Arc<[(HeaderName, HeaderValue)]> = head
        .headers()
        .iter()
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    if let Some(tag) = tag_value {
        head.headers_mut().insert(header::ETAG, tag);
    }
    let size = key.len()
        + bytes.len()
        + headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len())
            .sum::<usize>();
    state.keep_response(
        generation,
        key,
        CachedResponse {
            body: bytes.clone(),
            headers,
        },
        size,
    );
    Ok(ServiceResponse::new(
        http,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalized() {
        let cases = [
            ("/v1/meetings", "", "/v1/meetings"),
            ("/v1/meetings", "entity=a", "/v1/meetings?entity=a"),
            (
                "/v1/meetings",
                "limit=10&entity=a",
                "/v1/meetings?entity=a&limit=10",
            ),
            (
                "/v1/meetings",
                "&limit=10&&entity=a&",
                "/v1/meetings?entity=a&limit=10",
            ),
            // A repeated name keeps its order.
            ("/v1/x", "b=2&a=9&b=1", "/v1/x?a=9&b=2&b=1"),
        ];
        for (path, query, want) in cases {
            assert_eq!(normalized_key(path, query), want, "{path}?{query}");
        }
    }

    #[test]
    fn if_none_match() {
        let tag = etag(1, 2, "/v1/meetings");
        let cases = [
            (tag.clone(), true),
            (format!("W/{tag}"), true),
            (format!("\"other\", {tag}"), true),
            ("*".to_owned(), true),
            ("\"other\"".to_owned(), false),
            (etag(1, 3, "/v1/meetings"), false),
            (etag(2, 2, "/v1/meetings"), false),
            (etag(1, 2, "/v1/meetings?entity=a"), false),
            (String::new(), false),
        ];
        for (header, want) in cases {
            assert_eq!(matches(&header, &tag), want, "{header}");
        }
    }

    #[test]
    fn entries_belong_to_one_generation() {
        let mut c: Bounded<String, u32> = Bounded::new(10_000);
        c.insert(1, "a".into(), 1, 10);
        assert_eq!(c.get(1, "a"), Some(1));
        // Made from older data: not kept.
        c.insert(0, "b".into(), 2, 10);
        assert_eq!(c.get(1, "b"), None);
        // A newer generation empties it.
        assert_eq!(c.get(2, "a"), None);
        assert!(c.is_empty());
        assert_eq!(c.used(), 0);
        // And an older one is not served.
        c.insert(2, "a".into(), 3, 10);
        assert_eq!(c.get(1, "a"), None);
        assert_eq!(c.get(2, "a"), Some(3));
    }

    #[test]
    fn stays_within_its_budget() {
        let budget = 100 * (100 + ENTRY_OVERHEAD);
        let mut c: Bounded<usize, usize> = Bounded::new(budget);
        for i in 0..1000 {
            c.insert(0, i, i, 100);
            // One key read often survives.
            assert_eq!(c.get(0, &0), Some(0), "after {i}");
            assert!(c.used() <= budget, "{} > {budget}", c.used());
        }
        assert_eq!(c.len(), 100);
        // Replacing a key does not count it twice.
        c.insert(0, 999, 7, 100);
        assert_eq!((c.len(), c.get(0, &999)), (100, Some(7)));
        assert!(c.used() <= budget);
    }

    #[test]
    fn too_large_or_disabled_keeps_nothing() {
        let cases = [(0, 1), (8_000, 10_000), (80_000, 10_000)];
        for (budget, size) in cases {
            let mut c: Bounded<u8, u8> = Bounded::new(budget);
            c.insert(0, 1, 1, size);
            assert_eq!(c.get(0, &1), None, "{size} in {budget}");
            assert_eq!(c.used(), 0);
        }
    }

    #[test]
    fn evidence_entries_serve_what_they_hold() {
        let rec = |i: usize| EvidenceRecord {
            document: format!("d{i}"),
            sentence: i,
            start: 0,
            end: 1,
            text: "x".into(),
            modality: newsgraph_model::Modality::Asserted,
            trigger: "met".into(),
            confidence: 1.0,
            role: None,
            date: None,
        };
        let five: Vec<EvidenceRecord> = (0..5).map(rec).collect();
        let partial = CachedEvidence::new(&five, false).expect("json");
        let all = CachedEvidence::new(&five, true).expect("json");
        // (entry, limit, how many served or None)
        let cases = [
            (&partial, 0, Some(0)),
            (&partial, 3, Some(3)),
            (&partial, 5, Some(5)),
            (&partial, 6, None),
            (&all, 6, Some(5)),
            (&all, 1000, Some(5)),
        ];
        for (entry, limit, want) in cases {
            assert_eq!(
                entry.first(limit).map(|e| e.as_slice().len()),
                want,
                "{limit}"
            );
        }
        // Written as the records themselves would be.
        let json = serde_json::to_value(partial.first(2).expect("held")).expect("json");
        assert_eq!(json, serde_json::to_value(&five[..2]).expect("json"));
    }
}
