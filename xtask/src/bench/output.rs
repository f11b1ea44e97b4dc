//! Output: number formatting, the figures table and the `BENCHMARKS.md` section.

use super::*;

pub(super) fn fmt_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

pub(super) fn fmt_value(v: f64, unit: &str) -> String {
    match unit {
        "ns" => fmt_ns(v),
        "ms" => format!("{v:.1} ms"),
        "s" => format!("{v:.2} s"),
        "MiB" => format!("{v:.1} MiB"),
        "instr" if v >= 1e6 => format!("{:.2} M instr", v / 1e6),
        "instr" => format!("{:.1} k instr", v / 1e3),
        "allocs" => format!("{v:.1} allocs"),
        "lines" => format!("{v:.0} lines"),
        _ => format!("{v} {unit}"),
    }
}

pub(super) fn fmt_target(f: &Figure) -> String {
    match f.target {
        Some(t) => format!("<= {t}x"),
        None => "-".into(),
    }
}

pub(super) fn render_table(figures: &[Figure]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<10} {:<52} {:>12} {:>12} {:>8} {:>9} {:>7}  baseline",
        "section", "figure", "value", "baseline", "ratio", "target", "status"
    );
    for f in figures {
        let _ = writeln!(
            s,
            "{:<10} {:<52} {:>12} {:>12} {:>7.2}x {:>9} {:>7}  {}",
            f.section,
            f.name,
            fmt_value(f.value, f.unit),
            fmt_value(f.baseline, f.unit),
            f.ratio(),
            fmt_target(f),
            f.status(),
            f.baseline_name
        );
    }
    s
}

pub(super) fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .and_then(|r| r.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next()?.parse::<f64>().ok())
        .map(|kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown memory".into());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "machine: {cores} cores ({model}), {mem_gib} RAM; {rustc}; date {}",
        today()
    )
}

/// Today's UTC date, `YYYY-MM-DD`.
pub(super) fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Civil from days (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(super) fn render_markdown(report: &Report, machine: &str, opts: &Options) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{MARK_START}");
    let _ = writeln!(s);
    let mode = if opts.quick {
        "cargo xtask bench --quick --write"
    } else {
        "cargo xtask bench --write"
    };
    let _ = writeln!(
        s,
        "Measured with `{mode}`; {}.",
        machine.trim_start_matches("machine: ")
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| Section | Figure | Value | Baseline | Ratio | Target | Status |"
    );
    let _ = writeln!(s, "|---|---|---:|---|---:|---:|---|");
    for f in &report.figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} ({}) | **{:.2}x** | {} | {} |",
            f.section,
            f.name.replace('|', "\\|"),
            fmt_value(f.value, f.unit),
            f.baseline_name.replace('|', "\\|"),
            fmt_value(f.baseline, f.unit),
            f.ratio(),
            fmt_target(f),
            f.status()
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Commands that reproduce each figure:");
    let _ = writeln!(s);
    let mut seen: Vec<&str> = Vec::new();
    for f in &report.figures {
        if !seen.contains(&f.command.as_str()) {
            seen.push(&f.command);
            let _ = writeln!(s, "- {}: `{}`", f.section, f.command.replace('`', "'"));
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(s);
        for n in &report.notes {
            let _ = writeln!(s, "- note: {n}");
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{MARK_END}");
    s
}

pub(super) fn write_benchmarks_md(root: &Path, section: &str) -> Result<(), String> {
    let path = root.join("BENCHMARKS.md");
    let old = fs::read_to_string(&path).unwrap_or_default();
    let new = match (old.find(MARK_START), old.find(MARK_END)) {
        (Some(a), Some(b)) if a < b => {
            let end = b + MARK_END.len();
            let rest = old[end..].strip_prefix('\n').unwrap_or(&old[end..]);
            format!("{}{section}{rest}", &old[..a])
        }
        _ if old.is_empty() => format!("# Benchmarks\n\n{section}"),
        _ => format!(
            "{}\n{section}",
            old.trim_end_matches('\n').to_owned() + "\n"
        ),
    };
    fs::write(&path, new).map_err(|e| format!("{}: {e}", path.display()))
}
