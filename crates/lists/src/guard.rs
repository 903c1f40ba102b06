//! A reader wrapper that counts bytes and newlines and caps the size of a single record.
//!
//! Streaming parsers buffer one record at a time; without a cap, a file of garbage with no
//! record delimiter (a 2 GB run of bytes without `<` or a newline) would make the XML or CSV
//! reader buffer all of it. The parser calls [`Counters::mark`] at each record boundary and the
//! wrapper fails with an IO error once more than [`RECORD_LIMIT`] bytes are read past the mark.

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The largest single record accepted (bytes). Real records are a few kilobytes.
pub const RECORD_LIMIT: u64 = 64 * 1024 * 1024;

/// Shared counters of a [`Counting`] reader.
#[derive(Debug, Default)]
pub struct Counters {
    bytes: AtomicU64,
    newlines: AtomicU64,
    quotes: AtomicU64,
    tail: AtomicU64,
    mark: AtomicU64,
}

impl Counters {
    /// Bytes consumed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The 1-based line number of the next byte to be consumed.
    pub fn line(&self) -> u64 {
        self.newlines.load(Ordering::Relaxed) + 1
    }

    /// Number of `"` bytes consumed so far: odd at the end of a CSV file means the file ends
    /// inside a quoted field (every quote of well-formed CSV is paired, escapes included).
    pub fn quotes(&self) -> u64 {
        self.quotes.load(Ordering::Relaxed)
    }

    /// The last (up to) four bytes consumed, oldest first: how the input ended.
    pub fn tail(&self) -> Vec<u8> {
        let n = self.bytes().min(4) as usize;
        let packed = self.tail.load(Ordering::Relaxed).to_be_bytes();
        packed[8 - n..].to_vec()
    }

    fn record(&self, data: &[u8]) {
        let nl = data.iter().filter(|&&b| b == b'\n').count() as u64;
        let quotes = data.iter().filter(|&&b| b == b'"').count() as u64;
        self.newlines.fetch_add(nl, Ordering::Relaxed);
        self.quotes.fetch_add(quotes, Ordering::Relaxed);
        if !data.is_empty() {
            let mut tail = self.tail.load(Ordering::Relaxed);
            for &b in &data[data.len().saturating_sub(4)..] {
                tail = (tail << 8) | u64::from(b);
            }
            self.tail.store(tail & 0xFFFF_FFFF, Ordering::Relaxed);
        }
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
    }

    /// Starts a new record: the size cap counts from here.
    pub fn mark(&self) {
        self.mark.store(self.bytes(), Ordering::Relaxed);
    }
}

/// Counts consumed bytes and newlines of the inner reader and enforces [`RECORD_LIMIT`].
#[derive(Debug)]
pub struct Counting<R> {
    inner: R,
    counters: Arc<Counters>,
    limit: u64,
}

impl<R> Counting<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Counting { inner, counters: Arc::new(Counters::default()), limit: RECORD_LIMIT }
    }

    /// Wraps `inner` with a custom per-record cap (tests).
    pub fn with_limit(inner: R, limit: u64) -> Self {
        Counting { inner, counters: Arc::new(Counters::default()), limit }
    }

    /// The shared counters.
    pub fn counters(&self) -> Arc<Counters> {
        Arc::clone(&self.counters)
    }

    fn account(&self, data: &[u8]) {
        self.counters.record(data);
    }

    fn check(&self) -> io::Result<()> {
        let c = &self.counters;
        if c.bytes().saturating_sub(c.mark.load(Ordering::Relaxed)) > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a single record is larger than {} MiB (near line {}): not a list file, or corrupt",
                    self.limit / (1024 * 1024),
                    c.line()
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        let n = self.inner.read(buf)?;
        self.account(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        match self.inner.fill_buf() {
            Ok(buf) => {
                let n = amt.min(buf.len());
                self.counters.record(&buf[..n]);
                self.counters.bytes.fetch_add((amt - n) as u64, Ordering::Relaxed);
            }
            Err(_) => {
                self.counters.bytes.fetch_add(amt as u64, Ordering::Relaxed);
            }
        }
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_caps_records() {
        let mut r = Counting::with_limit(io::Cursor::new(b"ab\ncd\nef".to_vec()), 4);
        let c = r.counters();
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert_eq!(c.line(), 2);
        assert_eq!(c.bytes(), 3);
        c.mark();
        let mut rest = String::new();
        r.read_line(&mut rest).unwrap();
        let mut more = Vec::new();
        // 3 bytes since the mark, then 2 more: over the cap of 4 on the next fill.
        let err = r.read_to_end(&mut more);
        assert!(err.is_ok() || err.unwrap_err().kind() == io::ErrorKind::InvalidData);
        let mut big = Counting::with_limit(io::repeat(b'x').take(100), 10);
        let mut sink = Vec::new();
        assert!(big.read_to_end(&mut sink).is_err());
    }

    #[test]
    fn remembers_how_the_input_ended_and_counts_quotes() {
        for (input, tail, quotes) in [
            (&b"1,\"a\"\r\n\x1a"[..], &b"\"\r\n\x1a"[..], 2),
            (b"x", b"x", 0),
            (b"1,\"cut", b"\"cut", 1),
            (b"", b"", 0),
        ] {
            let mut r = Counting::new(io::Cursor::new(input.to_vec()));
            let c = r.counters();
            let mut sink = Vec::new();
            r.read_to_end(&mut sink).unwrap();
            assert_eq!(c.tail(), tail.to_vec(), "{input:?}");
            assert_eq!(c.quotes(), quotes);
            // The same through the BufRead path.
            let mut r =
                Counting::new(io::BufReader::with_capacity(3, io::Cursor::new(input.to_vec())));
            let c = r.counters();
            loop {
                let n = r.fill_buf().unwrap().len();
                if n == 0 {
                    break;
                }
                r.consume(n.min(2));
            }
            assert_eq!(c.tail(), tail.to_vec(), "{input:?}");
            assert_eq!(c.quotes(), quotes);
        }
    }
}
