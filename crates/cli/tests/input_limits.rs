//! Bad input to `embargo request` and to date flags, through the real binary on a SQLite file
//! (issue 9, "Bad input"): oversize request files and standard input are refused before they
//! are parsed; a request over a size limit is refused at creation and not stored; hidden
//! characters in references, actor ids and listed references are refused, naming the field and
//! the code point; years beyond 9999 are named as such, in flags and in request JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

struct Cli {
    dir: tempfile::TempDir,
    db: String,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("e.db").display());
        Cli { dir, db }
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"));
        c.args(args).env("EMBARGO_DB", &self.db).env_remove("EMBARGO_ACTOR");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn run_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // The reader may stop early (that is the point): a broken pipe is expected then.
        let _ = stdin.write_all(input);
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    /// Writes the 2016 GNA example with a change applied.
    fn request_file(&self, name: &str, change: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
        change(&mut v);
        let path = self.dir.path().join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        path
    }

    /// Whether `request show REF` finds the request.
    fn stored(&self, reference: &str) -> bool {
        self.run(&["request", "show", reference]).status.success()
    }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/requests/2016-gna-request.json")
}

/// Exit code 2 with every `needles` in stderr.
fn refused(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} not in: {stderr}");
    }
}

fn new(cli: &Cli, reference: &str, file: &str, actor: &str) -> Output {
    cli.run(&[
        "request",
        "new",
        reference,
        "--file",
        file,
        "--actor",
        actor,
        "--now",
        "2016-06-24T10:00:00Z",
    ])
}

#[test]
fn the_example_is_accepted_so_the_refusals_below_are_about_their_change() {
    let cli = Cli::new();
    let file = cli.request_file("ok.json", |_| {});
    let out = new(&cli, "GNA-2016-1", file.to_str().unwrap(), "submitter:LY-focal-point");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(cli.stored("GNA-2016-1"));
}

#[test]
fn an_oversize_request_file_or_stdin_is_refused_before_parsing() {
    let cli = Cli::new();
    // 5 MiB title: over the 4 MiB file cap.
    let file = cli.request_file("huge.json", |v| v["title"] = "A".repeat(5 << 20).into());
    let out = new(&cli, "GNA-2016-1", file.to_str().unwrap(), "submitter:LY-focal-point");
    refused(&out, &["huge.json: larger than 4,194,304 bytes (4 MiB)"]);
    assert!(!cli.stored("GNA-2016-1"));
    let bytes = std::fs::read(&file).unwrap();
    let out = cli.run_stdin(
        &["request", "new", "GNA-2016-2", "--file", "-", "--actor", "submitter:LY"],
        &bytes,
    );
    refused(&out, &["stdin: larger than 4,194,304 bytes (4 MiB)"]);
    assert!(!cli.stored("GNA-2016-2"));
}

#[test]
fn a_request_over_a_size_limit_is_refused_at_creation_and_not_stored() {
    let cli = Cli::new();
    let file = cli.request_file("title.json", |v| v["title"] = "A".repeat(100_000).into());
    let out = new(&cli, "GNA-2016-1", file.to_str().unwrap(), "submitter:LY-focal-point");
    refused(&out, &["title: 100,000 characters, at most 500"]);
    assert!(!cli.stored("GNA-2016-1"));
    let file = cli.request_file("desc.json", |v| {
        v["items"][3]["description"] = "x".repeat(2_514).into();
    });
    let out = new(&cli, "GNA-2016-1", file.to_str().unwrap(), "submitter:LY-focal-point");
    refused(&out, &["items[3].description: 2,514 characters, at most 2,000"]);
    assert!(!cli.stored("GNA-2016-1"));
}

#[test]
fn hidden_characters_in_references_and_identifiers_are_refused() {
    let cli = Cli::new();
    let file = cli.request_file("ok.json", |_| {});
    let file = file.to_str().unwrap();
    let out = new(&cli, "GNA\u{202E}2016", file, "submitter:LY-focal-point");
    refused(&out, &["reference: U+202E (right-to-left override) at character 4"]);
    let out = new(&cli, "GNA-2016-1", file, "submitter:LY\u{200B}focal");
    refused(&out, &["--actor", "U+200B (zero width space) at character 3"]);
    assert!(!cli.stored("GNA-2016-1"));
    let file_zw = cli.request_file("zw.json", |v| {
        v["documents"][0]["reference"] = "GNA-MOD/EUC/2016/\u{2067}014".into();
    });
    let out = new(&cli, "GNA-2016-1", file_zw.to_str().unwrap(), "submitter:LY-focal-point");
    refused(&out, &["documents[0].reference: U+2067 (right-to-left isolate)"]);
    // A listed reference given to `request clear`.
    let out = new(&cli, "GNA-2016-1", file, "submitter:LY-focal-point");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli.run(&[
        "request",
        "clear",
        "GNA-2016-1",
        "--party",
        "1",
        "--listed",
        "LYi\u{202E}.013",
        "--reason",
        "different person",
        "--actor",
        "submitter:LY-focal-point",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    refused(&out, &["--listed: U+202E (right-to-left override) at character 4"]);
}

#[test]
fn years_beyond_9999_are_named_in_flags_and_in_request_json() {
    let cli = Cli::new();
    let out = cli.run(&["regimes", "show", "un-libya", "--as-of", "10000-01-01"]);
    refused(
        &out,
        &["--as-of `10000-01-01`: year 10000 is out of range: dates run from -9999 to 9999"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("month"), "{stderr}");
    let file = cli.request_file("year.json", |v| {
        v["delivery"]["dates"] = serde_json::json!(["2016-08-15", "10000-01-01"]);
    });
    let out = new(&cli, "GNA-2016-1", file.to_str().unwrap(), "submitter:LY-focal-point");
    refused(
        &out,
        &["year.json: delivery.dates[1]: year 10000 is out of range: dates run from -9999 to 9999"],
    );
}
