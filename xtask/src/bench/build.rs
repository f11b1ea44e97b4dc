//! The `build`, `crates-io` and `own-build` figures: own build time of `telnyx-sdk` with one
//! domain over all of them, over the crates.io crate `telnyx` in a scratch project, and over
//! the same build of an earlier commit.

use super::*;

/// Every `.rs` file of our library crates (sources of what `telnyx-sdk` builds).
pub(super) fn our_sources(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(root.join("crates")) else {
        return files;
    };
    for krate in entries.filter_map(Result::ok) {
        // every library crate under crates/ but the test-only server
        if krate.file_name() != "telnyx-sdk-test-server" {
            rs_files(&krate.path().join("src"), &mut files);
        }
    }
    files
}

pub(super) fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Sets the mtime of `files` to now (contents untouched), so cargo rebuilds their crates.
pub(super) fn touch(files: &[PathBuf]) -> Result<(), String> {
    let now = SystemTime::now();
    for f in files {
        fs::OpenOptions::new()
            .append(true)
            .open(f)
            .and_then(|h| h.set_modified(now))
            .map_err(|e| format!("touch {}: {e}", f.display()))?;
    }
    Ok(())
}

/// `cargo build -p telnyx-sdk --no-default-features --features F` without incremental
/// compilation (a user's build of our crates from crates.io is never incremental).
pub(super) fn build_sdk(root: &Path, features: &str) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(root).env("CARGO_INCREMENTAL", "0").args([
        "build",
        "-p",
        "telnyx-sdk",
        "--no-default-features",
        "--features",
        features,
    ]);
    cmd
}

/// A timed build; retried (up to 3 times) when cargo had to wait for another build's lock.
pub(super) fn timed_build(
    mut make: impl FnMut() -> Result<Command, String>,
    prep: &dyn Fn() -> Result<(), String>,
) -> Result<f64, String> {
    let mut last = 0.0;
    for attempt in 0..3 {
        prep()?;
        let (t, _, stderr) = run_captured(&mut make()?)?;
        last = t.as_secs_f64();
        if !stderr.contains("Blocking waiting for file lock") {
            return Ok(last);
        }
        eprintln!(
            "    (waited for a cargo lock; measuring again, attempt {})",
            attempt + 2
        );
    }
    Ok(last)
}

/// Domains built alone for an informational figure each (own build against all domains):
/// call control (the largest domain crate) and the domains added after it.
const DOMAINS_ALONE: &[&str] = &[
    "calls",
    "texml",
    "recordings",
    "numbers",
    "messaging",
    "voice_apps",
];

/// Returns the one-domain build time (s) for the crates.io comparison.
pub(super) fn build_cost(
    root: &Path,
    opts: &Options,
    report: &mut Report,
    add_figure: bool,
) -> Result<f64, String> {
    let files = our_sources(root);
    if files.is_empty() {
        return Err("no sources found under crates/".into());
    }
    let all_domains = all_domains(root)?;
    let all_domains = all_domains.as_str();
    // Prebuild dependencies for both feature sets.
    run_visible(&mut build_sdk(root, ONE_DOMAIN))?;
    run_visible(&mut build_sdk(root, all_domains))?;
    let reps = if opts.quick { 1 } else { 3 };
    let (mut one, mut all) = (Vec::new(), Vec::new());
    let prep = || touch(&files);
    for rep in 0..reps {
        let t1 = timed_build(|| Ok(build_sdk(root, ONE_DOMAIN)), &prep)?;
        let t2 = timed_build(|| Ok(build_sdk(root, all_domains)), &prep)?;
        eprintln!(
            "    rep {}: {ONE_DOMAIN} {t1:.1} s, all domains {t2:.1} s",
            rep + 1
        );
        one.push(t1);
        all.push(t2);
    }
    let (one, all) = (median(&mut one), median(&mut all));
    // each of DOMAINS_ALONE against all domains: informational, and left out of the quick
    // run (more builds of large crates)
    if add_figure && !opts.quick {
        for &domain in DOMAINS_ALONE {
            run_visible(&mut build_sdk(root, domain))?;
            let mut alone = Vec::new();
            let mut all_again = Vec::new();
            for _ in 0..reps {
                alone.push(timed_build(|| Ok(build_sdk(root, domain)), &prep)?);
                all_again.push(timed_build(|| Ok(build_sdk(root, all_domains)), &prep)?);
            }
            report.figures.push(Figure {
                section: "build",
                name: format!("telnyx-sdk own build, features = {domain}"),
                value: median(&mut alone),
                baseline_name: format!("features = {all_domains}"),
                baseline: median(&mut all_again),
                unit: "s",
                target: None,
                gate: false,
                command: format!(
                    "touch crates/*/src/**/*.rs; CARGO_INCREMENTAL=0 cargo build -p telnyx-sdk --no-default-features --features {{{domain} | {all_domains}}} (median of {reps}, alternating)"
                ),
            });
        }
    }
    if add_figure {
        report.figures.push(Figure {
            section: "build",
            name: format!("telnyx-sdk own build, features = {ONE_DOMAIN}"),
            value: one,
            baseline_name: format!("features = {all_domains}"),
            baseline: all,
            unit: "s",
            target: Some(0.5),
            gate: true,
            command: format!(
                "touch crates/*/src/**/*.rs; CARGO_INCREMENTAL=0 cargo build -p telnyx-sdk --no-default-features --features {{{ONE_DOMAIN} | {all_domains}}} (median of {reps})"
            ),
        });
    }
    Ok(one)
}

pub(super) const SCRATCH_MANIFEST: &str = r#"# Scratch project of `cargo xtask bench`: the crates.io crate `telnyx` 0.1.0 with its
# `generated` feature, to compare its own-crate build time with telnyx-sdk's.
[package]
name = "telnyx-build-cost"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
telnyx = { version = "=0.1.0", features = ["generated"] }

[workspace]
"#;

pub(super) fn crates_io(root: &Path, report: &mut Report, ours_one: f64) -> Result<(), String> {
    let scratch = target_dir(root)
        .join("bench-scratch")
        .join("telnyx-crates-io");
    fs::create_dir_all(scratch.join("src")).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let manifest = scratch.join("Cargo.toml");
    if fs::read_to_string(&manifest).ok().as_deref() != Some(SCRATCH_MANIFEST) {
        fs::write(&manifest, SCRATCH_MANIFEST)
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    let lib = scratch.join("src").join("lib.rs");
    if !lib.is_file() {
        fs::write(&lib, "").map_err(|e| format!("{}: {e}", lib.display()))?;
    }
    // Its own target dir (the scratch project is its own workspace), deps prebuilt.
    let scratch_target = scratch.join("target");
    let mk = |args: &[&str]| {
        let mut c = cargo();
        c.current_dir(&scratch)
            .env("CARGO_TARGET_DIR", &scratch_target)
            .env("CARGO_INCREMENTAL", "0")
            .args(args);
        c
    };
    run_visible(&mut mk(&["build", "-p", "telnyx"]))?;
    let mut times = Vec::new();
    for _ in 0..2 {
        let prep = || run_captured(&mut mk(&["clean", "-p", "telnyx"])).map(|_| ());
        times.push(timed_build(|| Ok(mk(&["build", "-p", "telnyx"])), &prep)?);
    }
    let theirs = median(&mut times);
    report.figures.push(Figure {
        section: "crates-io",
        name: format!("telnyx-sdk own build, features = {ONE_DOMAIN}"),
        value: ours_one,
        baseline_name: "crates.io telnyx 0.1.0 own build, features = generated (+default)".into(),
        baseline: theirs,
        unit: "s",
        target: Some(0.2),
        gate: false,
        command: "cargo xtask bench --only crates-io (scratch project target/bench-scratch/telnyx-crates-io: cargo clean -p telnyx && CARGO_INCREMENTAL=0 cargo build -p telnyx, median of 2)".into(),
    });
    Ok(())
}

/// The commit issue 22 measured its own-build target against (`--base` picks another).
pub(super) const OWN_BUILD_BASE: &str = "ae32463";

/// CPU time (user + system, in seconds) of the children this process has waited for, and of
/// their own waited-for children: `cutime` and `cstime` of `/proc/self/stat`, in the kernel's
/// fixed 100 ticks a second. `None` off Linux.
pub(super) fn children_cpu() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // the fields after the command name (in parentheses, and free to hold spaces), from the
    // third (`state`) on: `cutime` is the 16th field, `cstime` the 17th
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n - 3)?.parse::<f64>().ok();
    Some((ticks(16)? + ticks(17)?) / 100.0)
}

/// A git worktree of `rev` at `path`, removed when dropped (also after a failed build).
struct Worktree<'a> {
    root: &'a Path,
    path: PathBuf,
}

impl<'a> Worktree<'a> {
    fn add(root: &'a Path, path: PathBuf, rev: &str) -> Result<Self, String> {
        // one left behind by an interrupted run goes first
        let _ = Command::new("git")
            .current_dir(root)
            .args(["worktree", "remove", "--force"])
            .arg(&path)
            .output();
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let _ = Command::new("git")
            .current_dir(root)
            .args(["worktree", "prune"])
            .output();
        run_captured(
            Command::new("git")
                .current_dir(root)
                .args(["worktree", "add", "--detach"])
                .arg(&path)
                .arg(rev),
        )
        .map_err(|e| format!("checking out `{rev}` for the own-build comparison: {e}"))?;
        Ok(Worktree { root, path })
    }
}

impl Drop for Worktree<'_> {
    fn drop(&mut self) {
        let _ = Command::new("git")
            .current_dir(self.root)
            .args(["worktree", "remove", "--force"])
            .arg(&self.path)
            .output();
    }
}

/// `own-build`: `cargo build -p telnyx-sdk` (default features, no incremental compilation,
/// dependencies built, our crates' sources touched) of this tree over the same build of
/// `--base`, in alternating rounds; the median wall time is judged against 0.6x (issue 22),
/// and the median CPU time is reported beside it. cargo breaks the tie between the domain
/// crates (one dependent each) in an order that changes from run to run, and a build whose
/// largest crate starts last takes about 15% longer: the rounds' spread is mostly that.
pub(super) fn own_build(root: &Path, opts: &Options, report: &mut Report) -> Result<(), String> {
    let base = opts.base.as_deref().unwrap_or(OWN_BUILD_BASE);
    let scratch = target_dir(root).join("bench-scratch");
    fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let tree = Worktree::add(root, scratch.join("own-build-base"), base)?;
    let base_target = scratch.join("own-build-base-target");
    let build = |dir: &Path, target: Option<&Path>| {
        let mut cmd = cargo();
        cmd.current_dir(dir)
            .env("CARGO_INCREMENTAL", "0")
            .args(["build", "-p", "telnyx-sdk"]);
        if let Some(target) = target {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        cmd
    };
    let sides = [
        (root, None, our_sources(root)),
        (
            tree.path.as_path(),
            Some(base_target.as_path()),
            our_sources(&tree.path),
        ),
    ];
    if sides.iter().any(|(_, _, files)| files.is_empty()) {
        return Err("no sources found under crates/ in one of the trees".into());
    }
    // dependencies, and a first build of each tree, untimed
    for (dir, target, _) in &sides {
        run_visible(&mut build(dir, *target))?;
    }
    let rounds = opts.build_rounds.max(1);
    // per side: wall and CPU times
    let mut wall = [Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        let order = if round % 2 == 0 { [1, 0] } else { [0, 1] };
        for side in order {
            let (dir, target, files) = &sides[side];
            let before = children_cpu();
            wall[side].push(timed_build(|| Ok(build(dir, *target)), &|| touch(files))?);
            if let (Some(before), Some(after)) = (before, children_cpu()) {
                cpu[side].push(after - before);
            }
        }
        eprintln!(
            "    round {}: {base} {:.1} s, this tree {:.1} s",
            round + 1,
            wall[1][round],
            wall[0][round]
        );
    }
    let command = format!(
        "cargo xtask bench --only own-build --base {base} --build-rounds {rounds} (worktree in target/bench-scratch; touch crates/*/src/**/*.rs; CARGO_INCREMENTAL=0 cargo build -p telnyx-sdk; alternating, medians)"
    );
    let [ours, theirs] = &mut wall;
    report.figures.push(Figure {
        section: "own-build",
        name: "telnyx-sdk own build, default features, wall".into(),
        value: median(ours),
        baseline_name: format!("the same build of {base}"),
        baseline: median(theirs),
        unit: "s",
        target: Some(0.6),
        gate: false,
        command: command.clone(),
    });
    let [ours, theirs] = &mut cpu;
    if !ours.is_empty() && !theirs.is_empty() {
        report.figures.push(Figure {
            section: "own-build",
            name: "telnyx-sdk own build, default features, CPU (user + system)".into(),
            value: median(ours),
            baseline_name: format!("the same build of {base}"),
            baseline: median(theirs),
            unit: "s",
            target: None,
            gate: false,
            command,
        });
    }
    Ok(())
}
