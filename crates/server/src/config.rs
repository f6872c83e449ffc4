//! The server's settings, merged from command-line flags, `NEWSGRAPH_*` environment variables,
//! an optional TOML file and defaults, in that order of precedence.
//!
//! Each source is read into a [`ConfigLayer`] (every field optional); [`ServerConfig::resolve`]
//! takes the first value set for each field. Paths in the TOML file are relative to the file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use newsgraph_engine::Knowledge;
use serde::Deserialize;

/// Address used when none is configured.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Data directory used when none is configured.
pub const DEFAULT_DATA_DIR: &str = "newsgraph-data";
/// Largest request body, in bytes, when none is configured (2 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Most JSON lines in one bulk request when none is configured.
pub const DEFAULT_BULK_LIMIT: usize = 10_000;
/// Items one page of a listing holds at most, by default.
pub const DEFAULT_MAX_RESULTS: usize = 1000;
/// Entities one graph export holds at most, by default.
pub const DEFAULT_MAX_GRAPH_NODES: usize = 10_000;
/// Longest a request may take when none is configured.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A setting that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// An environment variable whose value does not parse.
    #[error("environment variable {name}: {reason}")]
    Env { name: String, reason: String },
    /// The configuration file cannot be read.
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is not valid TOML for these settings.
    #[error("{}: {reason}", path.display())]
    File { path: PathBuf, reason: String },
    /// A merged value that makes no sense (a zero limit).
    #[error("{field}: {reason}")]
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
}

/// One source of settings; `None` means "not set here".
///
/// The binary fills one from its flags: a list flag that was not given is `None` (an empty
/// `Vec` would override the lower layers with nothing), a switch that was not given is `None`.
/// In a TOML file the keys are the field names (`data_dir`, `addr`, `gazetteers`, ...), with
/// `request_timeout` in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigLayer {
    pub data_dir: Option<PathBuf>,
    pub addr: Option<String>,
    pub gazetteers: Option<Vec<PathBuf>>,
    pub rules: Option<Vec<PathBuf>>,
    pub no_default_gazetteers: Option<bool>,
    /// Files or directories ingested at start.
    pub ingest: Option<Vec<PathBuf>>,
    /// Bearer token that writes need.
    pub token: Option<String>,
    /// Bytes.
    pub body_limit: Option<usize>,
    /// Lines per bulk request.
    pub bulk_limit: Option<usize>,
    /// Most items one page of a listing holds.
    pub max_results: Option<usize>,
    /// Most entities one graph export holds.
    pub max_graph_nodes: Option<usize>,
    /// Origins whose pages may call the API (CORS); none when unset.
    pub cors_origins: Option<Vec<String>>,
    /// Seconds.
    pub request_timeout: Option<u64>,
    /// HTTP worker threads; the number of cores when unset.
    pub workers: Option<usize>,
    /// Log lines as JSON objects rather than text.
    pub log_json: Option<bool>,
    /// Bytes of response bodies the read endpoints keep (0: none).
    pub response_cache: Option<usize>,
    /// Bytes of relation evidence kept in memory (0: none).
    pub evidence_cache: Option<usize>,
}

impl ConfigLayer {
    /// Reads the `NEWSGRAPH_*` variables among `vars`: `NEWSGRAPH_DATA` (or `_DATA_DIR`), `_ADDR`,
    /// `_GAZETTEERS`, `_RULES`, `_INGEST` (path lists, split like `PATH`), `_NO_DEFAULT_GAZETTEERS`,
    /// `_LOG_JSON` (`true`/`false`/`1`/`0`), `_TOKEN`, `_BODY_LIMIT` (bytes, or with a `KiB`/`MiB`
    /// suffix, as are `_RESPONSE_CACHE` and `_EVIDENCE_CACHE`), `_BULK_LIMIT`, `_MAX_RESULTS`,
    /// `_MAX_GRAPH_NODES`, `_CORS_ORIGINS` (comma-separated), `_REQUEST_TIMEOUT` (seconds),
    /// `_WORKERS`. Empty values count as unset; other variables are ignored.
    ///
    /// # Errors
    /// [`ConfigError::Env`] for a value that does not parse.
    pub fn from_env(
        vars: impl IntoIterator<Item = (OsString, OsString)>,
    ) -> Result<Self, ConfigError> {
        let mut layer = ConfigLayer::default();
        for (name, value) in vars {
            let Some(name) = name.to_str() else { continue };
            let Some(key) = name.strip_prefix("NEWSGRAPH_") else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let bad = |reason: &str| ConfigError::Env {
                name: name.to_owned(),
                reason: reason.to_owned(),
            };
            let text = || {
                value
                    .to_str()
                    .map(str::trim)
                    .ok_or_else(|| bad("not valid UTF-8"))
            };
            let number = || {
                text()?
                    .parse::<u64>()
                    .map_err(|_| bad("expected a whole number"))
            };
            let paths = || Some(std::env::split_paths(&value).collect::<Vec<_>>());
            match key {
                // `NEWSGRAPH_DATA` is what the other commands read too.
                "DATA" | "DATA_DIR" => layer.data_dir = Some(PathBuf::from(&value)),
                "ADDR" => layer.addr = Some(text()?.to_owned()),
                "GAZETTEERS" => layer.gazetteers = paths(),
                "RULES" => layer.rules = paths(),
                "INGEST" => layer.ingest = paths(),
                "NO_DEFAULT_GAZETTEERS" => {
                    layer.no_default_gazetteers =
                        Some(parse_bool(text()?).ok_or_else(|| bad("expected true or false"))?);
                }
                "LOG_JSON" => {
                    layer.log_json =
                        Some(parse_bool(text()?).ok_or_else(|| bad("expected true or false"))?);
                }
                "TOKEN" => layer.token = Some(text()?.to_owned()),
                "BODY_LIMIT" => {
                    layer.body_limit = Some(
                        parse_size(text()?)
                            .ok_or_else(|| bad("expected bytes, like 2097152 or 2MiB"))?,
                    );
                }
                "RESPONSE_CACHE" | "EVIDENCE_CACHE" => {
                    let bytes = parse_size(text()?).ok_or_else(|| {
                        bad("expected bytes, like 67108864 or 64MiB (0 turns the cache off)")
                    })?;
                    match key {
                        "RESPONSE_CACHE" => layer.response_cache = Some(bytes),
                        _ => layer.evidence_cache = Some(bytes),
                    }
                }
                "BULK_LIMIT" => layer.bulk_limit = Some(to_usize(number()?)),
                "MAX_RESULTS" => layer.max_results = Some(to_usize(number()?)),
                "MAX_GRAPH_NODES" => layer.max_graph_nodes = Some(to_usize(number()?)),
                "CORS_ORIGINS" => {
                    layer.cors_origins = Some(
                        text()?
                            .split(',')
                            .map(str::trim)
                            .filter(|o| !o.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    );
                }
                "REQUEST_TIMEOUT" => layer.request_timeout = Some(number()?),
                "WORKERS" => layer.workers = Some(to_usize(number()?)),
                _ => {}
            }
        }
        Ok(layer)
    }

    /// Reads a TOML file; relative paths in it are taken from the file's directory.
    ///
    /// # Errors
    /// [`ConfigError::Read`] when the file cannot be read, [`ConfigError::File`] when it is not
    /// valid TOML or has an unknown key.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Self::from_toml(&text, base).map_err(|reason| ConfigError::File {
            path: path.to_owned(),
            reason,
        })
    }

    /// Parses TOML text, taking relative paths from `base`.
    ///
    /// # Errors
    /// The parser's message for invalid TOML or an unknown key.
    pub fn from_toml(text: &str, base: &Path) -> Result<Self, String> {
        let mut layer: ConfigLayer = toml::from_str(text).map_err(|e| e.to_string())?;
        let rebase = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        layer.data_dir.iter_mut().for_each(rebase);
        for list in [&mut layer.gazetteers, &mut layer.rules, &mut layer.ingest] {
            list.iter_mut().flatten().for_each(rebase);
        }
        Ok(layer)
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `2097152`, `2048KiB`, `2MiB` (also `K`, `KB`, `M`, `MB`, all binary).
fn parse_size(s: &str) -> Option<usize> {
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: usize = digits.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// Everything [`crate::serve`] needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    pub data_dir: PathBuf,
    /// `host:port`; port 0 picks a free port.
    pub addr: String,
    pub gazetteers: Vec<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub no_default_gazetteers: bool,
    /// `.txt` and `.jsonl` files, or directories of them, ingested at start.
    pub ingest: Vec<PathBuf>,
    /// When set, writes need `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    pub body_limit: usize,
    pub bulk_limit: usize,
    /// Most items one page of a listing holds (`limit` is capped to it).
    pub max_results: usize,
    /// Most entities one graph export holds (`max_nodes` is capped to it; 0 asks for it).
    pub max_graph_nodes: usize,
    /// Origins whose pages may call the API; CORS is off when empty (the default).
    pub cors_origins: Vec<String>,
    pub request_timeout: Duration,
    pub workers: Option<usize>,
    pub log_json: bool,
    /// Bytes of response bodies the GET query endpoints keep (0 turns the cache off).
    pub response_cache: usize,
    /// Bytes of relation evidence kept in memory (0 turns the cache off).
    pub evidence_cache: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from(DEFAULT_DATA_DIR),
            addr: DEFAULT_ADDR.to_owned(),
            gazetteers: Vec::new(),
            rules: Vec::new(),
            no_default_gazetteers: false,
            ingest: Vec::new(),
            token: None,
            body_limit: DEFAULT_BODY_LIMIT,
            bulk_limit: DEFAULT_BULK_LIMIT,
            max_results: DEFAULT_MAX_RESULTS,
            max_graph_nodes: DEFAULT_MAX_GRAPH_NODES,
            cors_origins: Vec::new(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            workers: None,
            log_json: false,
            response_cache: crate::cache::DEFAULT_RESPONSE_CACHE,
            evidence_cache: crate::cache::DEFAULT_EVIDENCE_CACHE,
        }
    }
}

impl ServerConfig {
    /// Merges the layers field by field: flags over environment over file over defaults.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] for a zero body limit, bulk limit, timeout or worker count.
    pub fn resolve(
        flags: ConfigLayer,
        env: ConfigLayer,
        file: ConfigLayer,
    ) -> Result<Self, ConfigError> {
        let d = ServerConfig::default();
        let [f, e, c] = [flags, env, file];
        macro_rules! pick {
            ($field:ident) => {
                f.$field.or(e.$field).or(c.$field)
            };
        }
        let config = ServerConfig {
            data_dir: pick!(data_dir).unwrap_or(d.data_dir),
            addr: pick!(addr).unwrap_or(d.addr),
            gazetteers: pick!(gazetteers).unwrap_or_default(),
            rules: pick!(rules).unwrap_or_default(),
            no_default_gazetteers: pick!(no_default_gazetteers).unwrap_or(false),
            ingest: pick!(ingest).unwrap_or_default(),
            token: pick!(token).filter(|t| !t.is_empty()),
            body_limit: pick!(body_limit).unwrap_or(d.body_limit),
            bulk_limit: pick!(bulk_limit).unwrap_or(d.bulk_limit),
            max_results: pick!(max_results).unwrap_or(d.max_results),
            max_graph_nodes: pick!(max_graph_nodes).unwrap_or(d.max_graph_nodes),
            cors_origins: pick!(cors_origins).unwrap_or_default(),
            request_timeout: pick!(request_timeout)
                .map(Duration::from_secs)
                .unwrap_or(d.request_timeout),
            workers: pick!(workers),
            log_json: pick!(log_json).unwrap_or(false),
            response_cache: pick!(response_cache).unwrap_or(d.response_cache),
            evidence_cache: pick!(evidence_cache).unwrap_or(d.evidence_cache),
        };
        let positive = |n: usize, field| {
            if n == 0 {
                Err(ConfigError::Invalid {
                    field,
                    reason: "must be greater than zero",
                })
            } else {
                Ok(())
            }
        };
        positive(config.body_limit, "body_limit")?;
        positive(config.bulk_limit, "bulk_limit")?;
        positive(config.max_results, "max_results")?;
        positive(config.max_graph_nodes, "max_graph_nodes")?;
        positive(config.workers.unwrap_or(1), "workers")?;
        if config.request_timeout.is_zero() {
            positive(0, "request_timeout")?;
        }
        Ok(config)
    }

    /// What the binary calls: merges `flags` with this process's `NEWSGRAPH_*` variables and
    /// the TOML file at `file`, when given.
    ///
    /// # Errors
    /// As [`ConfigLayer::from_env`], [`ConfigLayer::from_file`] and [`ServerConfig::resolve`].
    pub fn load(flags: ConfigLayer, file: Option<&Path>) -> Result<Self, ConfigError> {
        let env = ConfigLayer::from_env(std::env::vars_os())?;
        let file = file.map(ConfigLayer::from_file).transpose()?;
        Self::resolve(flags, env, file.unwrap_or_default())
    }

    /// The gazetteers and rules, as the engine takes them.
    pub fn knowledge(&self) -> Knowledge {
        Knowledge {
            gazetteers: self.gazetteers.clone(),
            no_default_gazetteers: self.no_default_gazetteers,
            rules: self.rules.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ConfigLayer {
        ConfigLayer::from_env(
            pairs
                .iter()
                .map(|(k, v)| (OsString::from(k), OsString::from(v))),
        )
        .unwrap()
    }

    fn file(text: &str) -> ConfigLayer {
        ConfigLayer::from_toml(text, Path::new("conf")).unwrap()
    }

    #[test]
    fn result_limits_come_from_flags_env_and_file() {
        let flags = ConfigLayer {
            max_results: Some(5),
            ..ConfigLayer::default()
        };
        let env_layer = env(&[
            ("NEWSGRAPH_MAX_RESULTS", "6"),
            ("NEWSGRAPH_MAX_GRAPH_NODES", "7"),
        ]);
        let file_layer = file("max_graph_nodes = 8\n");
        let got = ServerConfig::resolve(flags, env_layer.clone(), file_layer.clone()).unwrap();
        assert_eq!((got.max_results, got.max_graph_nodes), (5, 7));
        let got = ServerConfig::resolve(ConfigLayer::default(), ConfigLayer::default(), file_layer)
            .unwrap();
        assert_eq!(
            (got.max_results, got.max_graph_nodes),
            (DEFAULT_MAX_RESULTS, 8)
        );
        let zero = ConfigLayer {
            max_results: Some(0),
            ..ConfigLayer::default()
        };
        assert!(
            ServerConfig::resolve(zero, ConfigLayer::default(), ConfigLayer::default()).is_err()
        );
    }

    #[test]
    fn precedence() {
        let flags = ConfigLayer {
            addr: Some("127.0.0.1:1".into()),
            ..ConfigLayer::default()
        };
        let env_layer = env(&[
            ("NEWSGRAPH_ADDR", "127.0.0.1:2"),
            ("NEWSGRAPH_BULK_LIMIT", "7"),
        ]);
        let file_layer = file("addr = \"127.0.0.1:3\"\nbulk_limit = 8\nbody_limit = 9\n");
        struct Case {
            name: &'static str,
            layers: [ConfigLayer; 3],
            addr: &'static str,
            bulk: usize,
            body: usize,
        }
        let none = ConfigLayer::default;
        let cases = [
            Case {
                name: "flag beats env and file",
                layers: [flags.clone(), env_layer.clone(), file_layer.clone()],
                addr: "127.0.0.1:1",
                bulk: 7,
                body: 9,
            },
            Case {
                name: "env beats file",
                layers: [none(), env_layer.clone(), file_layer.clone()],
                addr: "127.0.0.1:2",
                bulk: 7,
                body: 9,
            },
            Case {
                name: "file beats default",
                layers: [none(), none(), file_layer.clone()],
                addr: "127.0.0.1:3",
                bulk: 8,
                body: 9,
            },
            Case {
                name: "defaults",
                layers: [none(), none(), none()],
                addr: DEFAULT_ADDR,
                bulk: DEFAULT_BULK_LIMIT,
                body: DEFAULT_BODY_LIMIT,
            },
        ];
        for case in cases {
            let [f, e, c] = case.layers;
            let got = ServerConfig::resolve(f, e, c).unwrap();
            assert_eq!(got.addr, case.addr, "{}", case.name);
            assert_eq!(got.bulk_limit, case.bulk, "{}", case.name);
            assert_eq!(got.body_limit, case.body, "{}", case.name);
        }
    }

    #[test]
    fn environment_values() {
        let layer = env(&[
            ("NEWSGRAPH_BODY_LIMIT", "1MiB"),
            ("NEWSGRAPH_REQUEST_TIMEOUT", "5"),
            ("NEWSGRAPH_NO_DEFAULT_GAZETTEERS", "yes"),
            ("NEWSGRAPH_TOKEN", "s3cret"),
            ("NEWSGRAPH_DATA_DIR", ""),
            ("NEWSGRAPH_ADDR", "0.0.0.0:9000"),
            ("HOME", "ignored"),
        ]);
        assert_eq!(layer.addr.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(layer.body_limit, Some(1024 * 1024));
        assert_eq!(layer.request_timeout, Some(5));
        assert_eq!(layer.no_default_gazetteers, Some(true));
        assert_eq!(layer.token.as_deref(), Some("s3cret"));
        assert_eq!(layer.data_dir, None, "empty counts as unset");
        let data = env(&[("NEWSGRAPH_DATA", "/srv/news")]);
        assert_eq!(data.data_dir, Some(PathBuf::from("/srv/news")));
    }

    #[test]
    fn bad_environment_values() {
        for (name, value) in [
            ("NEWSGRAPH_BODY_LIMIT", "lots"),
            ("NEWSGRAPH_BULK_LIMIT", "-1"),
            ("NEWSGRAPH_NO_DEFAULT_GAZETTEERS", "maybe"),
        ] {
            let got = ConfigLayer::from_env([(OsString::from(name), OsString::from(value))]);
            assert!(
                matches!(got, Err(ConfigError::Env { .. })),
                "{name}={value}"
            );
        }
    }

    #[test]
    fn file_paths_are_relative_to_the_file() {
        let layer = file("data_dir = \"d\"\ningest = [\"a.txt\", \"/abs/b.jsonl\"]\n");
        assert_eq!(layer.data_dir, Some(Path::new("conf").join("d")));
        assert_eq!(
            layer.ingest,
            Some(vec![
                Path::new("conf").join("a.txt"),
                PathBuf::from("/abs/b.jsonl")
            ])
        );
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        assert!(ConfigLayer::from_toml("adress = \"x\"", Path::new("")).is_err());
    }

    #[test]
    fn zero_limits_are_refused() {
        let flags = ConfigLayer {
            bulk_limit: Some(0),
            ..ConfigLayer::default()
        };
        let got = ServerConfig::resolve(flags, ConfigLayer::default(), ConfigLayer::default());
        assert!(matches!(
            got,
            Err(ConfigError::Invalid {
                field: "bulk_limit",
                ..
            })
        ));
    }

    #[test]
    fn cache_sizes_from_flags_environment_and_file() {
        let env = |pairs: &[(&str, &str)]| {
            ConfigLayer::from_env(
                pairs
                    .iter()
                    .map(|(k, v)| (OsString::from(k), OsString::from(v))),
            )
        };
        let d = ServerConfig::default();
        // (variables, (response, evidence) budgets or None for an error)
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<(usize, usize)>);
        let cases: [Case; 5] = [
            (&[], Some((d.response_cache, d.evidence_cache))),
            (
                &[
                    ("NEWSGRAPH_RESPONSE_CACHE", "0"),
                    ("NEWSGRAPH_EVIDENCE_CACHE", "1MiB"),
                ],
                Some((0, 1 << 20)),
            ),
            (
                &[
                    ("NEWSGRAPH_RESPONSE_CACHE", ""),
                    ("NEWSGRAPH_EVIDENCE_CACHE", " 512 "),
                ],
                Some((d.response_cache, 512)),
            ),
            (&[("NEWSGRAPH_RESPONSE_CACHE", "big")], None),
            (&[("NEWSGRAPH_EVIDENCE_CACHE", "-1")], None),
        ];
        for (pairs, want) in cases {
            match (env(pairs), want) {
                (Ok(layer), Some(sizes)) => {
                    let got = ServerConfig::resolve(
                        ConfigLayer::default(),
                        layer,
                        ConfigLayer::default(),
                    )
                    .expect("valid");
                    assert_eq!((got.response_cache, got.evidence_cache), sizes, "{pairs:?}");
                }
                (got, want) => {
                    assert!(
                        want.is_none() && matches!(got, Err(ConfigError::Env { .. })),
                        "{pairs:?}"
                    );
                }
            }
        }
        // A flag wins over the environment, which wins over the file.
        let flags = ConfigLayer {
            response_cache: Some(1),
            ..ConfigLayer::default()
        };
        let from_env = env(&[
            ("NEWSGRAPH_RESPONSE_CACHE", "2"),
            ("NEWSGRAPH_EVIDENCE_CACHE", "3"),
        ])
        .expect("valid");
        let file =
            ConfigLayer::from_toml("response_cache = 4\nevidence_cache = 5\n", Path::new(""))
                .expect("valid TOML");
        let got = ServerConfig::resolve(flags, from_env, file.clone()).expect("valid");
        assert_eq!((got.response_cache, got.evidence_cache), (1, 3));
        let got = ServerConfig::resolve(ConfigLayer::default(), ConfigLayer::default(), file)
            .expect("valid");
        assert_eq!((got.response_cache, got.evidence_cache), (4, 5));
    }

    #[test]
    fn sizes() {
        for (s, want) in [
            ("10", Some(10)),
            ("2MiB", Some(2 << 20)),
            ("4 KiB", Some(4096)),
            ("2GB", None),
            ("", None),
        ] {
            assert_eq!(parse_size(s), want, "{s}");
        }
    }
}
