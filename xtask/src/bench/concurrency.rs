//! The `concurrency` figures: CPU and allocations per call when 64 tasks share one client
//! on a 2-worker runtime, against plain reqwest + serde_json under the same load (the
//! facade's `concurrent` bench, the sides in rotating rounds of one process), and, for
//! information, against the raw call sending the SDK's two extra headers.

use super::*;

pub(super) fn concurrency(root: &Path, _opts: &Options, report: &mut Report) -> Result<(), String> {
    let exe = bench_executable(root, "concurrent")?;
    // many short rounds: the CPU figure is the median over pairs of rounds. The quick run
    // (CI) takes as many as the full one: with 8 rounds of 2,560 calls, the median moved by
    // 6% between runs of the same code; 24 rounds of 6,400 take about 10 s.
    let (calls, rounds) = ("6400", "24");
    let mut cmd = Command::new(&exe);
    cmd.args(["--calls", calls, "--rounds", rounds]);
    let (_, out, err) = run_captured(&mut cmd)?;
    eprint!("{err}");
    let line = out.lines().last().unwrap_or("");
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("concurrent output `{line}`: {e}"))?;
    let get = |k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("concurrent output has no `{k}`: {line}"))
    };
    let command = format!(
        "cargo bench -p telnyx-sdk --no-default-features --features {BENCH_FEATURES} --bench concurrent -- --calls {calls} --rounds {rounds}"
    );
    // value = the raw side's CPU per call times the median ratio of the pairs of rounds, so
    // the ratio shown is that median; the per-call figures over all rounds are informational
    let raw_cpu = get("raw_cpu_ns_per_call")?;
    report.figures.push(Figure {
        section: "concurrency",
        name: format!("CPU per get, 64 tasks on 2 workers (median of {rounds} paired rounds)"),
        value: raw_cpu * get("cpu_ratio_median_of_pairs")?,
        baseline_name: "raw reqwest + serde_json, same load".into(),
        baseline: raw_cpu,
        unit: "ns",
        target: Some(1.05),
        gate: true,
        command: command.clone(),
    });
    // the same, against raw calls that also send the SDK's `User-Agent` and `Accept`: the
    // part of the gap that is bytes on the wire rather than the SDK's own work
    let same_headers_cpu = get("raw_same_headers_cpu_ns_per_call")?;
    report.figures.push(Figure {
        section: "concurrency",
        name: format!(
            "CPU per get, 64 tasks on 2 workers, raw sending the SDK's headers (median of {rounds})"
        ),
        value: same_headers_cpu * get("cpu_ratio_median_same_headers")?,
        baseline_name: "raw reqwest + serde_json + User-Agent, Accept".into(),
        baseline: same_headers_cpu,
        unit: "ns",
        target: None,
        gate: false,
        command: command.clone(),
    });
    report.figures.push(Figure {
        section: "concurrency",
        name: "CPU per get, 64 tasks on 2 workers (sum over all rounds)".into(),
        value: get("sdk_cpu_ns_per_call")?,
        baseline_name: "raw reqwest + serde_json, same load".into(),
        baseline: raw_cpu,
        unit: "ns",
        target: None,
        gate: false,
        command: command.clone(),
    });
    report.figures.push(Figure {
        section: "concurrency",
        name: "wall per get, 64 tasks on 2 workers".into(),
        value: get("sdk_wall_ns_per_call")?,
        baseline_name: "raw reqwest + serde_json, same load".into(),
        baseline: get("raw_wall_ns_per_call")?,
        unit: "ns",
        target: None,
        gate: true,
        command: command.clone(),
    });
    // the target is "at most two allocations more than raw": the baseline is raw + 2
    let raw = get("raw_allocations_per_call")?;
    report.figures.push(Figure {
        section: "concurrency",
        name: format!(
            "allocations per get ({:.1}), 64 tasks on 2 workers",
            get("sdk_allocations_per_call")?
        ),
        value: get("sdk_allocations_per_call")?,
        baseline_name: format!("raw reqwest + serde_json ({raw:.1}) + 2"),
        baseline: raw + 2.0,
        unit: "allocs",
        target: Some(1.0),
        gate: true,
        command,
    });
    Ok(())
}
