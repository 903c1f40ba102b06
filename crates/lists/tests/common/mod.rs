//! Helpers shared by the integration tests: where the real data and the fixtures are.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `shared/data` beside the repository, or `None` (with a message) when it is absent.
/// When the env var `CI` is set, absence is a failure.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "shared data directory {} is absent, and CI is set: the real-data tests cannot run",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: shared data directory {} is absent (set CI to make this a failure)",
        dir.display()
    );
    None
}

/// `fixtures/lists` in the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lists")
}

/// Opens a file as a buffered reader.
pub fn open(path: &Path) -> std::io::BufReader<std::fs::File> {
    std::io::BufReader::new(
        std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}
