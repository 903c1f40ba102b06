//! `embargo lists fetch`: download an official list over http(s) — read timeout, overall
//! deadline, redirects followed by hand and only to http(s), a body shorter than announced
//! refused — into a temporary file beside the store (removed on every exit, SIGTERM included),
//! then import it like `lists import`.

use super::*;

/// The official download address of each list.
fn default_url(source: Source) -> Option<&'static str> {
    match source {
        Source::Un => Some("https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
        Source::Ofac => Some("https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"),
        Source::Eu => Some(
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        ),
        Source::Uk => Some("https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"),
        Source::Ftm => None,
    }
}

/// Whether a Content-Type can carry the list: never HTML (an error or login page), otherwise
/// XML, CSV, JSON, plain text or a generic binary type.
fn content_type_ok(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("html") {
        return false;
    }
    ["xml", "csv", "json", "text/plain", "octet-stream", "ndjson"].iter().any(|ok| ct.contains(ok))
}

/// Limits of one download.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_bytes: u64,
    read_timeout: Duration,
    deadline: Duration,
}

/// At most this many redirects are followed.
const MAX_REDIRECTS: usize = 5;

/// Where a redirect from `base` to `location` leads, if it stays on http(s).
fn redirect_target(base: &str, location: &str) -> Result<String, String> {
    let location = location.trim();
    let scheme_end = location.find(':').filter(|&i| {
        i > 0
            && location[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !location[..i].contains('/')
    });
    if let Some(i) = scheme_end {
        let scheme = location[..i].to_ascii_lowercase();
        return if scheme == "http" || scheme == "https" {
            Ok(location.to_owned())
        } else {
            Err(format!("a redirect to `{location}` was refused: only http and https addresses are followed"))
        };
    }
    let (scheme, rest) =
        base.split_once("://").ok_or_else(|| format!("bad base address {base}"))?;
    if let Some(net) = location.strip_prefix("//") {
        return Ok(format!("{scheme}://{net}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return Ok(format!("{origin}{location}"));
    }
    let path = &rest[authority_end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    Ok(format!("{origin}{dir}{location}"))
}

/// Enforces the overall deadline on every read of the body.
struct Deadline<R> {
    inner: R,
    started: Instant,
    deadline: Duration,
}

impl<R: Read> Read for Deadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.started.elapsed() > self.deadline {
            return Err(std::io::Error::other("deadline"));
        }
        self.inner.read(buf)
    }
}

/// Downloads `url` into `out` (a temporary file owned by the caller), enforcing the size
/// limit, the content type, the read timeout and the overall deadline, and following at most
/// [`MAX_REDIRECTS`] redirects, to http(s) addresses only. Returns the bytes written.
fn download(url: &str, limits: Limits, out: &mut File) -> anyhow::Result<u64> {
    let started = Instant::now();
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(30).min(limits.deadline))
        // Per read, so a stalled body is noticed; not ureq's overall `timeout`, which would
        // replace the read timeout (the deadline is enforced on the body by `Deadline`).
        .timeout_read(limits.read_timeout)
        // Redirects are followed below: ureq's own following panicked on a `file://` target.
        .redirects(0)
        .user_agent(concat!("embargo/", env!("CARGO_PKG_VERSION")))
        .build();
    let stalled = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{url}: the download was abandoned: {} ({e}); nothing imported",
            if started.elapsed() >= limits.deadline {
                format!(
                    "not finished after the deadline of {} s (--deadline)",
                    limits.deadline.as_secs()
                )
            } else {
                format!("no data for {} s (--read-timeout)", limits.read_timeout.as_secs())
            }
        )
    };
    let mut current = url.to_owned();
    let mut redirects = 0;
    let response = loop {
        let response = match agent.get(&current).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, r)) => {
                anyhow::bail!("{current}: the server answered HTTP {code} {}", r.status_text())
            }
            Err(ureq::Error::Transport(t))
                if t.kind() == ureq::ErrorKind::Io
                    && t.to_string().to_ascii_lowercase().contains("timed out") =>
            {
                return Err(stalled(&t));
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("downloading {current}"))),
        };
        if !(300..400).contains(&response.status()) {
            break response;
        }
        let Some(location) = response.header("Location").map(str::to_owned) else {
            anyhow::bail!("{current}: HTTP {} without a Location header", response.status());
        };
        redirects += 1;
        if redirects > MAX_REDIRECTS {
            anyhow::bail!("{url}: more than {MAX_REDIRECTS} redirects; nothing imported");
        }
        current = redirect_target(&current, &location)
            .map_err(|e| exit::input(format!("{url}: {e}; nothing imported")))?;
    };
    let content_type = response.header("Content-Type").unwrap_or("").to_owned();
    if !content_type.is_empty() && !content_type_ok(&content_type) {
        return Err(exit::input(format!(
            "{url}: unexpected content type `{content_type}` (expected XML, CSV, JSON or plain text); nothing imported"
        )));
    }
    let declared = response.header("Content-Length").and_then(|l| l.trim().parse::<u64>().ok());
    if let Some(len) = declared {
        if len > limits.max_bytes {
            return Err(exit::input(format!(
                "{url}: the file is {len} bytes, more than the limit of {} (--max-bytes); nothing imported",
                limits.max_bytes
            )));
        }
    }
    let body = Deadline { inner: response.into_reader(), started, deadline: limits.deadline };
    let mut body = body.take(limits.max_bytes + 1);
    let written = match std::io::copy(&mut body, out) {
        Ok(n) => n,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) || started.elapsed() >= limits.deadline
                || e.to_string().to_ascii_lowercase().contains("timed out") =>
        {
            return Err(stalled(&e));
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("downloading {url}"))),
    };
    if written > limits.max_bytes {
        return Err(exit::input(format!(
            "{url}: the download exceeds the limit of {} bytes (--max-bytes); nothing imported",
            limits.max_bytes
        )));
    }
    if let Some(len) = declared {
        if written != len {
            return Err(exit::input(format!(
                "{url}: the body ended after {written} of the {len} bytes announced (Content-Length): the download was cut; nothing imported"
            )));
        }
    }
    out.flush()?;
    out.sync_all()?;
    Ok(written)
}

/// The directory for the download's temporary file: the SQLite store's own directory (so it
/// is on the same disk and easy to find), else the system's temporary directory.
fn download_dir(global: &GlobalArgs) -> PathBuf {
    let url = global.db_url().unwrap_or_default();
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(""))
        .filter(|p| !p.is_empty() && !p.contains(":memory:"));
    match path.map(Path::new).and_then(Path::parent) {
        Some(dir) if dir.is_dir() => dir.to_path_buf(),
        Some(dir) if dir.as_os_str().is_empty() => PathBuf::from("."),
        _ => std::env::temp_dir(),
    }
}

pub(super) async fn fetch(args: FetchArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    // The download goes to a temporary file beside the store; it is removed on every way out:
    // errors and success (the guard's drop), and SIGTERM / Ctrl-C (below).
    let tmp = tempfile::Builder::new()
        .prefix(".embargo-fetch-")
        .suffix(".part")
        .tempfile_in(download_dir(global))
        .context("creating a temporary file for the download")?;
    let tmp_path = tmp.path().to_path_buf();
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing the SIGTERM handler")?;
    #[cfg(unix)]
    let terminated = term.recv();
    #[cfg(not(unix))]
    let terminated = std::future::pending::<Option<()>>();
    tokio::select! {
        result = fetch_into(args, global, tmp) => result,
        _ = terminated => interrupted(&tmp_path, "SIGTERM", 143),
        _ = tokio::signal::ctrl_c() => interrupted(&tmp_path, "interrupt", 130),
    }
}

/// Removes the partial download and exits at once (the blocked download thread is abandoned).
fn interrupted(tmp: &Path, signal: &str, code: i32) -> ! {
    let _ = std::fs::remove_file(tmp);
    eprintln!("error: stopped by {signal}: the partial download was removed; nothing imported");
    std::process::exit(code)
}

async fn fetch_into(
    args: FetchArgs,
    global: &GlobalArgs,
    tmp: tempfile::NamedTempFile,
) -> anyhow::Result<ExitCode> {
    let env_name = format!("EMBARGO_LIST_URL_{}", args.source.as_str().to_ascii_uppercase());
    let url = match args
        .url
        .clone()
        .or_else(|| std::env::var(&env_name).ok())
        .or_else(|| default_url(args.source).map(str::to_owned))
    {
        Some(u) => u,
        None => {
            return Err(exit::input(format!(
                "no official address for `{}` lists: pass --url or set {env_name}",
                args.source
            )))
        }
    };
    let started = Instant::now();
    let limits = Limits {
        max_bytes: args.max_bytes,
        read_timeout: Duration::from_secs(args.read_timeout.max(1)),
        deadline: Duration::from_secs(args.deadline.max(1)),
    };
    let (mut handle, tmp_path) = tmp.into_parts();
    let url_for_thread = url.clone();
    let bytes = tokio::task::spawn_blocking(move || download(&url_for_thread, limits, &mut handle))
        .await
        .context("the download task failed")??;
    let mut file = resolve(&tmp_path, None, None, CompanionPolicy::Without).map_err(|e| {
        // Name the URL, not the temporary file.
        exit::input(e.to_string().replace(&tmp_path.display().to_string(), &url))
    })?;
    if file.format.source() != args.source {
        return Err(exit::input(format!(
            "{url}: the download is a {} list ({}), not {}; nothing imported",
            file.format.source(),
            file.format,
            args.source
        )));
    }
    if file.format == Format::OfacCsv && !args.without_companions {
        return Err(exit::input(format!(
            "{url}: an OFAC CSV primary file comes without its alt.csv and add.csv (aliases, addresses); pass --without-companions to import it alone, or fetch SDN.XML; nothing imported"
        )));
    }
    file.display = url.clone();
    let mut outcome =
        import_file(&file, args.published, Some(&url), args.shrink.options(), true, global).await?;
    drop(tmp_path);
    outcome.duration_ms = started.elapsed().as_millis();
    let mut out = String::new();
    if args.format == Output::Text {
        say!(out, "downloaded {bytes} bytes from {url}");
    }
    print_outcome(&outcome, args.format, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The engine's [`embargo_engine::refresh::Fetcher`] over HTTP: the address of each list
/// from `EMBARGO_LIST_URL_<SOURCE>` or its official one, the limits of `lists fetch`'s
/// defaults, the file in the temporary directory.
#[derive(Debug)]
pub struct HttpFetcher {
    limits: Limits,
}

impl Default for HttpFetcher {
    fn default() -> HttpFetcher {
        HttpFetcher {
            limits: Limits {
                max_bytes: 256 * 1024 * 1024,
                read_timeout: Duration::from_secs(60),
                deadline: Duration::from_secs(900),
            },
        }
    }
}

impl embargo_engine::refresh::Fetcher for HttpFetcher {
    fn fetch(&self, source: Source) -> Result<embargo_engine::refresh::Fetched, String> {
        let env_name = format!("EMBARGO_LIST_URL_{}", source.as_str().to_ascii_uppercase());
        let url = std::env::var(&env_name)
            .ok()
            .or_else(|| default_url(source).map(str::to_owned))
            .ok_or_else(|| format!("no official address for `{source}` lists: set {env_name}"))?;
        let tmp = tempfile::Builder::new()
            .prefix(".embargo-refresh-")
            .suffix(".part")
            .tempfile()
            .map_err(|e| format!("creating a temporary file: {e}"))?;
        let (mut handle, path) = tmp.into_parts();
        download(&url, self.limits, &mut handle).map_err(|e| format!("{e:#}"))?;
        Ok(embargo_engine::refresh::Fetched { url, file: path })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(content_type_ok("application/xml; charset=utf-8"));
        assert!(content_type_ok("text/csv"));
        assert!(content_type_ok("application/octet-stream"));
        assert!(!content_type_ok("text/html; charset=utf-8"));
        assert!(!content_type_ok("image/png"));
    }

    #[test]
    fn redirects_resolve_and_stay_on_http() {
        let base = "http://127.0.0.1:8080/lists/un.xml?x=1";
        assert_eq!(redirect_target(base, "https://a.example/b").unwrap(), "https://a.example/b");
        assert_eq!(redirect_target(base, "//b.example/c").unwrap(), "http://b.example/c");
        assert_eq!(redirect_target(base, "/other.xml").unwrap(), "http://127.0.0.1:8080/other.xml");
        assert_eq!(
            redirect_target(base, "next.xml").unwrap(),
            "http://127.0.0.1:8080/lists/next.xml"
        );
        assert_eq!(redirect_target("http://h:1", "x").unwrap(), "http://h:1/x");
        for bad in ["file:///etc/passwd", "FILE:/etc/passwd", "ftp://h/x", "data:text/plain,x"] {
            assert!(redirect_target(base, bad).unwrap_err().contains("refused"), "{bad}");
        }
    }
}
