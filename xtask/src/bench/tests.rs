use super::*;

#[test]
fn timings_lines_parse() {
    let text = "stage          time\nload             253.4 ms\nsyn parse        481.9 ms\n\
                cpu total       1409.1 ms (sum of stages over all domains)\nwall   597.1 ms\n\
                ratio             2.36x its load stage\n";
    let t = parse_timings(text);
    assert_eq!(t[0], ("load".to_owned(), 253.4));
    assert_eq!(t[1], ("syn parse".to_owned(), 481.9));
    assert_eq!(t[2], ("cpu total".to_owned(), 1409.1));
    assert_eq!(t[3], ("wall".to_owned(), 597.1));
    assert_eq!(t.len(), 4);
}

#[test]
fn baselines_are_recognised() {
    assert!(is_baseline(&["baseline", "by_hand"]));
    assert!(is_baseline(&["get", "raw_reqwest"]));
    assert!(is_baseline(&["prefetch", "off"]));
    assert!(!is_baseline(&["sdk", "unwrap"]));
}

#[test]
fn median_of_even_and_odd() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
}

#[test]
fn absurd_ratio_is_flagged() {
    let f = Figure {
        section: "x",
        name: "n".into(),
        value: 4.0,
        baseline_name: "b".into(),
        baseline: 1.0,
        unit: "s",
        target: Some(1.0),
        gate: true,
        command: String::new(),
    };
    assert_eq!(f.status(), "ABSURD");
}

#[test]
fn paired_lines_are_read_in_either_order() {
    let text = "{\"a\":\"g/facade\",\"b\":\"g/raw\",\"a_ns\":105.0,\"b_ns\":100.0,\"pairs\":40}\nnot json\n";
    let paired = parse_paired(text);
    assert_eq!(paired.len(), 1);
    assert_eq!(
        paired[0].oriented("g/facade", "g/raw"),
        Some((105.0, 100.0, 40))
    );
    assert_eq!(
        paired[0].oriented("g/raw", "g/facade"),
        Some((100.0, 105.0, 40))
    );
    assert_eq!(paired[0].oriented("g/facade", "g/other"), None);
}

#[test]
fn callgrind_total_is_read() {
    let stderr = "==41== Events    : Ir\n==41== Collected : 132548081\n==41== \n==41== I   refs:      132,548,081\n";
    assert_eq!(parse_collected(stderr), Some(132_548_081));
    assert_eq!(parse_collected("==41== error"), None);
}

#[test]
fn civil_date_shape() {
    let d = today();
    assert_eq!(d.len(), 10);
    assert_eq!(&d[4..5], "-");
}

#[test]
fn the_quick_run_leaves_out_the_builds_unless_asked() {
    let root = Path::new("/nonexistent");
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let quick = parse(root, &args(&["--quick"])).expect("parse");
    assert!(!quick.only.iter().any(|s| s == "build" || s == "crates-io"));
    assert!(quick.only.iter().any(|s| s == "criterion"));
    let asked = parse(root, &args(&["--quick", "--only", "build,lines"])).expect("parse");
    assert_eq!(asked.only, ["build", "lines"]);
    let full = parse(root, &args(&[])).expect("parse");
    assert!(full.only.iter().any(|s| s == "build") && full.only.iter().any(|s| s == "crates-io"));
    assert!(parse(root, &args(&["--only", "nope"])).is_err());
    // the comparison with another commit runs only when named
    assert!(!full.only.iter().any(|s| s == "own-build"));
    let own = parse(
        root,
        &args(&[
            "--only",
            "own-build",
            "--base",
            "abc123",
            "--build-rounds",
            "3",
        ]),
    )
    .expect("parse");
    assert_eq!(own.only, ["own-build"]);
    assert_eq!(own.base.as_deref(), Some("abc123"));
    assert_eq!(own.build_rounds, 3);
    assert_eq!(full.build_rounds, 8);
    assert!(parse(root, &args(&["--build-rounds", "many"])).is_err());
}

#[cfg(target_os = "linux")]
#[test]
fn children_cpu_time_grows_with_a_child_that_works() {
    let before = children_cpu().expect("/proc/self/stat is readable");
    // a child that spends CPU time (a busy shell loop), waited for
    let status = Command::new("sh")
        .args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
        .status()
        .expect("sh runs");
    assert!(status.success());
    let after = children_cpu().expect("still readable");
    assert!(after > before, "{before} -> {after}");
}
