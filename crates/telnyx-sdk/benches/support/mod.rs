//! What the criterion benches share with `cargo xtask bench`: paired timings and the
//! instruction-count mode.
//!
//! - **Paired timings.** A bench times both sides of every alternation of a compared pair
//!   and adds them with [`record`]; [`run`] prints the totals at the end and appends them,
//!   as JSON lines `{"a", "b", "a_ns", "b_ns", "pairs"}`, to the file named by
//!   [`PAIRED_OUT_ENV`]. The two sides of each sum were measured microseconds apart, so
//!   their ratio holds on a machine whose load changes between criterion functions.
//! - **Count mode.** With [`COUNT_ENV`] set to `<variant>:<calls>`, [`run`] calls the bench's
//!   counting function instead of criterion: its setup, then `calls` calls of one variant.
//!   `xtask` runs that under `valgrind --tool=callgrind` with N calls and with none.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// `<variant>:<calls>`: run the count mode instead of criterion.
pub const COUNT_ENV: &str = "TELNYX_BENCH_COUNT";
/// A file the paired totals are appended to.
pub const PAIRED_OUT_ENV: &str = "TELNYX_BENCH_PAIRED_OUT";

/// Summed time of each side of a pair and the number of alternations.
type PairTotals = (Duration, Duration, u64);

/// Per compared pair (names in sorted order), its totals over every criterion function that
/// measures the pair.
static PAIR_TOTALS: Mutex<BTreeMap<(String, String), PairTotals>> = Mutex::new(BTreeMap::new());

/// Adds `iters` alternations of `measured` (which took `measured_time` in all) and `other`
/// (`other_time`) to the pair's totals.
pub fn record(
    (measured, other): (&str, &str),
    measured_time: Duration,
    other_time: Duration,
    iters: u64,
) {
    let (key, times) = if measured <= other {
        (
            (measured.to_owned(), other.to_owned()),
            (measured_time, other_time),
        )
    } else {
        (
            (other.to_owned(), measured.to_owned()),
            (other_time, measured_time),
        )
    };
    let mut totals = PAIR_TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let entry = totals
        .entry(key)
        .or_insert((Duration::ZERO, Duration::ZERO, 0));
    entry.0 += times.0;
    entry.1 += times.1;
    entry.2 += iters;
}

/// Prints the paired means and appends them to the file named by [`PAIRED_OUT_ENV`].
fn report() {
    let totals = PAIR_TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let mut lines = String::new();
    for ((a, b), (ta, tb, n)) in totals.iter() {
        if *n == 0 {
            continue;
        }
        let (ma, mb) = (
            ta.as_nanos() as f64 / *n as f64,
            tb.as_nanos() as f64 / *n as f64,
        );
        println!(
            "paired {a} {ma:.0} ns / {b} {mb:.0} ns = {:.3} over {n}",
            ma / mb
        );
        lines.push_str(
            &serde_json::json!({"a": a, "b": b, "a_ns": ma, "b_ns": mb, "pairs": n}).to_string(),
        );
        lines.push('\n');
    }
    if let Some(path) = std::env::var_os(PAIRED_OUT_ENV) {
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(lines.as_bytes()))
            .expect("write paired results");
    }
}

/// Splits a count-mode spec `<variant>:<calls>`.
fn parse_count(spec: &str) -> Result<(&str, u64), String> {
    let (variant, calls) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("{COUNT_ENV}=`{spec}`: expected <variant>:<calls>"))?;
    let calls = calls
        .parse()
        .map_err(|_| format!("{COUNT_ENV}=`{spec}`: `{calls}` is not a number of calls"))?;
    Ok((variant, calls))
}

/// The bench's `main`: the count mode when [`COUNT_ENV`] is set (`count(variant, calls)`),
/// else the criterion groups followed by the paired report.
pub fn run(criterion_groups: fn(), count: fn(&str, u64) -> Result<(), String>) {
    if let Ok(spec) = std::env::var(COUNT_ENV) {
        if let Err(message) = parse_count(&spec).and_then(|(variant, calls)| count(variant, calls))
        {
            eprintln!("{message}");
            std::process::exit(2);
        }
        return;
    }
    criterion_groups();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
    report();
}
