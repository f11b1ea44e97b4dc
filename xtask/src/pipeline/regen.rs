//! `cargo xtask regen`: run the pipeline for every domain and write (or check) crates.
//!
//! load -> slice -> normalize -> patch -> progenitor -> post-process -> prettyplease ->
//! render -> write. Everything is produced in memory first; nothing is written unless
//! every domain succeeded, so a failure never leaves a half-written crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::SpecError;
use crate::manifest::{Domain, Manifest};
use crate::render::{CrateFile, Mode};
use crate::{
    codegen, facade, load, normalize, null_fields, patch, postprocess, render, skip, slice,
};

/// Options of one regeneration.
#[derive(Debug, Clone)]
pub struct Options {
    /// Repository root (holds `openapi/` and `crates/`).
    pub root: PathBuf,
    /// A vendor spec to slice instead of the documents in `openapi/`.
    pub spec: Option<PathBuf>,
    /// Output directory (a new Cargo workspace) instead of `crates/`.
    pub out: Option<PathBuf>,
}

/// Wall time per pipeline stage, summed over domains.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Wall-clock time of the whole run (domains run on parallel threads, so this is
    /// less than the sum of the stages).
    pub wall: Duration,
}

impl Timings {
    pub(crate) fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += d,
            None => self.stages.push((stage, d)),
        }
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    pub fn get(&self, stage: &str) -> Duration {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, d)| *d)
            .unwrap_or_default()
    }

    pub fn report(&self) -> String {
        let mut out = String::from("stage          time\n");
        for (stage, d) in &self.stages {
            out.push_str(&format!("{stage:<14} {:>7.1} ms\n", d.as_secs_f64() * 1e3));
        }
        out.push_str(&format!(
            "{:<14} {:>7.1} ms (sum of stages over all domains)\n",
            "cpu total",
            self.total().as_secs_f64() * 1e3
        ));
        out.push_str(&format!(
            "{:<14} {:>7.1} ms\n",
            "wall",
            self.wall.as_secs_f64() * 1e3
        ));
        let load = self.get("load").as_secs_f64();
        if load > 0.0 {
            out.push_str(&format!(
                "{:<14} {:>7.2}x its load stage\n",
                "ratio",
                self.wall.as_secs_f64() / load
            ));
        }
        out
    }
}

/// One generated crate, in memory.
#[derive(Debug)]
pub struct GeneratedCrate {
    pub crate_name: String,
    pub dir: PathBuf,
    pub files: Vec<CrateFile>,
    pub operations: usize,
    pub open_enums: usize,
    pub patch_log: Vec<String>,
    pub missing_events: Vec<String>,
    /// What the facade exposes of this domain (HTTP domains).
    pub facade: Option<crate::facade::model::DomainModel>,
    /// The webhook events of this domain (the webhooks domain).
    pub events: Vec<crate::facade::events::EventModel>,
    /// Operations left out because they cannot be generated: (operation, reason).
    pub skipped: Vec<(String, String)>,
    /// Response fields (`Type.field`) whose type has no empty value to read a `null` as;
    /// the generated null-field test fails if a null there does not decode.
    pub null_unreadable: Vec<String>,
}

impl GeneratedCrate {
    pub fn lines(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.rel_path.ends_with(".rs"))
            .map(|f| f.contents.lines().count())
            .sum()
    }
}

/// Run the pipeline for every domain of the manifest.
pub fn generate_all(opts: &Options) -> Result<(Vec<GeneratedCrate>, Timings), SpecError> {
    let started = Instant::now();
    let manifest = Manifest::load(&Manifest::default_path(&opts.root))?;
    let mut timings = Timings::default();
    let crates_dir = match &opts.out {
        Some(out) => out.join("crates"),
        None => opts.root.join("crates"),
    };
    let mode = match &opts.out {
        Some(_) => Mode::Standalone {
            core_path: std::fs::canonicalize(opts.root.join("crates/telnyx-sdk-core"))
                .unwrap_or_else(|_| opts.root.join("crates/telnyx-sdk-core")),
        },
        None => Mode::Workspace,
    };

    // The facade's layer is generated inside a repository that has the facade, from our own
    // documents (not with `--out`, whose vendor spec may lack what domains.toml names).
    let with_facade = opts.out.is_none() && opts.root.join("crates/telnyx-sdk/Cargo.toml").exists();

    // Stage 1: load each input document once.
    let t = Instant::now();
    let mut docs: BTreeMap<PathBuf, Value> = BTreeMap::new();
    let inputs: Vec<(String, PathBuf)> = manifest
        .domains
        .iter()
        .map(|(name, d)| {
            let file = match &opts.spec {
                Some(spec) => spec.clone(),
                None => opts.root.join("openapi").join(&d.spec),
            };
            (name.clone(), file)
        })
        .collect();
    for (_, file) in &inputs {
        if docs.contains_key(file) {
            continue;
        }
        let doc = match &opts.spec {
            // A vendor spec serves every domain, and they use a small part of it: parse that
            // part (`load_used`), which gives the same slices as parsing all of it.
            Some(_) => {
                let users: Vec<&Domain> = inputs
                    .iter()
                    .filter(|(_, f)| f == file)
                    .map(|(name, _)| &manifest.domains[name])
                    .collect();
                load::load_used(
                    file,
                    &slice::might_select(&users),
                    |doc| users.iter().flat_map(|d| slice::seeds(doc, d)).collect(),
                    slice::WHOLE_KINDS,
                )?
            }
            // Our own documents are parsed whole, so a syntax error anywhere in them is found.
            None => load::load(file)?,
        };
        docs.insert(file.clone(), doc);
    }
    timings.add("load", t.elapsed());

    // Stage 2 for every domain here (a few ms): a slice's size orders the work below.
    let mut slices = Vec::new();
    for (i, (name, file)) in inputs.iter().enumerate() {
        let t = Instant::now();
        let sliced = slice::slice(&docs[file], file, &manifest.domains[name])?;
        let mut domain_timings = Timings::default();
        domain_timings.add("slice", t.elapsed());
        slices.push((slice_weight(&sliced.doc), (i, sliced, domain_timings)));
    }

    // Stages 3-7 per domain, on one thread per core, heaviest slice first: the work is
    // CPU-bound, and with more threads than cores the largest domain would share a core
    // with the others and finish last.
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results = heaviest_first(slices, jobs, |(i, sliced, domain_timings)| {
        let (name, file) = &inputs[i];
        let domain = &manifest.domains[name];
        generate_sliced(
            with_facade,
            name,
            domain,
            &manifest.id_fields,
            sliced,
            domain_timings,
            file,
            &display_source(&opts.root, file),
            crates_dir.join(&domain.crate_name),
            &mode,
        )
    })
    .into_iter()
    .map(|r| {
        r.unwrap_or_else(|| {
            Err(SpecError::new(
                Path::new("xtask"),
                "",
                "internal error: a generator thread panicked",
            ))
        })
    });
    let mut crates = Vec::new();
    for r in results {
        let (krate, t) = r?;
        for field in &krate.null_unreadable {
            eprintln!(
                "regen: {}: {field} has no empty value to read null as",
                krate.crate_name
            );
        }
        for (stage, d) in t.stages {
            timings.add(stage, d);
        }
        crates.push(krate);
    }
    // Stage 8: the facade's per-operation layer (inside a repository that has the facade).
    if with_facade {
        let t = Instant::now();
        let facade = facade::generate(
            &manifest,
            &Manifest::default_path(&opts.root),
            &crates,
            opts.root.join("crates").join("telnyx-sdk"),
        )?;
        crates.push(facade);
        crates.push(facade::ids_crate(
            &manifest,
            &Manifest::default_path(&opts.root),
            &crates,
            opts.root.join("crates").join("telnyx-sdk-ids"),
        )?);
        crates.extend(facade::cargo_manifests(&opts.root, &manifest)?);
        timings.add("facade", t.elapsed());
    }
    timings.wall = started.elapsed();
    Ok((crates, timings))
}

/// Relative file name for headers (`openapi/video.yaml`, or the vendor file's name).
pub(crate) fn display_source(root: &Path, file: &Path) -> String {
    match file.strip_prefix(root) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
    }
}

/// Runs `work` on every item of `weighed` (weight, item) on up to `jobs` threads, the
/// heaviest first, so that the last item to start is a light one. Result `i` is the `i`th
/// item's, or `None` when the thread running it panicked.
pub(crate) fn heaviest_first<T: Send, R: Send>(
    weighed: Vec<(usize, T)>,
    jobs: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<Option<R>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let mut order: Vec<usize> = (0..weighed.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weighed[i].0));
    let count = weighed.len();
    // each item sits in its slot until a worker takes it out; its result goes in its place
    let items: Vec<Mutex<Option<T>>> = weighed
        .into_iter()
        .map(|(_, item)| Mutex::new(Some(item)))
        .collect();
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = (0..count).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.clamp(1, count.max(1)))
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = order.get(k) else { break };
                        let Some(item) = items[i].lock().ok().and_then(|mut s| s.take()) else {
                            continue;
                        };
                        let result = work(item);
                        if let Ok(mut slot) = slots[i].lock() {
                            *slot = Some(result);
                        }
                    }
                })
            })
            .collect();
        // joined here, so that a panic leaves its item's slot empty instead of unwinding
        // out of the scope; the other workers take the items it did not reach
        for worker in workers {
            let _ = worker.join();
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

/// The work a domain's slice makes, for [`heaviest_first`]: its operations and its schemas
/// (typify's output grows with the schemas, progenitor's with the operations).
fn slice_weight(doc: &Value) -> usize {
    let operations: usize = doc
        .get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .map(|item| {
                    slice::METHODS
                        .iter()
                        .filter(|m| item.get(**m).is_some())
                        .count()
                })
                .sum()
        });
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |s| s.len());
    operations + schemas
}

/// Stages 2-7 for one domain of `doc`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate_domain(
    with_facade: bool,
    name: &str,
    domain: &Domain,
    id_fields: &BTreeMap<String, String>,
    doc: &Value,
    file: &Path,
    source: &str,
    dir: PathBuf,
    mode: &Mode,
) -> Result<(GeneratedCrate, Timings), SpecError> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let sliced = slice::slice(doc, file, domain)?;
    timings.add("slice", t.elapsed());
    generate_sliced(
        with_facade,
        name,
        domain,
        id_fields,
        sliced,
        timings,
        file,
        source,
        dir,
        mode,
    )
}

/// Stages 3-7 for one domain already sliced; `timings` holds the slice's.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate_sliced(
    with_facade: bool,
    name: &str,
    domain: &Domain,
    id_fields: &BTreeMap<String, String>,
    sliced: slice::Slice,
    mut timings: Timings,
    file: &Path,
    source: &str,
    dir: PathBuf,
    mode: &Mode,
) -> Result<(GeneratedCrate, Timings), SpecError> {
    let t = Instant::now();
    let mut doc = sliced.doc;
    normalize::normalize(&mut doc);
    timings.add("normalize", t.elapsed());

    let t = Instant::now();
    let mut log = patch::apply_all(&mut doc, file, &domain.keep_apart, id_fields)?;
    patch::one_event_type(&mut doc, &domain.events, &mut log);
    patch::event_records::generic_event_records(
        &mut doc,
        &domain.events,
        &domain.crate_name,
        &mut log,
    );
    timings.add("patch", t.elapsed());

    let t = Instant::now();
    let output = if domain.is_types_only() {
        codegen::Output::TypesOnly
    } else {
        codegen::Output::Client
    };
    let skip::Generated {
        tokens,
        progenitor,
        skipped,
    } = skip::generate_skipping(&mut doc, file, output)?;
    let ops = codegen::operations(&doc);
    let mut operation_names = sliced.operations;
    operation_names.retain(|o| !skipped.iter().any(|(s, _)| s == o));
    timings.add("progenitor", t.elapsed());

    let t = Instant::now();
    let (tokens, builders_removed) = postprocess::prune_type_builders(tokens);
    let tokens = postprocess::drop_string_enum_conversions(tokens);
    timings.add("prune", t.elapsed());

    let t = Instant::now();
    let (tokens, type_builders, builders_left) = postprocess::compact_type_builders(tokens);
    if builders_left > 0 {
        return Err(SpecError::new(
            file,
            "",
            format!(
                "internal error: {builders_left} type builders differ from what \
                 `type_builder!` writes; postprocess::compact_type_builders does not know \
                 this shape of typify's output"
            ),
        ));
    }
    timings.add("type builders", t.elapsed());

    let t = Instant::now();
    let mut tree: syn::File = syn::parse2(tokens).map_err(|e| {
        SpecError::new(
            file,
            "",
            format!("progenitor produced unparsable code: {e}"),
        )
    })?;
    timings.add("syn parse", t.elapsed());

    let t = Instant::now();
    let mut stats = postprocess::Stats::default();
    let mut multipart_bodies = Vec::new();
    postprocess::enum_values::restore_wire_values(
        &mut tree,
        &patch::whole_spec::enum_wire_values(&doc),
    );
    postprocess::open_string_enums(&mut tree, &mut stats);
    postprocess::newtype_display::display_for_string_newtypes(&mut tree);
    postprocess::drop_builder_methods(&mut tree, &builders_removed, &mut stats);
    postprocess::document_type_builders(&mut tree, &type_builders);
    postprocess::str_into_text_unions(&mut tree);
    let tagged_unions = crate::pipeline::tagged_unions::read(&doc);
    let tagged_union_names = tagged_unions.iter().map(|u| u.name.clone()).collect();
    let null_fields = null_fields::accept_null_in_response_fields(
        &mut tree,
        domain.is_types_only(),
        &tagged_union_names,
    );
    if domain.is_types_only() {
        postprocess::keep_types_only(&mut tree);
    } else {
        postprocess::drop_api_version_header(&mut tree, &mut stats);
        postprocess::drop_empty_header_maps(&mut tree, &mut stats);
        postprocess::shadowed_params::rename_shadowed_params(&mut tree);
        postprocess::encode_path_params_in_place(&mut tree, &mut stats);
        postprocess::refuse_dot_path_params(&mut tree, &mut stats);
        postprocess::preallocate_request_urls(&mut tree, &mut stats);
        postprocess::drop_noop_hooks(&mut tree, &mut stats);
        postprocess::move_response_headers(&mut tree, &mut stats);
        postprocess::unexpected_response_keeps_body(&mut tree, &mut stats);
        postprocess::write_query_into_url(&mut tree, &mut stats);
        postprocess::drop_client_new(&mut tree);
        postprocess::compact_operation_setters(&mut tree);
        postprocess::trim_method_docs(&mut tree);
        let multipart_operations = patch::whole_spec::multipart_operations(&doc);
        postprocess::multipart::send_multipart_bodies(&mut tree, &multipart_operations);
        multipart_bodies = postprocess::multipart::multipart_bodies(&tree, &multipart_operations);
        let glue: syn::File = syn::parse2(render::runtime_glue(&ops)).map_err(|e| {
            SpecError::new(file, "", format!("internal error in runtime glue: {e}"))
        })?;
        tree.items.extend(glue.items);
    }
    null_fields::emit_null_field_tests(&mut tree, &null_fields);
    // after the null-field steps: the map takes no `deserialize_with`, and is no member the
    // null-field test should set
    postprocess::keep_unknown_fields(&mut tree, &mut stats);
    // after every step over typify's types: these are ours
    crate::pipeline::tagged_unions::insert(&mut tree, &tagged_unions)
        .map_err(|message| SpecError::new(file, "", message))?;
    let aliases: syn::File = syn::parse2(patch::success_types::aliases(&doc)).map_err(|e| {
        SpecError::new(
            file,
            "",
            format!("internal error in the success-type aliases: {e}"),
        )
    })?;
    let event_items: syn::File = syn::parse2(patch::event_records::items(&doc)).map_err(|e| {
        SpecError::new(
            file,
            "",
            format!("internal error in the generic event types: {e}"),
        )
    })?;
    if let Some(types) = postprocess::types_items(&mut tree) {
        patch::success_types::add_aliases(types, aliases.items);
        types.extend(event_items.items);
    }
    postprocess::doc_hidden::hide_private_defaults(&mut tree);
    postprocess::doc_hidden::hide_string_derefs(&mut tree);
    timings.add("postprocess", t.elapsed());

    let t = Instant::now();
    // inside the repository only: a vendor spec may lack some of the manifest's events
    let events = if with_facade && domain.is_types_only() && !domain.events.is_empty() {
        facade::events::build(domain, &doc, &tree, file)?
    } else {
        Vec::new()
    };
    let facade = if with_facade && !domain.is_types_only() {
        Some(facade::model::build(name, domain, &doc, &tree, file)?)
    } else {
        None
    };
    timings.add("facade model", t.elapsed());
    if !events.is_empty() {
        // one `Record` impl per type: records of one generic type with the same payload
        // (`patch::event_records`) are one type under two names
        let mut types_seen = std::collections::BTreeSet::new();
        let types: &[syn::Item] = postprocess::types_items_ref(&tree).map_or(&[], |t| &t[..]);
        let mut records: Vec<String> = events.iter().map(|e| e.record.clone()).collect();
        records.sort();
        records.retain(|r| {
            let target = patch::event_records::alias_target(types, r)
                .map_or_else(|| r.clone(), |(generic, arg)| format!("{generic}<{arg}>"));
            types_seen.insert(target)
        });
        tree.items.push(render::records_item(&records));
    }

    let t = Instant::now();
    let body = prettyplease::unparse(&tree);
    timings.add("prettyplease", t.elapsed());

    let t = Instant::now();
    // Self-check: no step left what it removes (`postprocess::LEFTOVERS`).
    if let Some(message) = postprocess::leftovers(&body) {
        return Err(SpecError::new(file, "", message));
    }
    if !domain.is_types_only() {
        // Self-check: every path parameter is checked before its URL is built
        // (`refuse_dot_path_params`).
        if body.matches("codegen::PathParam(").count()
            != body.matches("codegen::check_path_param(").count()
        {
            return Err(SpecError::new(
                file,
                "",
                "internal error: a path parameter is not checked by check_path_param; \
                 postprocess::refuse_dot_path_params does not know this shape of progenitor's \
                 output",
            ));
        }
        // Self-check: every table entry matches a name progenitor really used.
        let used = names_after(&body, "operation_id: \"", '"');
        for o in &ops {
            if !used.contains(o.snake_id.as_str()) {
                return Err(SpecError::new(
                    file,
                    "",
                    format!("generated code has no operation named {}", o.snake_id),
                )
                .with_operation(o.id.clone()));
            }
        }
    }
    let generated = render::generated_rs(source, &body);
    // the mock's own time is its stage's, not render's
    let mut mock_time = std::time::Duration::ZERO;
    let mock = if domain.is_types_only() {
        None
    } else {
        let t = Instant::now();
        let tokens = progenitor.mock(&doc, file)?;
        let mut tree: syn::File = syn::parse2(tokens).map_err(|e| {
            SpecError::new(
                file,
                "",
                format!("progenitor's httpmock generator produced unparsable code: {e}"),
            )
        })?;
        postprocess::multipart::mock_matches_multipart_bodies(&mut tree, &multipart_bodies);
        let mut ops = ops.clone();
        if let Some(model) = &facade {
            for o in ops.iter_mut() {
                if let Some(m) = model.operations.iter().find(|m| m.id == o.id) {
                    o.mock_name = m.call.mock_name();
                }
            }
        }
        let mock_stats = postprocess::mock::apply_all(&mut tree, &ops);
        // Self-check: every path matcher the wire step wrote takes the client's ids.
        if mock_stats.path_params != mock_stats.path_matchers_widened {
            return Err(SpecError::new(
                file,
                "",
                format!(
                    "internal error: {} path matchers encode their value but {} take any \
                     displayable value; postprocess::mock::path_matchers_take_the_client_ids \
                     does not know this shape of progenitor's output",
                    mock_stats.path_params, mock_stats.path_matchers_widened
                ),
            ));
        }
        // Self-check: every reply is the core's, or one the core's cannot take.
        if mock_stats.extension_methods.is_empty() {
            return Err(SpecError::new(
                file,
                "",
                "internal error: MockServerExt is not one mock_server_ext! call; \
                 postprocess::mock::extension_is_the_cores does not know this shape of \
                 progenitor's output",
            ));
        }
        if mock_stats.then_unknown > 0 {
            return Err(SpecError::new(
                file,
                "",
                format!(
                    "internal error: {} mock replies are not the core's mock::Then; \
                     postprocess::mock::replies_are_the_cores does not know this shape of \
                     progenitor's output",
                    mock_stats.then_unknown
                ),
            ));
        }
        let body = prettyplease::unparse(&tree);
        // Self-check: no matcher is left in a shape the steps do not know.
        if let Some(what) = postprocess::mock::leftovers(&body) {
            return Err(SpecError::new(
                file,
                "",
                format!(
                    "internal error: the generated mock still holds {what}; \
                     postprocess::mock does not know this shape of progenitor's output"
                ),
            ));
        }
        // Self-check: every operation got its mock method.
        for o in &ops {
            if !mock_stats.extension_methods.contains(&o.mock_name) {
                return Err(SpecError::new(
                    file,
                    "",
                    format!("the generated mock has no method {}", o.mock_name),
                )
                .with_operation(o.id.clone()));
            }
        }
        mock_time = t.elapsed();
        timings.add("mock", mock_time);
        Some(render::mock_rs(source, &body))
    };
    let mut files = vec![
        CrateFile {
            rel_path: "Cargo.toml".into(),
            contents: render::cargo_toml(domain, source, &generated, mode),
        },
        CrateFile {
            rel_path: "README.md".into(),
            contents: skip::readme_with_skipped(render::readme(domain, source, &ops), &skipped),
        },
        CrateFile {
            rel_path: "src/lib.rs".into(),
            contents: render::lib_rs(domain, source),
        },
        CrateFile {
            rel_path: "src/generated.rs".into(),
            contents: generated,
        },
    ];
    if let Some(mock) = mock {
        files.push(CrateFile {
            rel_path: "src/mock.rs".into(),
            contents: mock,
        });
    }
    timings.add("render", t.elapsed().saturating_sub(mock_time));

    Ok((
        GeneratedCrate {
            crate_name: domain.crate_name.clone(),
            dir,
            files,
            operations: operation_names.len(),
            open_enums: stats.open_enums,
            patch_log: log.lines,
            missing_events: sliced.missing_events,
            facade,
            events,
            skipped,
            null_unreadable: null_fields.not_rewritten.clone(),
        },
        timings,
    ))
}

/// Every name that follows `prefix` in `body` up to `end` (one pass over the body, for the
/// self-checks: a `contains` per operation was quadratic in the size of a domain).
fn names_after<'a>(body: &'a str, prefix: &str, end: char) -> std::collections::HashSet<&'a str> {
    body.match_indices(prefix)
        .filter_map(|(i, _)| {
            let rest = &body[i + prefix.len()..];
            rest.find(end).map(|j| &rest[..j])
        })
        .collect()
}

/// Files whose committed contents differ from `crates`, as unified diffs.
pub fn stale_files(crates: &[GeneratedCrate]) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for c in crates {
        for f in &c.files {
            let path = c.dir.join(&f.rel_path);
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            if on_disk != f.contents {
                let diff = similar::TextDiff::from_lines(&on_disk, &f.contents)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("a/{}", path.display()),
                        &format!("b/{}", path.display()),
                    )
                    .to_string();
                out.push((path, diff));
            }
        }
    }
    out
}

/// Write every file (temp file + rename, so a crash never leaves a torn file).
pub fn write_all(crates: &[GeneratedCrate]) -> Result<(), SpecError> {
    for c in crates {
        for f in &c.files {
            let path = c.dir.join(&f.rel_path);
            write_file(&path, &f.contents)?;
        }
    }
    Ok(())
}

pub fn write_file(path: &Path, contents: &str) -> Result<(), SpecError> {
    let fail = |e: std::io::Error| SpecError::new(path, "", format!("cannot write: {e}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    let tmp = path.with_extension("xtask-tmp");
    std::fs::write(&tmp, contents).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// For `--out DIR`: a workspace manifest holding the generated crates.
pub fn out_workspace_manifest(crates: &[GeneratedCrate]) -> String {
    let members: Vec<String> = crates
        .iter()
        .map(|c| format!("    \"crates/{}\",", c.crate_name))
        .collect();
    format!(
        "{}[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        render::header("#", "a vendor spec"),
        members.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::{heaviest_first, names_after, slice_weight};
    use std::sync::Mutex;

    #[test]
    fn heaviest_first_runs_each_item_once_heaviest_first_and_keeps_index_order() {
        let started = Mutex::new(Vec::new());
        let weighed = [3, 10, 0, 7, 7].into_iter().zip(0..).collect();
        let out = heaviest_first(weighed, 1, |i: usize| {
            started.lock().expect("lock").push(i);
            i * 100
        });
        assert_eq!(
            out,
            vec![Some(0), Some(100), Some(200), Some(300), Some(400)]
        );
        // one worker: the order it took them in; equal weights keep their index order
        assert_eq!(*started.lock().expect("lock"), vec![1, 3, 4, 0, 2]);
        // more workers than items, and no items at all
        assert_eq!(
            heaviest_first(vec![(1, 0), (2, 1)], 8, |i: usize| i),
            vec![Some(0), Some(1)]
        );
        assert!(heaviest_first(Vec::<(usize, usize)>::new(), 2, |i| i).is_empty());
    }

    #[test]
    fn a_panicking_item_leaves_its_slot_empty_and_the_others_finish() {
        let weighed = [5, 4, 3, 2, 1].into_iter().zip(0..).collect();
        let out = heaviest_first(weighed, 2, |i: usize| {
            if i == 1 {
                panic!("item 1 fails");
            }
            i
        });
        assert_eq!(out, vec![Some(0), None, Some(2), Some(3), Some(4)]);
    }

    #[test]
    fn a_slice_weighs_its_operations_and_schemas() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {}, "post": {}, "parameters": []}, "/b": {"delete": {}}},
            "components": {"schemas": {"A": {}, "B": {}}}
        });
        assert_eq!(slice_weight(&doc), 5);
        assert_eq!(slice_weight(&serde_json::json!({"paths": null})), 0);
    }

    #[test]
    fn names_after_finds_each_name_once_and_only_whole_names() {
        let body = "operation_id: \"list_rooms\", x\nfn list_rooms<F>(\nfn new() -> Self\n\
                    operation_id: \"get_room\"\nfn get_room<\n F,\n>(";
        let ids = names_after(body, "operation_id: \"", '"');
        assert_eq!(ids.len(), 2);
        assert!(ids.contains("list_rooms") && ids.contains("get_room"));
        assert!(!ids.contains("list_room"));
        let fns = names_after(body, "fn ", '<');
        assert!(fns.contains("list_rooms") && fns.contains("get_room"));
        assert!(!fns.contains("new"));
        assert!(names_after("operation_id: \"unterminated", "operation_id: \"", '"').is_empty());
    }
}
