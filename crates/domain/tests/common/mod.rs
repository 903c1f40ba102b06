//! Shared test helpers: load the shipped regime data from `regimes/` beside the workspace.

#![allow(dead_code)]

use embargo_domain::Registry;

/// Reads every `*.toml` under the repository's `regimes/` directory.
pub fn sources() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regimes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The registry built from the shipped data (panics with every error otherwise).
pub fn registry() -> Registry {
    Registry::from_sources(sources()).unwrap_or_else(|errors| {
        panic!("{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
    })
}
