//! The `memory` figure: peak RSS while streaming items through the paginator.

use super::*;

pub(super) fn memory(root: &Path, opts: &Options, report: &mut Report) -> Result<(), String> {
    // a bench target of the facade, built like the criterion benches (one optimized build)
    let exe = bench_executable(root, "stream_memory")?;

    let counts: &[u64] = if opts.quick {
        &[10_000]
    } else {
        &[10_000, 100_000]
    };
    let mut peaks = Vec::new();
    for &n in counts {
        let mut cmd = Command::new(&exe);
        cmd.args(["--items", &n.to_string(), "--page-size", "250"]);
        let (_, out, _) = run_captured(&mut cmd)?;
        let line = out.lines().last().unwrap_or("");
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("stream_memory output `{line}`: {e}"))?;
        let kib = |k: &str| v.get(k).and_then(|x| x.as_f64());
        let (Some(hwm), Some(before)) = (kib("vm_hwm_kib"), kib("vm_hwm_before_kib")) else {
            report
                .notes
                .push("memory: no VmHWM (not Linux?); skipped".into());
            return Ok(());
        };
        let ms = kib("elapsed_ms").unwrap_or(f64::NAN);
        eprintln!(
            "    {n} items: peak {:.1} MiB (after the first page {:.1} MiB), {ms:.0} ms",
            hwm / 1024.0,
            before / 1024.0
        );
        report.figures.push(Figure {
            section: "memory",
            name: format!("peak RSS streaming {n} items (pages of 250)"),
            value: hwm / 1024.0,
            baseline_name: "peak RSS after fetching one page".into(),
            baseline: before / 1024.0,
            unit: "MiB",
            target: Some(1.5),
            gate: true,
            command: format!(
                "cargo bench -p telnyx-sdk --no-default-features --features {BENCH_FEATURES} --bench stream_memory -- --items {n} --page-size 250"
            ),
        });
        peaks.push((n, hwm / 1024.0));
    }
    if let [(n1, p1), (n2, p2)] = peaks[..] {
        report.figures.push(Figure {
            section: "memory",
            name: format!("peak RSS streaming {n2} items"),
            value: p2,
            baseline_name: format!("peak RSS streaming {n1} items"),
            baseline: p1,
            unit: "MiB",
            target: Some(1.1),
            gate: true,
            command: "stream_memory --items 100000 vs --items 10000 (separate processes)".into(),
        });
    }
    Ok(())
}
