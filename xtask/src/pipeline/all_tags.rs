//! `cargo xtask regen --all-tags` and `cargo xtask probe`: the whole vendor spec as the
//! generator's stress test.
//!
//! One domain per vendor tag (plus one for operations without a tag), generated in a single
//! run that loads the spec once and shares the parsed value between worker threads. Every
//! domain is generated on its own: a domain that fails is reported with its reason and the
//! others are still written. `probe` then runs `cargo check` over the written workspace and
//! reports, per domain, whether it built and the first error when it did not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::SpecError;
use crate::manifest::Domain;
use crate::regen::{self, GeneratedCrate};
use crate::render::Mode;
use crate::slice::METHODS;
use crate::{load, take_flag, take_value};

const USAGE: &str = "\
usage: cargo xtask regen --all-tags --spec VENDOR --out DIR [options]
       cargo xtask probe --spec VENDOR --out DIR [options]

  --only A,B        only these domains (names as printed: the tag in kebab case)
  --jobs N          worker threads (default: available cores)
  --quiet           print the summary only, not one line per domain
  --timings         print the time of each pipeline stage, summed over domains
  --null-fields     list each response field with no empty value to read null as
                    (by default one line counts them)
  probe only:
  --sample          regenerate every tag, but check only a fixed sample (CI)
  --target-dir DIR  cargo's target directory (default: <target>/probe)
";

/// The domains `probe --sample` checks (CI): small ones that between them use every
/// construct the whole-spec patches and post-process steps handle.
pub const SAMPLE: &[&str] = &[
    "audio",                  // multipart body, file part (multipart_request_bodies)
    "bucket-ssl-certificate", // multipart body, two file parts
    "voice-designs", // enum values differing only by case, nullable (distinct_enum_variant_names)
    "ota-updates",   // object query parameter without style (object_query_params_as_deep_object)
    "kv-keys",       // string newtype as a path parameter (display_for_string_newtypes)
    "mcp-servers",   // a query parameter named `url` (rename_shadowed_params)
    "mdr-usage-reports", // operation ids differing only by case (distinct_operation_ids)
    "verification-requests", // inline title naming a component (drop_clashing_inline_titles)
    "advanced-number-orders", // default outside its schema (drop_nonconforming_defaults)
    "cdr-usage-reports", // `*/*` request body (wildcard_request_bodies_as_json)
    "number-lookup", // a vendor enum value `unknown` (open_string_enums: UnknownValue)
];

/// One manifest domain made from a vendor tag.
#[derive(Debug, Clone)]
pub struct TagDomain {
    /// The vendor tag (`Room Recordings`), or empty for the untagged operations.
    pub tag: String,
    /// Domain name, the tag in kebab case (`room-recordings`).
    pub name: String,
    pub domain: Domain,
}

/// The tag's name in kebab case: lower-case ASCII letters and digits, runs of anything else
/// become one `-`.
pub fn slug(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("tag");
    }
    out
}

/// One domain per tag used by an operation (in the order the operations use them), plus a
/// domain `untagged` naming the operations that have no tag, if any. Names that collide
/// after kebab-casing get a numeric suffix.
pub fn domains_from_tags(doc: &Value) -> Vec<TagDomain> {
    let mut tags: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut untagged = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let op_tags: Vec<&str> = op
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if op_tags.is_empty()
                    && let Some(id) = op.get("operationId").and_then(Value::as_str)
                {
                    untagged.push(id.to_string());
                }
                for t in op_tags {
                    if seen.insert(t.to_string()) {
                        tags.push(t.to_string());
                    }
                }
            }
        }
    }
    let mut names = BTreeSet::new();
    let mut out = Vec::new();
    let mut add = |tag: String, base: String, ops: Vec<String>| {
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        let summary = if tag.is_empty() {
            "Operations of the vendor spec that carry no tag".to_string()
        } else {
            format!("The operations tagged `{tag}`")
        };
        out.push(TagDomain {
            domain: Domain {
                crate_name: format!("telnyx-sdk-{name}"),
                spec: String::new(),
                keep_apart: Vec::new(),
                summary,
                version: "0.1.0".into(),
                tags: if tag.is_empty() {
                    Vec::new()
                } else {
                    vec![tag.clone()]
                },
                operations: ops,
                events: BTreeMap::new(),
                schemas: Vec::new(),
                facade: Default::default(),
            },
            tag,
            name,
        });
    };
    for t in tags {
        let base = slug(&t);
        add(t, base, Vec::new());
    }
    if !untagged.is_empty() {
        add(String::new(), "untagged".into(), untagged);
    }
    out
}

/// The outcome of one domain.
#[derive(Debug)]
pub struct DomainRun {
    pub tag: TagDomain,
    pub time: Duration,
    /// Per stage (CPU time of this domain's thread).
    pub stages: regen::Timings,
    pub result: Result<GeneratedCrate, SpecError>,
}

/// The outcome of a whole-spec regeneration.
#[derive(Debug)]
pub struct AllTags {
    pub runs: Vec<DomainRun>,
    pub load: Duration,
    /// Generation of every domain (after the load), wall clock.
    pub generate: Duration,
    /// Writing the files.
    pub write: Duration,
    /// Everything: load, generation and writing.
    pub wall: Duration,
}

/// Options of [`run`].
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub spec: PathBuf,
    pub out: PathBuf,
    pub only: Option<BTreeSet<String>>,
    pub jobs: usize,
}

/// Load the spec once, generate every tag's domain on `jobs` threads, write the workspace.
pub fn run(opts: &Options) -> Result<AllTags, SpecError> {
    let started = Instant::now();
    let doc = load::load(&opts.spec)?;
    let load_time = started.elapsed();

    let mut domains = domains_from_tags(&doc);
    if let Some(only) = &opts.only {
        let unknown: Vec<&String> = only
            .iter()
            .filter(|n| !domains.iter().any(|d| &d.name == *n))
            .collect();
        if !unknown.is_empty() {
            return Err(SpecError::new(
                &opts.spec,
                "/tags",
                format!(
                    "--only names domains the spec has no tag for: {}",
                    unknown
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        domains.retain(|d| only.contains(&d.name));
    }
    let crates_dir = opts.out.join("crates");
    let core = opts.root.join("crates/telnyx-sdk-core");
    let mode = Mode::Standalone {
        core_path: std::fs::canonicalize(&core).unwrap_or(core),
    };
    let source = regen::display_source(&opts.root, &opts.spec);

    // Largest domains first, so the last one to start is a small one; each worker writes
    // its own crate, so writing overlaps generating.
    let weights = weights(&doc, &domains);
    let t = Instant::now();
    let weighed = weights.into_iter().zip(0..).collect();
    let finished = regen::heaviest_first(weighed, opts.jobs, |i: usize| {
        let d = &domains[i];
        let t = Instant::now();
        let result = regen::generate_domain(
            false,
            &d.name,
            &d.domain,
            // ids are ours; the vendor's tags have none listed
            &BTreeMap::new(),
            &doc,
            &opts.spec,
            &source,
            crates_dir.join(&d.domain.crate_name),
            &mode,
        );
        let (result, stages) = match result {
            Ok((c, mut stages)) => {
                let t = Instant::now();
                let written = write_crate(&c);
                stages.add("write", t.elapsed());
                (written.map(|()| c), stages)
            }
            Err(e) => (Err(e), regen::Timings::default()),
        };
        DomainRun {
            tag: d.clone(),
            time: t.elapsed(),
            stages,
            result,
        }
    });
    let generate = t.elapsed();
    let mut runs = Vec::new();
    for (run, d) in finished.into_iter().zip(&domains) {
        let run = run.unwrap_or_else(|| DomainRun {
            tag: d.clone(),
            time: Duration::ZERO,
            stages: regen::Timings::default(),
            result: Err(SpecError::new(
                &opts.spec,
                "",
                "internal error: a generator thread panicked",
            )),
        });
        runs.push(run);
    }

    let t = Instant::now();
    let ok: Vec<&GeneratedCrate> = runs.iter().filter_map(|r| r.result.as_ref().ok()).collect();
    regen::write_file(&opts.out.join("Cargo.toml"), &workspace_manifest(&ok))?;
    let write = t.elapsed();
    Ok(AllTags {
        runs,
        load: load_time,
        generate,
        write,
        wall: started.elapsed(),
    })
}

/// Write one generated crate's files under its directory.
fn write_crate(c: &GeneratedCrate) -> Result<(), SpecError> {
    for f in &c.files {
        regen::write_file(&c.dir.join(&f.rel_path), &f.contents)?;
    }
    Ok(())
}

/// Rough size of each domain (its number of operations), to schedule big ones first. The
/// operations' tags and ids are read once, not once per domain.
fn weights(doc: &Value, domains: &[TagDomain]) -> Vec<usize> {
    let mut ops: Vec<(Vec<&str>, Option<&str>)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let tags: Vec<&str> = op
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                ops.push((tags, op.get("operationId").and_then(Value::as_str)));
            }
        }
    }
    domains
        .iter()
        .map(|d| {
            ops.iter()
                .filter(|(tags, id)| d.domain.selects(tags, *id))
                .count()
        })
        .collect()
}

/// The scratch workspace's `Cargo.toml`: every generated crate, and a release profile that
/// builds quickly (this workspace is only ever checked).
fn workspace_manifest(crates: &[&GeneratedCrate]) -> String {
    let mut members: Vec<String> = crates
        .iter()
        .map(|c| format!("    \"crates/{}\",", c.crate_name))
        .collect();
    members.sort();
    format!(
        "{}[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        crate::render::header("#", "a vendor spec, one crate per tag"),
        members.join("\n")
    )
}

impl AllTags {
    /// Stage times summed over domains, with the load and the wall time of the run.
    pub fn timings(&self) -> regen::Timings {
        let mut t = regen::Timings::default();
        t.add("load", self.load);
        for r in &self.runs {
            for (stage, d) in &r.stages.stages {
                t.add(stage, *d);
            }
        }
        t.add("write", self.write);
        t.wall = self.wall;
        t
    }

    /// Per-domain lines and the summary; `null_fields`: list every response field that has
    /// no empty value to read `null` as (otherwise one line counts them).
    pub fn report(&self, per_domain: bool, null_fields: bool) -> String {
        let mut out = String::new();
        let mut unreadable = 0;
        let mut unreadable_domains = 0;
        let mut ops = 0;
        let mut lines = 0;
        let mut skipped = 0;
        let mut failed = Vec::new();
        if per_domain {
            out.push_str(&format!(
                "{:<44} {:>4} {:>8} {:>9}\n",
                "domain", "ops", "lines", "time"
            ));
        }
        for r in &self.runs {
            match &r.result {
                Ok(c) => {
                    ops += c.operations;
                    lines += c.lines();
                    skipped += c.skipped.len();
                    if per_domain {
                        out.push_str(&format!(
                            "{:<44} {:>4} {:>8} {:>7.1}ms\n",
                            r.tag.name,
                            c.operations,
                            c.lines(),
                            r.time.as_secs_f64() * 1e3
                        ));
                    }
                    for (op, why) in &c.skipped {
                        out.push_str(&format!("  skipped {op}: {why}\n"));
                    }
                    if !c.null_unreadable.is_empty() {
                        unreadable += c.null_unreadable.len();
                        unreadable_domains += 1;
                    }
                    if null_fields {
                        for field in &c.null_unreadable {
                            out.push_str(&format!(
                                "  {}: {field} has no empty value to read null as\n",
                                r.tag.name
                            ));
                        }
                    }
                }
                Err(e) => {
                    if per_domain {
                        out.push_str(&format!(
                            "{:<44} FAILED {:>7.1}ms\n",
                            r.tag.name,
                            r.time.as_secs_f64() * 1e3
                        ));
                    }
                    failed.push(format!("  {}: {e}", r.tag.name));
                }
            }
        }
        let tags = self.runs.iter().filter(|r| !r.tag.tag.is_empty()).count();
        let tags_ok = self
            .runs
            .iter()
            .filter(|r| {
                !r.tag.tag.is_empty() && r.result.as_ref().is_ok_and(|c| c.skipped.is_empty())
            })
            .count();
        out.push_str(&format!(
            "\n{tags_ok}/{tags} tags regenerated in full; {} domains written, {ops} operations \
             ({skipped} skipped), {lines} generated lines ({:.0} per operation)\n",
            self.runs.iter().filter(|r| r.result.is_ok()).count(),
            if ops > 0 {
                lines as f64 / ops as f64
            } else {
                0.0
            },
        ));
        if unreadable > 0 && !null_fields {
            out.push_str(&format!(
                "{unreadable} response fields in {unreadable_domains} domains have no empty \
                 value to read null as (each has a generated test; --null-fields lists them)\n"
            ));
        }
        if !failed.is_empty() {
            out.push_str(&format!("{} domains failed:\n", failed.len()));
            for f in failed {
                out.push_str(&f);
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "time: load {:.0} ms, generate {:.0} ms, write {:.0} ms, wall {:.0} ms = {:.2}x the bare load\n",
            self.load.as_secs_f64() * 1e3,
            self.generate.as_secs_f64() * 1e3,
            self.write.as_secs_f64() * 1e3,
            self.wall.as_secs_f64() * 1e3,
            self.wall.as_secs_f64() / self.load.as_secs_f64().max(1e-9),
        ));
        out
    }
}

/// Parse the shared options of both commands.
/// What the commands print beyond the summary.
struct Report {
    quiet: bool,
    timings: bool,
    null_fields: bool,
}

fn options(root: &Path, args: &mut Vec<String>) -> Result<(Options, Report), String> {
    let spec =
        take_value(args, "--spec")?.ok_or(format!("--spec VENDOR is required\n\n{USAGE}"))?;
    let out = take_value(args, "--out")?.ok_or(format!("--out DIR is required\n\n{USAGE}"))?;
    let only = take_value(args, "--only")?.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    let jobs = match take_value(args, "--jobs")? {
        Some(n) => n
            .parse::<usize>()
            .map_err(|_| format!("--jobs needs a number, not `{n}`"))?,
        None => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    let quiet = take_flag(args, "--quiet");
    let timings = take_flag(args, "--timings");
    let null_fields = take_flag(args, "--null-fields");
    Ok((
        Options {
            root: root.to_path_buf(),
            spec: PathBuf::from(spec),
            out: PathBuf::from(out),
            only,
            jobs,
        },
        Report {
            quiet,
            timings,
            null_fields,
        },
    ))
}

/// `cargo xtask regen --all-tags ...`: exit 1 if any domain failed or skipped an operation.
pub fn cmd_regen(root: &Path, args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let (opts, show) = options(root, &mut args)?;
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`\n\n{USAGE}"));
    }
    let all = run(&opts).map_err(|e| e.to_string())?;
    eprint!("{}", all.report(!show.quiet, show.null_fields));
    if show.timings {
        eprint!("{}", all.timings().report());
    }
    let bad = all
        .runs
        .iter()
        .filter(|r| r.result.as_ref().map_or(true, |c| !c.skipped.is_empty()))
        .count();
    if bad > 0 {
        return Err(format!("{bad} domains failed or skipped operations"));
    }
    Ok(())
}

/// `cargo xtask probe ...`: regenerate every tag, then `cargo check` the workspace.
pub fn cmd_probe(root: &Path, args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let target = take_value(&mut args, "--target-dir")?.map(PathBuf::from);
    let sample = take_flag(&mut args, "--sample");
    let (opts, show) = options(root, &mut args)?;
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`\n\n{USAGE}"));
    }
    let all = run(&opts).map_err(|e| e.to_string())?;
    eprint!("{}", all.report(!show.quiet, show.null_fields));
    if show.timings {
        eprint!("{}", all.timings().report());
    }
    let target = target.unwrap_or_else(|| crate::target_dir(root).join("probe"));
    let packages: Vec<String> = if sample {
        SAMPLE.iter().map(|n| format!("telnyx-sdk-{n}")).collect()
    } else {
        Vec::new()
    };
    let t = Instant::now();
    let built = check(&opts.out, &target, &packages)?;
    let check_time = t.elapsed();

    let tags = all.runs.iter().filter(|r| !r.tag.tag.is_empty()).count();
    let mut ok_tags = 0;
    let mut failures = Vec::new();
    for r in &all.runs {
        if sample && !SAMPLE.contains(&r.tag.name.as_str()) {
            // regenerated only: a failure there is still one
            match &r.result {
                Ok(c) if c.skipped.is_empty() => {}
                Ok(_) => failures.push(format!("  {}: skipped operations", r.tag.name)),
                Err(e) => failures.push(format!("  {}: regen: {e}", r.tag.name)),
            }
            continue;
        }
        let outcome = match &r.result {
            Err(e) => Err(format!("regen: {e}")),
            Ok(c) => match built.get(&c.crate_name) {
                Some(Ok(())) if c.skipped.is_empty() => Ok(()),
                Some(Ok(())) => Err(format!(
                    "built, but skipped {} operation(s): {}",
                    c.skipped.len(),
                    c.skipped
                        .iter()
                        .map(|(o, _)| o.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Some(Err(e)) => Err(format!("build: {e}")),
                None => Err("build: cargo reported nothing for this crate".to_string()),
            },
        };
        match outcome {
            Ok(()) if !r.tag.tag.is_empty() => ok_tags += 1,
            Ok(()) => {}
            Err(e) => failures.push(format!("  {}: {e}", r.tag.name)),
        }
    }
    let checked = if sample { SAMPLE.len() } else { tags };
    eprintln!(
        "\nprobe: {ok_tags}/{checked} {}tags regenerated and built; cargo check took {:.0} s",
        if sample { "sample " } else { "" },
        check_time.as_secs_f64()
    );
    if failures.is_empty() {
        return Ok(());
    }
    for f in &failures {
        eprintln!("{f}");
    }
    Err(format!("{} domains failed", failures.len()))
}

/// `cargo check --workspace --keep-going` in `dir`; per package name, `Ok` or its first
/// error.
fn check(
    dir: &Path,
    target: &Path,
    packages: &[String],
) -> Result<BTreeMap<String, Result<(), String>>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target).args([
        "check",
        "--keep-going",
        // the typed mocks (`src/mock.rs`, feature `mock`) are generated code too
        "--all-features",
        "--quiet",
        "--message-format=json-diagnostic-short",
    ]);
    if packages.is_empty() {
        cmd.arg("--workspace");
    }
    for p in packages {
        cmd.args(["-p", p]);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run cargo in {}: {e}", dir.display()))?;
    let mut result: BTreeMap<String, Result<(), String>> = BTreeMap::new();
    let members: BTreeSet<String> = std::fs::read_dir(dir.join("crates"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(name) = msg
            .pointer("/target/name")
            .and_then(Value::as_str)
            .map(|n| n.replace('_', "-"))
        else {
            continue;
        };
        if !members.contains(&name) {
            continue;
        }
        match msg.get("reason").and_then(Value::as_str) {
            Some("compiler-artifact") => {
                result.entry(name).or_insert(Ok(()));
            }
            Some("compiler-message")
                if msg.pointer("/message/level").and_then(Value::as_str) == Some("error") =>
            {
                let text = msg
                    .pointer("/message/rendered")
                    .and_then(Value::as_str)
                    .unwrap_or("error")
                    .trim()
                    .to_string();
                match result.get_mut(&name) {
                    Some(Err(_)) => {}
                    _ => {
                        result.insert(name, Err(text));
                    }
                }
            }
            _ => {}
        }
    }
    if result.is_empty() && !output.status.success() {
        return Err(format!(
            "cargo check failed before building anything:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_are_kebab_case() {
        assert_eq!(slug("Room Recordings"), "room-recordings");
        assert_eq!(slug("KV (keys)"), "kv-keys");
        assert_eq!(slug("  "), "tag");
    }

    #[test]
    fn one_domain_per_tag_and_one_for_untagged_operations() {
        let doc = json!({"paths": {
            "/a": {"get": {"operationId": "A", "tags": ["Big Things"]},
                   "post": {"operationId": "B", "tags": ["Big-things", "Other"]}},
            "/b": {"get": {"operationId": "C"}}
        }});
        let d = domains_from_tags(&doc);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["big-things", "big-things-2", "other", "untagged"]);
        assert_eq!(d[3].domain.operations, ["C"]);
        assert_eq!(d[1].domain.tags, ["Big-things"]);
    }

    /// Generate the one-tag domain `t` of a small hand-written spec, as `regen --all-tags`
    /// does.
    pub(crate) fn generate_fixture(yaml: &str) -> Result<GeneratedCrate, SpecError> {
        let file = Path::new("fixture.yaml");
        let doc = load::parse(file, yaml)?;
        let domains = domains_from_tags(&doc);
        let d = domains
            .first()
            .ok_or_else(|| SpecError::new(file, "", "no tag"))?;
        regen::generate_domain(
            false,
            &d.name,
            &d.domain,
            &BTreeMap::new(),
            &doc,
            file,
            "fixture.yaml",
            PathBuf::from("/nonexistent"),
            &Mode::Standalone {
                core_path: PathBuf::from("/nonexistent"),
            },
        )
        .map(|(c, _)| c)
    }

    fn generated(c: &GeneratedCrate) -> &str {
        c.files
            .iter()
            .find(|f| f.rel_path == "src/generated.rs")
            .map(|f| f.contents.as_str())
            .unwrap_or_default()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: fixture, version: '1'}\npaths:\n";

    #[test]
    fn a_query_parameter_named_url_is_sent_as_itself() {
        let spec = format!(
            "{HEAD}  /servers:\n    get:\n      operationId: ListServers\n      tags: [Servers]\n      parameters:\n      - {{name: url, in: query, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object}}}}}}}}\n"
        );
        let c = generate_fixture(&spec).expect("generates");
        let code = generated(&c);
        assert!(code.contains(".param(\"url\", url_param)"), "{code}");
    }

    #[test]
    fn open_enums_keep_one_variant_per_value_when_names_collide() {
        let spec = format!(
            "{HEAD}  /gizmos:\n    get:\n      operationId: ListGizmos\n      tags: [Gizmos]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Gizmo'}}}}}}}}\ncomponents:\n  schemas:\n    Gizmo:\n      type: object\n      properties:\n        maker: {{type: string, enum: [acme, Acme, ACME, unknown]}}\n        op: {{type: string, enum: ['+', '-', '*', '/', '%']}}\n"
        );
        let c = generate_fixture(&spec).expect("generates");
        let code: String = generated(&c)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // one variant per value, and the catch-all: `as_str` and `From<&str>` are inverse
        for (variant, wire) in [
            ("Acme", "acme"),
            ("AcmeCapitalized", "Acme"),
            ("AcmeUpper", "ACME"),
            ("UnknownValue", "unknown"),
            ("Plus", "+"),
            ("Minus", "-"),
            ("Star", "*"),
            ("Slash", "/"),
            ("Percent", "%"),
        ] {
            // `open_enum_impls!` writes `as_str` and `From<&str>` from the same pair
            assert!(
                code.contains(&format!(" {variant} => \"{wire}\",")),
                "pair of {variant}: {code}"
            );
        }
        assert!(code.contains("Unknown(::std::string::String)"));
    }
}
