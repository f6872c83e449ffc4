//! newsgraph's HTTP API: ingest news articles, ask who met whom, export the graph.
//!
//! One [`app`] constructor builds the actix-web application for both [`serve`] and the tests.
//! Routes are grouped by resource under [`routes`], each listed once in [`routes::ROUTES`],
//! which both configures the app and is checked against the OpenAPI document ([`openapi`]).
//! Every error is an [`ApiError`] answered as RFC 7807 `application/problem+json`; storage
//! work runs on actix's blocking pool.
//!
//! The binary's `newsgraph serve` merges its flags with the environment and a config file and
//! hands the result over:
//!
//! ```no_run
//! use newsgraph_server::{ConfigLayer, ServerConfig};
//! let flags = ConfigLayer { addr: Some("127.0.0.1:8080".into()), ..ConfigLayer::default() };
//! let config = ServerConfig::load(flags, None)?;
//! newsgraph_server::run(config)?; // until SIGINT or SIGTERM
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Tests (and embedders) start it on an ephemeral port and stop it through a handle:
//!
//! ```no_run
//! # async fn demo(dir: std::path::PathBuf) -> std::io::Result<()> {
//! use newsgraph_server::{start, ServerConfig};
//! let config = ServerConfig { data_dir: dir, addr: "127.0.0.1:0".into(), ..ServerConfig::default() };
//! let running = start(config).await?;
//! println!("listening on {}", running.local_addr());
//! running.handle().stop(true).await;
//! running.wait().await
//! # }
//! ```

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, HttpServer, ResponseError};
use newsgraph_engine::Engine;

pub mod auth;
pub mod cache;
pub mod config;
pub mod cors;
pub mod error;
pub mod explorer;
pub mod load;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod routes;

#[cfg(test)]
mod hostile_tests;

pub use config::{ConfigError, ConfigLayer, ServerConfig};
pub use error::ApiError;
pub use load::{load_paths, LoadReport};

/// What every handler shares: the engine and the server's settings.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    engine: Engine,
    token: Option<auth::Token>,
    body_limit: usize,
    bulk_limit: usize,
    max_results: usize,
    max_graph_nodes: usize,
    cors_origins: Vec<String>,
    request_timeout: Duration,
    metrics: metrics::Metrics,
    gazetteer: Mutex<()>,
    /// Tells this server's `ETag`s from an earlier one's.
    boot: u64,
    /// Writes so far: see [`cache`].
    generation: AtomicU64,
    responses: Mutex<cache::Bounded<String, cache::CachedResponse>>,
    evidence: Mutex<cache::Bounded<String, cache::CachedEvidence>>,
}

impl AppState {
    /// Wraps an open engine with the limits and token of `config`.
    pub fn new(engine: Engine, config: &ServerConfig) -> Self {
        AppState(Arc::new(Shared {
            engine,
            token: config.token.as_deref().map(auth::Token::new),
            body_limit: config.body_limit,
            bulk_limit: config.bulk_limit,
            max_results: config.max_results,
            max_graph_nodes: config.max_graph_nodes,
            cors_origins: config.cors_origins.clone(),
            request_timeout: config.request_timeout,
            metrics: metrics::Metrics::new(),
            gazetteer: Mutex::new(()),
            boot: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
                ^ u64::from(std::process::id()),
            generation: AtomicU64::new(0),
            responses: Mutex::new(cache::Bounded::new(config.response_cache)),
            evidence: Mutex::new(cache::Bounded::new(config.evidence_cache)),
        }))
    }

    /// The data generation: how many writes this server has made.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(Ordering::SeqCst)
    }

    /// Marks the data changed, once a write is in the store and the graph: nothing cached
    /// before is served again.
    pub(crate) fn data_changed(&self) {
        self.0.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn boot(&self) -> u64 {
        self.0.boot
    }

    /// The caches' sizes and the data generation, in the Prometheus text format.
    pub(crate) fn cache_metrics(&self) -> String {
        let (response_bytes, responses) = {
            let c = self.0.responses.lock().unwrap_or_else(|e| e.into_inner());
            (c.used(), c.len())
        };
        let (evidence_bytes, evidence) = {
            let c = self.0.evidence.lock().unwrap_or_else(|e| e.into_inner());
            (c.used(), c.len())
        };
        let mut out = String::new();
        for (name, help, value) in [
            (
                "response_cache_bytes",
                "Bytes held by the response cache.",
                response_bytes,
            ),
            (
                "response_cache_entries",
                "Answers held by the response cache.",
                responses,
            ),
            (
                "evidence_cache_bytes",
                "Bytes held by the evidence cache.",
                evidence_bytes,
            ),
            (
                "evidence_cache_entries",
                "Relations held by the evidence cache.",
                evidence,
            ),
            (
                "data_generation",
                "Writes since the server started.",
                self.generation() as usize,
            ),
        ] {
            out.push_str(&format!(
                "# HELP newsgraph_{name} {help}\n# TYPE newsgraph_{name} gauge\nnewsgraph_{name} {value}\n"
            ));
        }
        out
    }

    pub(crate) fn cached_response(
        &self,
        generation: u64,
        key: &str,
    ) -> Option<cache::CachedResponse> {
        self.0
            .responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(generation, key)
    }

    pub(crate) fn keep_response(
        &self,
        generation: u64,
        key: String,
        value: cache::CachedResponse,
        size: usize,
    ) {
        self.0
            .responses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(generation, key, value, size);
    }

    /// The first `limit` sentences of a relation, from memory when they are there.
    ///
    /// # Errors
    /// A storage failure.
    pub(crate) fn evidence_first(
        &self,
        subject: &str,
        predicate: newsgraph_model::Predicate,
        object: &str,
        limit: usize,
    ) -> Result<cache::Evidence, ApiError> {
        let generation = self.generation();
        let key = format!("{subject}\u{0}{}\u{0}{object}", predicate.as_str());
        let evidence = || self.0.evidence.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = evidence()
            .get(generation, &key)
            .and_then(|c| c.first(limit))
        {
            return Ok(hit);
        }
        // Read at least a listing's worth, so the next default request finds them.
        let want = limit.max(routes::relations::DEFAULT_EVIDENCE);
        let records = self
            .engine()
            .store()
            .evidence_first(subject, predicate, object, want)?;
        let entry = cache::CachedEvidence::new(&records, records.len() < want)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let served = cache::Evidence::first_of(entry.records.clone(), limit);
        let size = key.len() + entry.size();
        evidence().insert(generation, key, entry, size);
        Ok(served)
    }

    pub fn engine(&self) -> &Engine {
        &self.0.engine
    }

    pub fn metrics(&self) -> &metrics::Metrics {
        &self.0.metrics
    }

    pub(crate) fn token(&self) -> Option<&auth::Token> {
        self.0.token.as_ref()
    }

    pub(crate) fn bulk_limit(&self) -> usize {
        self.0.bulk_limit
    }

    /// Most items one page of a listing holds.
    pub(crate) fn max_results(&self) -> usize {
        self.0.max_results
    }

    /// Origins allowed to call from a browser page elsewhere; none by default.
    pub(crate) fn cors_origins(&self) -> &[String] {
        &self.0.cors_origins
    }

    /// Most entities one graph export holds.
    pub(crate) fn max_graph_nodes(&self) -> usize {
        self.0.max_graph_nodes
    }

    /// Held while the user gazetteer is rewritten.
    pub(crate) fn gazetteer_lock(&self) -> MutexGuard<'_, ()> {
        self.0.gazetteer.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The application: routes, extractor limits and error handlers, and the middleware (request
/// ids, logs and metrics; problem+json for every error; the token check; the response cache;
/// per resource, the timeout).
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.0.body_limit;
    App::new()
        .app_data(web::Data::new(state))
        .app_data(
            web::JsonConfig::default()
                .limit(limit)
                .error_handler(error::json_error),
        )
        .app_data(web::PayloadConfig::new(limit))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .configure(routes::configure)
        .configure(explorer::configure)
        .default_service(web::to(error::not_found))
        .wrap(from_fn(cache::respond))
        .wrap(from_fn(auth::require_token))
        .wrap(from_fn(error::problem_fallback))
        .wrap(from_fn(observe::observe))
        .wrap(from_fn(cors::cors))
}

/// Middleware: answers 503 to a request that takes longer than the configured timeout.
/// Installed on each resource, after routing: the request it keeps a copy of must not be
/// shared while the router still writes to it.
pub(crate) async fn timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.0.request_timeout)
        .unwrap_or(config::DEFAULT_REQUEST_TIMEOUT);
    let http = req.request().clone();
    match actix_web::rt::time::timeout(limit, next.call(req)).await {
        Ok(res) => Ok(res?.map_into_boxed_body()),
        Err(_) => Ok(ServiceResponse::new(
            http,
            ApiError::Timeout(limit.as_millis()).error_response(),
        )),
    }
}

/// Installs a log subscriber writing to standard error, unless one is set already. The level
/// comes from `NEWSGRAPH_LOG` (`error` .. `trace`, default `info`). Colours only on a
/// terminal: a log file or pipe gets plain lines.
pub fn init_logging(json: bool) {
    let level = std::env::var("NEWSGRAPH_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    // Err means a subscriber is installed already (the binary's, or an earlier server's).
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// A server that is listening.
pub struct Running {
    server: actix_web::dev::Server,
    addrs: Vec<SocketAddr>,
    state: AppState,
}

impl Running {
    /// The first address bound (with the real port when the configured one was 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addrs[0]
    }

    /// Every address bound.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// Stops the server from another task or thread (`handle.stop(true)` is graceful).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Runs until the server stops (SIGINT, SIGTERM or a handle), letting requests in flight
    /// finish, then flushes the store and closes it: once this returns, the data directory
    /// can be opened again in the same process.
    ///
    /// # Errors
    /// The server's I/O error, or a store that cannot be flushed.
    pub async fn wait(self) -> std::io::Result<()> {
        let served = self.server.await;
        let state = self.state;
        let flushed = web::block(move || {
            let flushed = state.engine().store().flush();
            // The workers drop their copies of the state as they wind down, after the server
            // has stopped; the store closes with the last one.
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while Arc::strong_count(&state.0) > 1 && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(state);
            flushed
        })
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other);
        tracing::info!("stopped; store flushed");
        served.and(flushed)
    }
}

/// Opens the data directory, loads the configured files and binds the address. Must run
/// inside an actix system (as [`serve`] and [`run`] do).
///
/// # Errors
/// A bad gazetteer or rule file, a store that cannot be opened, a file to ingest that cannot
/// be read, or an address that cannot be bound.
pub async fn start(config: ServerConfig) -> std::io::Result<Running> {
    init_logging(config.log_json);
    let to_io = |e: &dyn std::error::Error| {
        let mut msg = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        std::io::Error::other(msg)
    };
    let (dir, knowledge, ingest) = (
        config.data_dir.clone(),
        config.knowledge(),
        config.ingest.clone(),
    );
    let engine = web::block(move || -> std::io::Result<Engine> {
        let engine = Engine::open(&dir, knowledge).map_err(|e| to_io(&e))?;
        if !ingest.is_empty() {
            let report = load_paths(&engine, &ingest).map_err(|e| to_io(&e))?;
            tracing::info!(
                files = report.files,
                added = report.added,
                replaced = report.replaced,
                unchanged = report.unchanged,
                skipped = report.skipped,
                "loaded documents"
            );
        }
        Ok(engine)
    })
    .await
    .map_err(std::io::Error::other)??;
    let state = AppState::new(engine, &config);
    let app_state = state.clone();
    let mut server = HttpServer::new(move || app(app_state.clone()))
        // Time for a client to send its headers: not less than 5 s, whatever the handler limit.
        .client_request_timeout(config.request_timeout.max(Duration::from_secs(5)))
        .shutdown_timeout(config.request_timeout.as_secs().max(1));
    if let Some(workers) = config.workers {
        server = server.workers(workers);
    }
    let server = server.bind(&config.addr)?;
    let addrs = server.addrs();
    let server = server.run();
    tracing::info!(addr = %addrs.first().map(ToString::to_string).unwrap_or_default(), "listening");
    Ok(Running {
        server,
        addrs,
        state,
    })
}

/// Serves until SIGINT or SIGTERM: stops accepting, finishes the requests in flight, flushes
/// the store. Must run inside an actix system; [`run`] makes one.
///
/// # Errors
/// As [`start`] and [`Running::wait`].
pub async fn serve(config: ServerConfig) -> std::io::Result<()> {
    start(config).await?.wait().await
}

/// [`serve`] on a new actix system, blocking the calling thread: what `newsgraph serve` calls.
///
/// # Errors
/// As [`serve`].
pub fn run(config: ServerConfig) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(serve(config))
}
