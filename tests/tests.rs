//! The integration tests: one binary, a module per area, all running the real `newsgraph`.

mod crash;
mod crash_server;
mod export;
mod ingest;
mod property;
mod queries;
mod sample;
mod tag;
mod util;
