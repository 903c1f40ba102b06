//! Shared by the domain fuzz targets: the registry built from the shipped `regimes/` text, as
//! the tests load it (`Registry::from_sources` over every `*.toml`, sub-directories included).

use std::path::Path;
use std::sync::OnceLock;

use embargo_domain::Registry;

fn read(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The registry of the shipped regime data (built once per fuzzing process).
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../regimes");
        let mut sources = Vec::new();
        read(&dir, &mut sources);
        Registry::from_sources(sources).unwrap_or_else(|errors| {
            panic!("{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
        })
    })
}
