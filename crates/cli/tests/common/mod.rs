//! What the tests that drive `embargo serve` share: the binary on a store, accounts, a server
//! on a free port that is killed when dropped, the 2016 request content.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

/// The `embargo` binary on the store at `db`.
pub fn embargo(db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_embargo"));
    c.env("EMBARGO_DB", db);
    c
}

/// Creates an account with `role`; returns its token.
pub fn token(db: &str, name: &str, role: &str) -> String {
    let out = embargo(db).args(["users", "add", name, "--role", role]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap().to_owned()
}

/// `embargo serve` on a free port (with `extra` arguments and environment), killed when dropped.
pub struct Server {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts it and waits for its address.
    pub fn start(db: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = embargo(db);
        cmd.args(["serve", "--bind", "127.0.0.1:0"]).args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.stderr(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("the server printed its address").unwrap();
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.split_whitespace().next().unwrap().to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The GNA's 2016 request content with `title`.
pub fn content(title: &str) -> Value {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/requests/2016-gna-request.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["title"] = json!(title);
    v
}
