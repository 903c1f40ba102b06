//! What the router tests share: a fresh store on SQLite or on a PostgreSQL schema.

/// A store for one test: a SQLite file in a temporary directory, or a PostgreSQL schema.
pub struct Db {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl Db {
    /// A fresh SQLite file named after `name`.
    pub fn sqlite(name: &str) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join(format!("{name}.db")).display());
        Db { url, _dir: Some(dir), pg: None }
    }

    /// A fresh PostgreSQL schema named after `name`; `None` (said) when PostgreSQL is
    /// unreachable, which fails under `CI`.
    pub async fn postgres(name: &str) -> Option<Db> {
        use sqlx::Executor;
        let base = std::env::var("EMBARGO_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        sqlx::any::install_default_drivers();
        let admin = match sqlx::AnyPool::connect(&base).await {
            Ok(p) => p,
            Err(e) => {
                assert!(std::env::var_os("CI").is_none(), "PostgreSQL unreachable in CI: {e}");
                eprintln!("skipping the PostgreSQL run: {e}");
                return None;
            }
        };
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!("t_{name}_{}_{}", std::process::id(), nanos % 1_000_000_000_000);
        admin.execute(format!("CREATE SCHEMA {schema}").as_str()).await.unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Some(Db { url, _dir: None, pg: Some((base, schema)) })
    }

    /// Drops the PostgreSQL schema, if any.
    pub async fn cleanup(self) {
        use sqlx::Executor;
        if let Some((base, schema)) = self.pg {
            let admin = sqlx::AnyPool::connect(&base).await.unwrap();
            admin.execute(format!("DROP SCHEMA {schema} CASCADE").as_str()).await.unwrap();
            admin.close().await;
        }
    }
}
