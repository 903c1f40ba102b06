//! The input readers of the `embargo` binary that need neither the store nor the clock, as a
//! library so that fuzz targets and tests can drive them directly.
//!
//! - [`bulk`]: the CSV row reader of `embargo screen --input FILE.csv`.
//! - [`read_capped`]: reads a whole input (a request file, standard input) up to a byte cap.
//!
//! The binary (`main.rs` and `cmd/`) adds the store, the clock, printing and `anyhow`; this
//! library returns [`ReadError`] values that name the line, row or limit.

pub mod bulk;

use std::io::Read;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Larger than the cap.
    #[error("larger than {} bytes ({}): {what}", thousands(*limit), mebibytes(*limit))]
    TooLarge {
        /// The cap in bytes.
        limit: u64,
        /// What is capped, e.g. `a request file is at most 4 MiB`.
        what: &'static str,
    },
    /// Not UTF-8.
    #[error("not valid UTF-8 ({0})")]
    Utf8(#[from] std::string::FromUtf8Error),
    /// The reader failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The CSV header (line 1) is unusable.
    #[error("line 1: {0}")]
    Header(String),
    /// A CSV row is unusable: not CSV, wrong number of fields, not UTF-8, or a bad value.
    #[error("{}row {row}: {message}", line.map(|l| format!("line {l}, ")).unwrap_or_default())]
    Row {
        /// The row number (1 is the first row after the header).
        row: u64,
        /// The line where the row starts, when the CSV reader knows it.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

/// Reads all of `reader` as UTF-8 text, refusing it once more than `limit` bytes arrive (so a
/// huge file or an endless stream costs at most `limit + 1` bytes of memory).
pub fn read_capped(reader: impl Read, limit: u64, what: &'static str) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, what });
    }
    Ok(String::from_utf8(bytes)?)
}

fn mebibytes(bytes: u64) -> String {
    if bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn thousands(n: u64) -> String {
    embargo_domain::text::thousands(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_past_the_cap() {
        let text = read_capped(&b"{}"[..], 2, "test").unwrap();
        assert_eq!(text, "{}");
        // An endless stream is refused after limit + 1 bytes.
        let err =
            read_capped(std::io::repeat(b'a'), 4 * 1024 * 1024, "a request file is at most 4 MiB")
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "larger than 4,194,304 bytes (4 MiB): a request file is at most 4 MiB"
        );
        assert!(matches!(read_capped(&b"\xff"[..], 10, "test"), Err(ReadError::Utf8(_))));
    }
}
