//! The `criterion` figures: each SDK path over its hand-written baseline, from criterion's
//! estimates and the benches' paired timings.

use super::*;

/// Explicit comparisons: (group, measured id, baseline id, target ratio). Anything else measured
/// is paired by [`BASELINE_WORDS`] (see [`criterion()`]).
#[rustfmt::skip]
pub(super) const COMPARISONS: &[(&str, &str, &str, Option<f64>)] = &[
    // benches/client.rs: in-process axum server
    ("get_room", "facade", "raw", Some(1.05)),
    ("get_room", "facade", "generated", None),
    ("get_room", "generated", "raw", None),
    ("get_room", "facade", "raw_bare", None),
    ("stream_10k/250", "facade", "hand_loop", Some(1.05)),
    ("stream_10k/25", "facade", "hand_loop", Some(1.05)),
    // 20 pages, 5 ms latency + 5 ms consumer work each: ideal overlap is (1 + 20) / 40
    ("prefetch", "on", "off", Some(0.6)),
    // benches/webhooks.rs
    ("webhooks", "sdk/unwrap", "baseline/by_hand", Some(1.1)),
    ("webhooks", "sdk/unwrap", "baseline/verify_strict+parse", None),
];

/// Path segments that mark a baseline measurement in a criterion id.
pub(super) const BASELINE_WORDS: &[&str] = &[
    "baseline",
    "raw",
    "reqwest",
    "raw_reqwest",
    "hand",
    "by_hand",
    "hand_loop",
    "manual",
    "off",
];

pub(super) struct Measured {
    group: String,
    /// The id inside the group (`function_id[/value]`).
    id: String,
    /// Median time per iteration, ns.
    median_ns: f64,
}

/// The features the facade's benches are built with: the domains they call and no TLS
/// backend (they talk plain HTTP to an in-process server, so a TLS backend would only add
/// an optimized build of aws-lc to every run).
pub(super) const BENCH_FEATURES: &str = "video,webhooks,test-util";

/// `cargo bench -p telnyx-sdk --no-default-features --features BENCH_FEATURES --bench
/// <name>...`, run in `root`: the facade's benches, built the same way by every section that
/// uses them (criterion, instructions, memory), so they share one optimized build.
pub(super) fn sdk_benches(root: &Path, benches: &[&str]) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(root).args([
        "bench",
        "-p",
        "telnyx-sdk",
        "--no-default-features",
        "--features",
        BENCH_FEATURES,
    ]);
    for bench in benches {
        cmd.args(["--bench", bench]);
    }
    cmd
}

pub(super) fn criterion(root: &Path, opts: &Options, report: &mut Report) -> Result<(), String> {
    let since = SystemTime::now();
    let mut cmd = sdk_benches(root, &["client", "webhooks"]);
    cmd.arg("--");
    if opts.quick {
        // 10 samples (criterion's least) instead of 100, and the same for the 10k-item
        // streams (about 3 s instead of 10 each): the quick run gates only absurd ratios
        cmd.args([
            "--warm-up-time",
            "1",
            "--measurement-time",
            "2",
            "--sample-size",
            "10",
            "--noplot",
        ]);
        // the stream groups set their own sample count, which the command line cannot lower
        cmd.env("TELNYX_BENCH_QUICK", "1");
    }
    let paired_file = target_dir(root).join("criterion").join("paired.jsonl");
    // the benches append to it
    let _ = fs::remove_file(&paired_file);
    cmd.env("TELNYX_BENCH_PAIRED_OUT", &paired_file);
    let shown = format!(
        "cargo bench -p telnyx-sdk --no-default-features --features {BENCH_FEATURES} \
         --bench client --bench webhooks"
    );
    run_visible(&mut cmd)?;
    let paired = fs::read_to_string(&paired_file)
        .map(|text| parse_paired(&text))
        .unwrap_or_default();

    let dir = target_dir(root).join("criterion");
    let mut found = Vec::new();
    collect_estimates(&dir, since, &mut found, 0);
    if found.is_empty() {
        report.notes.push(format!(
            "criterion: no estimates written under {}",
            dir.display()
        ));
        return Ok(());
    }
    let command = if opts.quick {
        format!("{shown} -- --warm-up-time 1 --measurement-time 2 --sample-size 10")
    } else {
        shown.clone()
    };
    let lookup = |group: &str, id: &str| found.iter().find(|m| m.group == group && m.id == id);
    let mut paired_ids: Vec<(String, String)> = Vec::new();
    for (group, id, base, target) in COMPARISONS {
        let (name, base_name) = (format!("{group}/{id}"), format!("{group}/{base}"));
        // The target is judged on the paired ratio when the bench recorded one.
        let pair = paired.iter().find_map(|p| p.oriented(&name, &base_name));
        if let (Some(m), Some(b)) = (lookup(group, id), lookup(group, base)) {
            let target = if pair.is_some() { None } else { *target };
            report
                .figures
                .push(criterion_figure(m, b, target, &command));
            paired_ids.push((m.group.clone(), m.id.clone()));
        }
        if let Some((value, baseline, pairs)) = pair {
            report.notes.push(format!(
                "paired: {name} and {base_name} over {pairs} alternations"
            ));
            report.figures.push(Figure {
                section: "paired",
                name: name.clone(),
                value,
                baseline_name: base_name,
                baseline,
                unit: "ns",
                target: *target,
                gate: true,
                command: command.clone(),
            });
        }
    }
    // Everything else: pair an SDK measurement with the baseline that differs from it in
    // exactly one path segment (`get/sdk` ~ `get/raw_reqwest`, `prefetch/on` ~ `prefetch/off`).
    for m in &found {
        let segs: Vec<&str> = m.id.split('/').collect();
        if is_baseline(&segs)
            || segs.first() == Some(&"parts")
            || paired_ids.iter().any(|(g, i)| *g == m.group && *i == m.id)
        {
            continue;
        }
        let base = found.iter().find(|b| {
            let bsegs: Vec<&str> = b.id.split('/').collect();
            b.group == m.group
                && bsegs.len() == segs.len()
                && is_baseline(&bsegs)
                && segs.iter().zip(&bsegs).filter(|(x, y)| x != y).count() == 1
        });
        match base {
            Some(b) => {
                let target = if b.id.split('/').any(|s| s == "off") {
                    Some(1.0)
                } else {
                    Some(1.1)
                };
                report
                    .figures
                    .push(criterion_figure(m, b, target, &command));
            }
            None => report.notes.push(format!(
                "criterion: {}/{} = {} (no baseline to pair with)",
                m.group,
                m.id,
                fmt_ns(m.median_ns)
            )),
        }
    }
    Ok(())
}

/// Both sides of one compared pair, timed over the same alternations by the bench's
/// `interleaved` helper (mean ns per call of each side).
#[derive(Debug, PartialEq)]
pub(super) struct PairedTiming {
    a: String,
    b: String,
    a_ns: f64,
    b_ns: f64,
    pairs: u64,
}

impl PairedTiming {
    /// `(measured ns, baseline ns, alternations)` when this is the pair of `measured` and
    /// `baseline`, in either order.
    pub(super) fn oriented(&self, measured: &str, baseline: &str) -> Option<(f64, f64, u64)> {
        if self.a == measured && self.b == baseline {
            Some((self.a_ns, self.b_ns, self.pairs))
        } else if self.b == measured && self.a == baseline {
            Some((self.b_ns, self.a_ns, self.pairs))
        } else {
            None
        }
    }
}

/// The JSON lines the benches append to `TELNYX_BENCH_PAIRED_OUT`; malformed lines are
/// skipped.
pub(super) fn parse_paired(text: &str) -> Vec<PairedTiming> {
    text.lines()
        .filter_map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            Some(PairedTiming {
                a: v["a"].as_str()?.to_owned(),
                b: v["b"].as_str()?.to_owned(),
                a_ns: v["a_ns"].as_f64()?,
                b_ns: v["b_ns"].as_f64()?,
                pairs: v["pairs"].as_u64()?,
            })
        })
        .collect()
}

pub(super) fn is_baseline(segs: &[&str]) -> bool {
    segs.iter()
        .any(|s| BASELINE_WORDS.contains(s) || s.starts_with("baseline") || s.starts_with("raw"))
}

pub(super) fn criterion_figure(
    m: &Measured,
    b: &Measured,
    target: Option<f64>,
    command: &str,
) -> Figure {
    Figure {
        section: "criterion",
        name: format!("{}/{}", m.group, m.id),
        value: m.median_ns,
        baseline_name: format!("{}/{}", b.group, b.id),
        baseline: b.median_ns,
        unit: "ns",
        target,
        gate: true,
        command: command.to_owned(),
    }
}

/// Finds `<id>/new/{benchmark,estimates}.json` written since `since`.
pub(super) fn collect_estimates(
    dir: &Path,
    since: SystemTime,
    out: &mut Vec<Measured>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    let new = dir.join("new");
    let estimates = new.join("estimates.json");
    if estimates.is_file() {
        let fresh = fs::metadata(&estimates)
            .and_then(|m| m.modified())
            .map(|t| t >= since)
            .unwrap_or(false);
        if fresh && let Some(m) = read_measured(&new) {
            out.push(m);
        }
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        if d.file_name().is_some_and(|n| n == "report" || n == "base") {
            continue;
        }
        collect_estimates(&d, since, out, depth + 1);
    }
}

pub(super) fn read_measured(new: &Path) -> Option<Measured> {
    let bench: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(new.join("benchmark.json")).ok()?).ok()?;
    let est: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(new.join("estimates.json")).ok()?).ok()?;
    let group = bench.get("group_id")?.as_str()?.to_owned();
    let mut id = bench
        .get("function_id")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned();
    if let Some(v) = bench.get("value_str").and_then(|v| v.as_str()) {
        if !id.is_empty() {
            id.push('/');
        }
        id.push_str(v);
    }
    let median_ns = est.get("median")?.get("point_estimate")?.as_f64()?;
    Some(Measured {
        group,
        id,
        median_ns,
    })
}
