//! A harness that runs the real `newsgraph` binary in a temporary directory, in the manner of
//! ripgrep's `tests/util.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The sample article and its sidecar, as shipped in `data/`.
pub const SAMPLE: &str = include_str!("../data/nato-summit-2021.txt");
pub const SAMPLE_META: &str = include_str!("../data/nato-summit-2021.meta.json");

/// Short documents written for these tests: a `.txt` with a sidecar and a `.jsonl` of two
/// (one without an id).
pub const MERKEL_MACRON: &str =
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.\n";
pub const MERKEL_MACRON_META: &str =
    r#"{"published": "2021-06-21", "source": "test-wire", "title": "Merkel in Paris"}"#;
pub const BRIEFS: &str = concat!(
    r#"{"id": "de-croo-merkel", "title": "De Croo to Berlin", "text": "Belgian Prime Minister Alexander De Croo will meet Angela Merkel in Berlin next week.", "published": "2021-06-21", "source": "test-wire"}"#,
    "\n",
    r#"{"text": "Canadian Prime Minister Justin Trudeau spoke with Italian Prime Minister Mario Draghi by phone on Tuesday.", "published": "2021-06-22"}"#,
    "\n",
);

/// A temporary directory to run `newsgraph` in, with its data directory inside.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::Builder::new()
                .prefix("newsgraph-test-")
                .tempdir()
                .expect("temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// The data directory the commands use (through `NEWSGRAPH_DATA`).
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// Writes a file (creating its directories) relative to the test directory.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The sample article with its sidecar in `sample/`.
    pub fn with_sample(self) -> Dir {
        self.write("sample/nato-summit-2021.txt", SAMPLE);
        self.write("sample/nato-summit-2021.meta.json", SAMPLE_META);
        self
    }

    /// The test documents in `extra/`.
    pub fn with_extra(self) -> Dir {
        self.write("extra/merkel-macron.txt", MERKEL_MACRON);
        self.write("extra/merkel-macron.meta.json", MERKEL_MACRON_META);
        self.write("extra/briefs.jsonl", BRIEFS);
        self
    }

    /// A `newsgraph` command run in this directory on its data directory.
    pub fn cmd(&self, args: &[&str]) -> Cmd {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
        cmd.current_dir(self.path())
            .env("NEWSGRAPH_DATA", self.data())
            .env_remove("RUST_BACKTRACE")
            .args(args);
        Cmd { cmd }
    }

    /// Runs `newsgraph ARGS`, expecting success; its standard output.
    pub fn stdout(&self, args: &[&str]) -> String {
        self.cmd(args).stdout()
    }

    /// Runs `newsgraph ARGS --json`, expecting success; its output parsed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = self.stdout(&args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
    }
}

pub struct Cmd {
    cmd: Command,
}

impl Cmd {
    /// The command, to spawn it.
    pub fn command(&mut self) -> &mut Command {
        &mut self.cmd
    }

    pub fn output(&mut self) -> Output {
        self.cmd.output().expect("run newsgraph")
    }

    /// Runs it and returns standard output, failing the test (showing standard error) on a
    /// non-zero exit.
    pub fn stdout(&mut self) -> String {
        let out = self.output();
        assert!(
            out.status.success(),
            "{:?} failed with {}\nstdout:\n{}\nstderr:\n{}",
            self.cmd,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs it expecting exit status 1; returns (stdout, stderr).
    pub fn fails(&mut self) -> (String, String) {
        let out = self.output();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{:?} should exit 1\nstdout:\n{}\nstderr:\n{}",
            self.cmd,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// A directory with the sample article ingested.
pub fn sample() -> Dir {
    let dir = Dir::new().with_sample();
    dir.stdout(&["ingest", "sample"]);
    dir
}

/// A directory with the sample article and the test documents ingested.
pub fn sample_and_extra() -> Dir {
    let dir = Dir::new().with_sample().with_extra();
    dir.stdout(&["ingest", "sample", "extra"]);
    dir
}
