//! A Prism mock server (`@stainless-api/prism-cli`) serving Telnyx's published OpenAPI
//! document, for contract tests.
//!
//! - [`reference_spec`] finds the document in `../shared/reference/` (relative to the
//!   workspace root); it is not part of this repository. When it is absent, [`own_spec`]
//!   merges the project's own `openapi/` documents into one for Prism instead
//!   ([`start_for_test`] picks and announces which).
//! - [`ensure_installed`] runs `npm ci` in `tests/prism/` the first time (the version is
//!   pinned by `tests/prism/package-lock.json`), so `cargo test` alone is enough on a machine
//!   with Node.js and access to the npm registry.
//! - [`Prism::start`] starts `prism mock` on a free port of 127.0.0.1, waits until it answers
//!   and returns a guard that stops it when dropped (also while a panic unwinds). On Unix the
//!   server runs under a small `sh` watchdog that stops it as soon as the test process's end
//!   of a pipe closes, so even a test binary killed by a signal leaves no Prism behind.
//!
//! Prism validates every request against the document: an invalid request is answered with
//! `422` and the violations as JSON in the `sl-violations` header ([`VIOLATIONS_HEADER`]).

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

/// File name of the vendor document the contract tests serve.
pub const REFERENCE_SPEC: &str = "telnyx-openapi-2026-07.yml";

/// Response header in which Prism reports request violations.
pub const VIOLATIONS_HEADER: &str = "sl-violations";

/// Environment variable naming an already installed `prism` executable (skips `npm ci`).
pub const PRISM_BIN_ENV: &str = "TELNYX_PRISM_BIN";

/// How long Prism may take to load the document and answer (it usually needs 8-12 s).
const STARTUP_DEADLINE: Duration = Duration::from_secs(180);

/// How long a concurrent `npm ci` (another test binary) may hold the install lock.
const INSTALL_DEADLINE: Duration = Duration::from_secs(600);

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Environment variable overriding where the vendor document is looked for.
pub const REFERENCE_DIR_ENV: &str = "TELNYX_REFERENCE_DIR";

/// `$TELNYX_REFERENCE_DIR`, else `../shared/reference` relative to the workspace root.
pub fn reference_dir() -> PathBuf {
    match std::env::var_os(REFERENCE_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("..").join("shared").join("reference"),
    }
}

/// The vendor document, when `../shared/reference` holds it.
pub fn reference_spec() -> Option<PathBuf> {
    let path = reference_dir().join(REFERENCE_SPEC);
    if path.is_file() {
        path.canonicalize().ok().or(Some(path))
    } else {
        None
    }
}

/// `tests/prism/`: `package.json`, `package-lock.json` and (after install) `node_modules`.
pub fn prism_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prism")
}

fn installed_bin() -> PathBuf {
    let bin = if cfg!(windows) { "prism.cmd" } else { "prism" };
    prism_dir().join("node_modules").join(".bin").join(bin)
}

/// The `prism` executable: `$TELNYX_PRISM_BIN`, or `tests/prism/node_modules/.bin/prism`,
/// installed with `npm ci` when missing.
///
/// Concurrent callers (several test binaries) serialize on a lock folder so only one
/// of them installs.
pub fn ensure_installed() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os(PRISM_BIN_ENV) {
        return Ok(PathBuf::from(bin));
    }
    let bin = installed_bin();
    if bin.exists() {
        return Ok(bin);
    }
    let dir = prism_dir();
    let lock = dir.join(".install.lock");
    let started = Instant::now();
    loop {
        match fs::create_dir(&lock) {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if bin.exists() {
                    return Ok(bin);
                }
                if lock_is_stale(&lock) {
                    let _ = fs::remove_dir(&lock);
                    continue;
                }
                if started.elapsed() > INSTALL_DEADLINE {
                    return Err(format!(
                        "another process holds {} for too long; remove it if no install runs",
                        lock.display()
                    ));
                }
                thread::sleep(Duration::from_millis(500));
            }
            Err(e) => return Err(format!("cannot create {}: {e}", lock.display())),
        }
    }
    let result = npm_install(&dir);
    let _ = fs::remove_dir(&lock);
    result?;
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("npm finished but {} does not exist", bin.display()))
    }
}

fn lock_is_stale(lock: &Path) -> bool {
    fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > INSTALL_DEADLINE)
}

fn npm_install(dir: &Path) -> Result<(), String> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let subcommand = if dir.join("package-lock.json").is_file() {
        "ci"
    } else {
        "install"
    };
    eprintln!(
        "prism: installing @stainless-api/prism-cli with `npm {subcommand}` in {} ...",
        dir.display()
    );
    let started = Instant::now();
    let output = Command::new(npm)
        .arg(subcommand)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("cannot run `{npm} {subcommand}` (Node.js and npm are needed for the contract tests): {e}")
        })?;
    if !output.status.success() {
        return Err(format!(
            "`npm {subcommand}` in {} failed ({}):\n{}{}",
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    eprintln!(
        "prism: installed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Environment variable that makes the Prism tests skip (they say so in the test output),
/// for machines without Node.js or access to the npm registry.
pub const SKIP_PRISM_ENV: &str = "TELNYX_SKIP_PRISM";

/// The project's own documents the contract tests fall back to, by domain prefix.
const OWN_DOCUMENTS: &[(&str, &str)] = &[
    ("Video", "video.yaml"),
    ("Conferencing", "conferencing.yaml"),
    ("Queues", "queues.yaml"),
    ("Calls", "calls.yaml"),
    ("Numbers", "numbers.yaml"),
    ("Messaging", "messaging.yaml"),
    ("VoiceApps", "voice-apps.yaml"),
    ("Texml", "texml.yaml"),
    ("Recordings", "recordings.yaml"),
];

/// Which document a contract test's Prism serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecSource {
    /// Telnyx's published document, from `../shared/reference/`.
    Vendor(PathBuf),
    /// The project's own `openapi/` documents, merged into one file (written by
    /// [`own_spec`]), used when the vendor document is absent.
    Own(PathBuf),
}

impl SpecSource {
    /// The document's path.
    pub fn path(&self) -> &Path {
        match self {
            SpecSource::Vendor(p) | SpecSource::Own(p) => p,
        }
    }
}

/// Writes a line to the test's real stderr: libtest captures `eprintln!` (shown only when
/// a test fails), but which document a contract test used, or that it skipped, must show
/// in every run.
pub fn announce(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// The vendor document when present, else the project's own documents merged into
/// `out_dir/openapi-own.json`.
pub fn contract_spec(out_dir: &Path) -> Result<SpecSource, String> {
    match reference_spec() {
        Some(path) => Ok(SpecSource::Vendor(path)),
        None => own_spec(out_dir).map(SpecSource::Own),
    }
}

/// Merges `openapi/{video,conferencing,queues,calls,texml,recordings}.yaml` into one OpenAPI document for Prism
/// (which serves one document per process) and writes it to `out_dir/openapi-own.json`.
/// Paths are disjoint; component names are prefixed with the domain (`VideoErrors`, ...)
/// because the documents define some of the same names differently, and every `$ref` is
/// rewritten to match. Security schemes keep their names (security requirements refer to
/// them by name, not by `$ref`).
pub fn own_spec(out_dir: &Path) -> Result<PathBuf, String> {
    use serde_json::{Map, Value};
    let dir = workspace_root().join("openapi");
    let mut merged = Map::new();
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    for (prefix, file) in OWN_DOCUMENTS {
        let path = dir.join(file);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut doc: Value = serde_yaml_ng::from_str(&text)
            .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
        rewrite_refs(&mut doc, prefix);
        let Value::Object(mut doc) = doc else {
            return Err(format!("{} is not an object", path.display()));
        };
        if let Some(Value::Object(own)) = doc.remove("paths") {
            for (route, item) in own {
                if paths.insert(route.clone(), item).is_some() {
                    return Err(format!("{route} is defined by two documents"));
                }
            }
        }
        if let Some(Value::Object(own)) = doc.remove("components") {
            for (kind, items) in own {
                let Value::Object(items) = items else {
                    continue;
                };
                let target = components
                    .entry(kind.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(target) = target else {
                    continue;
                };
                for (name, item) in items {
                    let name = if kind == "securitySchemes" {
                        name
                    } else {
                        format!("{prefix}{name}")
                    };
                    target.insert(name, item);
                }
            }
        }
        for (key, value) in doc {
            if key != "tags" {
                merged.entry(key).or_insert(value);
            }
        }
    }
    merged.insert("paths".to_owned(), Value::Object(paths));
    merged.insert("components".to_owned(), Value::Object(components));
    fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let out = out_dir.join("openapi-own.json");
    let text = serde_json::to_string_pretty(&Value::Object(merged))
        .map_err(|e| format!("cannot write the merged document: {e}"))?;
    fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// Rewrites every `$ref: "#/components/<kind>/<Name>"` to `<prefix><Name>` (security
/// schemes excepted).
fn rewrite_refs(value: &mut serde_json::Value, prefix: &str) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key == "$ref"
                    && let Value::String(target) = item
                    && let Some(rest) = target.strip_prefix("#/components/")
                    && let Some((kind, name)) = rest.split_once('/')
                    && kind != "securitySchemes"
                {
                    *target = format!("#/components/{kind}/{prefix}{name}");
                } else {
                    rewrite_refs(item, prefix);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, prefix)),
        _ => {}
    }
}

/// Whether a violation Prism reported is one it causes itself when it serves the project's
/// own documents: our room and composition schemas give `webhook_event_failover_url` the
/// default `''` and `format: uri` (as the vendor's do), and without response examples
/// (which the vendor document has) Prism answers with that default and then flags its own
/// answer. The request that received it was valid.
///
/// Likewise a response field with the non-standard `format: url` (messages, as in the
/// vendor's document): Prism cannot make up a value it accepts for that format.
pub fn is_own_spec_artifact(violation: &str) -> bool {
    let failover = violation.contains("response.body.data.")
        && violation.contains("webhook_event_failover_url")
        && violation.contains("must match format \"uri\"");
    let url =
        violation.contains("response.body.") && violation.contains("must match format \"url\"");
    failover || url
}

/// For a test: Prism serving the vendor document, or, when `../shared/reference` is absent,
/// the project's own `openapi/` documents; logging to `log_dir`. Which one is announced in
/// the test output (not captured). `None` (after announcing the skip) only when
/// `TELNYX_SKIP_PRISM` is set. Panics (failing the test) when Prism cannot be installed or
/// started.
pub fn start_for_test(log_dir: &Path) -> Option<(Prism, SpecSource)> {
    let test = std::thread::current()
        .name()
        .unwrap_or("a Prism test")
        .to_owned();
    if std::env::var_os(SKIP_PRISM_ENV).is_some() {
        announce(&format!("SKIPPED {test}: {SKIP_PRISM_ENV} is set"));
        return None;
    }
    let source = match contract_spec(log_dir) {
        Ok(source) => source,
        Err(e) => panic!("no document for Prism: {e}"),
    };
    match &source {
        SpecSource::Vendor(path) => {
            announce(&format!(
                "{test}: Prism serves the vendor document {}",
                path.display()
            ));
        }
        SpecSource::Own(path) => announce(&format!(
            "{test}: {} not found; Prism serves the project's own openapi/ documents ({})",
            reference_dir().join(REFERENCE_SPEC).display(),
            path.display()
        )),
    }
    match Prism::start(source.path(), log_dir) {
        Ok(prism) => Some((prism, source)),
        Err(e) => panic!("cannot start Prism: {e}"),
    }
}

/// A running `prism mock`; dropping it stops the server.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    /// Our end of the watchdog pipe (Unix): closing it stops Prism.
    watchdog: Option<ChildStdin>,
    addr: SocketAddr,
    log: PathBuf,
    keep_log: bool,
}

impl Prism {
    /// Installs Prism if needed, starts `prism mock <spec>` on a free port of 127.0.0.1
    /// and waits until it answers HTTP. Prism's output goes to `log_dir/prism-<port>.log`.
    pub fn start(spec: &Path, log_dir: &Path) -> Result<Prism, String> {
        let bin = ensure_installed()?;
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        fs::create_dir_all(log_dir)
            .map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
        let log = log_dir.join(format!("prism-{port}.log"));
        let out =
            fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot reopen {}: {e}", log.display()))?;

        let mut command = spawn_command(&bin, spec, port);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err));
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let watchdog = child.stdin.take();
        let mut prism = Prism {
            child,
            watchdog,
            addr,
            log,
            keep_log: false,
        };
        prism.wait_ready()?;
        Ok(prism)
    }

    /// `http://127.0.0.1:<port>`: the API base URL, without `/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address Prism listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Keeps Prism's log file after the guard is dropped (it is removed by default, unless
    /// a panic is unwinding).
    pub fn keep_log(&mut self, keep: bool) {
        self.keep_log = keep;
    }

    /// Prism's log file.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// The current length of Prism's log; pass it to [`Prism::violations_since`].
    pub fn log_mark(&self) -> u64 {
        fs::metadata(&self.log).map(|m| m.len()).unwrap_or(0)
    }

    /// The request violations Prism logged after `mark` (one string per violation, e.g.
    /// `error: request.body.name Request body must have required property 'name'`).
    ///
    /// Prism logs every violation it finds, also the warnings it lets pass and the errors it
    /// answers with `422`; with one request at a time they belong to the last request.
    pub fn violations_since(&self, mark: u64) -> Vec<String> {
        let Ok(text) = fs::read(&self.log) else {
            return Vec::new();
        };
        let start = usize::try_from(mark).unwrap_or(usize::MAX).min(text.len());
        String::from_utf8_lossy(&text[start..])
            .lines()
            .filter_map(log_violation)
            .collect()
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "prism exited ({status}) before answering; see {}:\n{}",
                    self.log.display(),
                    self.log_tail()
                ));
            }
            if answers_http(self.addr) {
                eprintln!(
                    "prism: ready on {} after {:.1} s",
                    self.base_url(),
                    started.elapsed().as_secs_f64()
                );
                return Ok(());
            }
            if started.elapsed() > STARTUP_DEADLINE {
                return Err(format!(
                    "prism did not answer on {} within {} s; see {}:\n{}",
                    self.addr,
                    STARTUP_DEADLINE.as_secs(),
                    self.log.display(),
                    self.log_tail()
                ));
            }
            thread::sleep(Duration::from_millis(250));
        }
    }

    fn log_tail(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Closing the pipe makes the watchdog stop Prism and exit.
        drop(self.watchdog.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut stopped = false;
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => {
                    stopped = true;
                    break;
                }
                Ok(None) => thread::sleep(Duration::from_millis(50)),
            }
        }
        if !stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if !self.keep_log && !thread::panicking() {
            let _ = fs::remove_file(&self.log);
        }
    }
}

/// `sh` runs Prism in the background and stops it when its stdin (our pipe) reaches end of
/// file: when the guard is dropped, or when the test process dies for any reason. The
/// shell exits when Prism does, so an early crash is seen by `try_wait`.
#[cfg(unix)]
fn spawn_command(bin: &Path, spec: &Path, port: u16) -> Command {
    const WATCHDOG: &str = r#"exec 3<&0
"$1" mock "$2" -p "$3" -h 127.0.0.1 </dev/null &
pid=$!
( cat <&3 >/dev/null; kill "$pid" 2>/dev/null ) &
exec 3<&-
wait "$pid"
"#;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(WATCHDOG)
        .arg("prism-watchdog")
        .arg(bin)
        .arg(spec)
        .arg(port.to_string());
    command
}

#[cfg(not(unix))]
fn spawn_command(bin: &Path, spec: &Path, port: u16) -> Command {
    let mut command = Command::new(bin);
    command
        .arg("mock")
        .arg(spec)
        .args(["-p", &port.to_string(), "-h", "127.0.0.1"]);
    command
}

/// `[VALIDATOR] ✖  error     Violation: <where> <message>` -> `error: <where> <message>`.
fn log_violation(line: &str) -> Option<String> {
    let rest = &line[line.find("[VALIDATOR]")? + "[VALIDATOR]".len()..];
    let (before, detail) = rest.split_once("Violation:")?;
    let severity = if before.contains("error") {
        "error"
    } else if before.contains("warning") {
        "warning"
    } else {
        "info"
    };
    Some(format!("{severity}: {}", detail.trim()))
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| format!("cannot find a free port on 127.0.0.1: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot read the free port: {e}"))
}

/// Whether something on `addr` answers a plain HTTP request.
fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /queues HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    let mut read = 0;
    while read < head.len() {
        match stream.read(&mut head[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
    head[..read].starts_with(b"HTTP/1.")
}

/// One violation from the `sl-violations` header, reduced to what a test message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `Error` or `Warning`.
    pub severity: String,
    /// Where, e.g. `request.body.call_control_id`.
    pub location: String,
    /// Prism's message.
    pub message: String,
}

/// Parses the JSON array of the `sl-violations` header; unparsable text becomes one
/// violation holding the raw value.
pub fn parse_violations(header: &str) -> Vec<Violation> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(header)
    else {
        return vec![Violation {
            severity: "Error".to_owned(),
            location: String::new(),
            message: header.to_owned(),
        }];
    };
    items
        .iter()
        .map(|item| {
            let text = |key: &str| {
                item.get(key)
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let location = item
                .get("location")
                .and_then(serde_json::Value::as_array)
                .map(|parts| {
                    parts
                        .iter()
                        .map(|p| match p {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default();
            Violation {
                severity: text("severity"),
                location,
                message: text("message"),
            }
        })
        .collect()
}

/// `severity location: message; ...` for test failure messages.
pub fn describe_violations(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| format!("[{}] {}: {}", v.severity, v.location, v.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prism_violations() {
        let header = r#"[{"location":["request","query","page","size"],"severity":"Error","code":"maximum","message":"Request query parameter page.size must be <= 250"}]"#;
        let v = parse_violations(header);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].severity, "Error");
        assert_eq!(v[0].location, "request.query.page.size");
        assert_eq!(
            describe_violations(&v),
            "[Error] request.query.page.size: Request query parameter page.size must be <= 250"
        );
    }

    #[test]
    fn reads_violations_from_the_log() {
        let line = "[3:30:23 PM] \u{203a}     [VALIDATOR] \u{2716}  error     Violation: request.query.page.size Request query parameter page.size must be <= 250";
        assert_eq!(
            log_violation(line).as_deref(),
            Some("error: request.query.page.size Request query parameter page.size must be <= 250")
        );
        assert_eq!(
            log_violation("[VALIDATOR] \u{2716}  error     Invalid security scheme used"),
            None
        );
        assert_eq!(log_violation("[CLI] info GET /rooms"), None);
    }

    #[test]
    fn keeps_unparsable_violations() {
        let v = parse_violations("not json");
        assert_eq!(v[0].message, "not json");
    }
}
