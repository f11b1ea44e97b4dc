//! The `lines` figures: generated lines per operation, by layer (the facade's request
//! layer, the domain crates, their typed mocks), read from the committed generated files.
//! Informational except the facade's request layer (target: 80 lines per operation) and
//! the whole (target: 400); the baseline is the number of operations.

use super::*;

/// Lines of `path`, or 0 when it does not exist.
fn lines_of(path: &Path) -> usize {
    fs::read_to_string(path)
        .map(|text| text.lines().count())
        .unwrap_or(0)
}

/// Lines of every `.rs` file directly in `dir`.
fn lines_in(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .map(|p| lines_of(&p))
                .sum()
        })
        .unwrap_or(0)
}

pub(super) fn lines(root: &Path, report: &mut Report) -> Result<(), String> {
    let manifest = crate::manifest::Manifest::load(&crate::manifest::Manifest::default_path(root))
        .map_err(|e| e.to_string())?;
    let facade = root.join("crates/telnyx-sdk/src/generated");
    let resources = lines_in(&facade.join("resources"));
    let facade_rest = lines_in(&facade);
    let mut domain = 0;
    let mut mocks = 0;
    let mut operations = 0;
    for (name, d) in &manifest.domains {
        if d.is_types_only() {
            continue;
        }
        let dir = root.join("crates").join(&d.crate_name).join("src");
        domain += lines_of(&dir.join("generated.rs"));
        mocks += lines_of(&dir.join("mock.rs"));
        let table = fs::read_to_string(dir.join("generated.rs")).unwrap_or_default();
        let count = table.matches("operation_id: \"").count();
        if count == 0 {
            report
                .notes
                .push(format!("lines: domain {name} has no operations"));
        }
        operations += count;
    }
    let ops = operations as f64;
    let command = "generated lines of the committed files (cargo xtask bench --only lines)";
    let mut push = |name: &str, value: usize, target: Option<f64>| {
        report.figures.push(Figure {
            section: "lines",
            name: name.into(),
            value: value as f64,
            baseline_name: format!("{operations} operations"),
            baseline: ops,
            unit: "lines",
            target,
            gate: false,
            command: command.into(),
        });
    };
    push(
        "facade request layer (generated/resources)",
        resources,
        Some(80.0),
    );
    push("facade ids, clients, events, mock", facade_rest, None);
    push("domain crates (generated.rs)", domain, None);
    push("typed mocks (mock.rs)", mocks, None);
    push(
        "all of the above",
        resources + facade_rest + domain + mocks,
        Some(400.0),
    );
    Ok(())
}
