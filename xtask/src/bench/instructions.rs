//! The `instructions` figures: the `client` bench's comparisons counted in CPU instructions
//! under callgrind.

use super::*;

/// (bench, measured variant, baseline variant, calls per run, calls per run with `--quick`)
/// of the benches' count mode (`TELNYX_BENCH_COUNT`); a stream call is 10,000 items.
pub(super) const COUNTED: &[(&str, &str, &str, u64, u64)] = &[
    ("client", "get_room/facade", "get_room/raw", 400, 100),
    ("client", "get_room/generated", "get_room/raw", 400, 100),
    (
        "client",
        "stream_10k/25/facade",
        "stream_10k/25/hand_loop",
        2,
        1,
    ),
    (
        "client",
        "stream_10k/250/facade",
        "stream_10k/250/hand_loop",
        2,
        1,
    ),
    (
        "webhooks",
        "webhooks/sdk/unwrap",
        "webhooks/baseline/by_hand",
        400,
        100,
    ),
];

pub(super) fn instructions(root: &Path, opts: &Options, report: &mut Report) -> Result<(), String> {
    let available = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        report
            .notes
            .push("instructions: skipped, valgrind is not installed".into());
        return Ok(());
    }
    // per bench: executable and the instructions of its setup alone, subtracted from
    // every run of it
    let mut benches: Vec<(&str, PathBuf, u64)> = Vec::new();
    let mut per_call = std::collections::BTreeMap::new();
    for (bench, measured, baseline, calls, quick_calls) in COUNTED {
        if !benches.iter().any(|(name, ..)| name == bench) {
            let exe = bench_executable(root, bench)?;
            let setup = count_instructions(&exe, &format!("{measured}:0"))?;
            benches.push((bench, exe, setup));
        }
        let Some((_, exe, setup)) = benches.iter().find(|(name, ..)| name == bench) else {
            continue;
        };
        let calls = if opts.quick { *quick_calls } else { *calls };
        for variant in [measured, baseline] {
            if per_call.contains_key(*variant) {
                continue;
            }
            let total = count_instructions(exe, &format!("{variant}:{calls}"))?;
            let cost = total.saturating_sub(*setup) as f64 / calls as f64;
            println!("  {variant:<26} {cost:>14.0} instructions per call");
            per_call.insert(variant.to_string(), cost);
        }
        let (Some(value), Some(base)) = (per_call.get(*measured), per_call.get(*baseline)) else {
            continue;
        };
        report.figures.push(Figure {
            section: "instructions",
            name: (*measured).to_string(),
            value: *value,
            baseline_name: (*baseline).to_string(),
            baseline: *base,
            unit: "instr",
            target: None,
            gate: true,
            command: format!(
                "TELNYX_BENCH_COUNT=<variant>:<calls> valgrind --tool=callgrind \
                 target/release/deps/{bench}-<hash>, minus the same with 0 calls"
            ),
        });
    }
    Ok(())
}

/// Builds a bench of `telnyx-sdk` and returns the path of its executable.
pub(super) fn bench_executable(root: &Path, name: &str) -> Result<PathBuf, String> {
    let output = sdk_benches(root, &[name])
        .args(["--no-run", "--message-format=json"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo bench --no-run: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo bench --bench {name} --no-run failed"));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|msg| {
            let is_it = msg["reason"] == "compiler-artifact"
                && msg["target"]["name"] == name
                && msg["target"]["kind"][0] == "bench";
            is_it
                .then(|| msg["executable"].as_str().map(PathBuf::from))
                .flatten()
        })
        .ok_or_else(|| format!("cargo did not report the executable of bench `{name}`"))
}

/// Instructions executed by the whole bench process (all threads) in count mode `spec`.
pub(super) fn count_instructions(bench: &Path, spec: &str) -> Result<u64, String> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(bench)
        .env("TELNYX_BENCH_COUNT", spec)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("valgrind on `{spec}` failed:\n{stderr}"));
    }
    parse_collected(&stderr)
        .ok_or_else(|| format!("no instruction count for `{spec}` in:\n{stderr}"))
}

/// The `Collected : N` total that callgrind prints at exit.
pub(super) fn parse_collected(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|line| {
        let (_, rest) = line.split_once("Collected :")?;
        rest.trim().replace(',', "").parse().ok()
    })
}
