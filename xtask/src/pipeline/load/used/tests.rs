use super::*;
use crate::manifest::Manifest;
use crate::slice;
use std::path::PathBuf;

fn used(text: &str, seeds: &[&str]) -> Value {
    let seeds: Vec<String> = seeds.iter().map(|s| s.to_string()).collect();
    parse_used(
        Path::new("t.yaml"),
        text,
        &every_path_item,
        |_| seeds.clone(),
        &["securitySchemes"],
    )
    .expect("parses")
}

fn full(text: &str) -> Value {
    super::super::parse(Path::new("t.yaml"), text).expect("parses")
}

const DOC: &str = "\
# a comment before anything
openapi: 3.1.0
info:
  title: t
  version: '1'
security:
- bearerAuth: []
paths:
  # a comment between path items
  /rooms:
    get:
      operationId: ListRooms
      description: |
        A block scalar whose lines look like keys:
        /fake:
        components:
      responses:
        '200':
          $ref: '#/components/responses/Rooms'
  '/rooms/{id}':
    parameters:
    - $ref: '#/components/parameters/Id'
components:
  callbacks: {}
  parameters:
    Id:
      name: id
      in: path
  responses:
    Rooms:
      description: ok
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Room~1List'
  schemas:
    Room/List:
      type: array
      items:
        $ref: '#/components/schemas/Room'
    Room:
      type: object
      required:
      - id
    Unused:
      type: string
    \"quoted: name\":
      type: integer
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
tags:
- name: Rooms
";

#[test]
fn the_cut_finds_each_entry_and_nothing_inside_a_block_scalar() {
    let outline = Outline::cut(DOC).expect("cut");
    let paths = outline.paths.expect("a block mapping");
    assert_eq!(paths.len(), 2);
    assert!(paths[0].contains("/fake:"), "{}", paths[0]);
    assert_eq!(outline.rest.len(), 4, "openapi, info, security, tags");
    assert_eq!(outline.whole_kinds, vec!["  callbacks: {}\n"]);
    let schemas: Vec<&String> = outline.components["schemas"].keys().collect();
    assert_eq!(schemas, ["Room", "Room/List", "Unused", "quoted: name"]);
}

#[test]
fn only_the_ref_closure_of_the_seeds_is_parsed_and_it_equals_the_full_parse() {
    let whole = full(DOC);
    let doc = used(DOC, &["/components/responses/Rooms"]);
    // everything but the components is there, as the full parser reads it
    for key in ["openapi", "info", "security", "tags", "paths"] {
        assert_eq!(doc[key], whole[key], "{key}");
    }
    let c = &doc["components"];
    assert_eq!(
        c["responses"]["Rooms"],
        whole["components"]["responses"]["Rooms"]
    );
    assert_eq!(
        c["schemas"]["Room/List"],
        whole["components"]["schemas"]["Room/List"]
    );
    assert_eq!(c["schemas"]["Room"], whole["components"]["schemas"]["Room"]);
    assert!(c["schemas"].get("Unused").is_none());
    assert!(c.get("parameters").is_none(), "no seed reaches it");
    assert_eq!(c["securitySchemes"], whole["components"]["securitySchemes"]);
    assert_eq!(c["callbacks"], serde_json::json!({}));
}

#[test]
fn a_quoted_name_and_a_dangling_ref_are_read_as_the_full_parser_reads_them() {
    let doc = used(
        DOC,
        &[
            "/components/schemas/quoted: name",
            "/components/schemas/Nowhere",
        ],
    );
    assert_eq!(
        doc["components"]["schemas"]["quoted: name"]["type"],
        "integer"
    );
    assert!(doc["components"]["schemas"].get("Nowhere").is_none());
}

#[test]
fn what_the_cut_cannot_read_for_certain_goes_to_the_full_parser() {
    let cases = [
        (
            "a tab in an indentation",
            DOC.replace("    get:", "\tget:"),
            true,
        ),
        ("a directive", format!("%YAML 1.2\n---\n{DOC}"), true),
        (
            "a second document",
            format!("{DOC}---\nopenapi: 3.0.0\n"),
            true,
        ),
        (
            "a duplicate component",
            DOC.replace("    Unused:", "    Room:"),
            true,
        ),
        (
            "a duplicate path item",
            DOC.replace("'/rooms/{id}'", "/rooms"),
            true,
        ),
        (
            "a path item that does not parse",
            DOC.replace("Id: ListRooms", "Id: 'ListRooms"),
            true,
        ),
        // read whole with the other top-level sections: no cut needed
        (
            "paths in flow style",
            DOC.replace("paths:\n", "paths: {}\nx-paths:\n"),
            false,
        ),
    ];
    for (what, text, gives_up) in cases {
        let doc = parse_used(
            Path::new("t.yaml"),
            &text,
            &every_path_item,
            |_| Vec::new(),
            &[],
        );
        let whole = super::super::parse(Path::new("t.yaml"), &text);
        if gives_up {
            // the full parser's answer, value or error, whatever the cut would have given
            assert_eq!(
                doc.as_ref().map_err(|e| e.to_string()),
                whole.as_ref().map_err(|e| e.to_string()),
                "{what}"
            );
        } else {
            let (doc, whole) = (doc.expect("parses"), whole.expect("parses"));
            assert_eq!(doc["x-paths"], whole["x-paths"], "{what}");
        }
        let cut = Outline::cut(&text).and_then(|o| o.parse(&every_path_item, &|_| Vec::new(), &[]));
        assert_eq!(cut.is_none(), gives_up, "{what}");
    }
}

#[test]
fn a_syntax_error_in_a_used_part_keeps_the_full_parsers_line() {
    let text = DOC.replace("      type: object", "      type: [object");
    let err = parse_used(
        Path::new("bad.yaml"),
        &text,
        &every_path_item,
        |_| vec!["/components/schemas/Room".into()],
        &[],
    )
    .expect_err("bad");
    assert!(err.to_string().starts_with("bad.yaml"), "{err}");
    let line = text
        .lines()
        .position(|l| l.contains("[object"))
        .expect("there")
        + 1;
    assert!(err.message.contains(&format!("line {line}")), "{err}");
}

#[test]
fn a_component_nothing_uses_is_not_read() {
    // what no domain reaches cannot change a slice, so it is not parsed, nor reported
    let text = DOC.replace("      type: string", "      type: [open");
    let doc = used(&text, &["/components/schemas/Room"]);
    assert!(doc["components"]["schemas"].get("Unused").is_none());
    assert!(super::super::parse(Path::new("t.yaml"), &text).is_err());
}

#[test]
fn hostile_names_fall_back_to_reading_the_key_line() {
    for name in ["'true'", "\"200\"", "'..'", "'a\\b'", "'~'", "''"] {
        let text = DOC.replace("    Unused:", &format!("    {name}:"));
        let key = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(name)
            .expect("yaml")
            .as_str()
            .expect("a string")
            .to_string();
        let seed = format!("/components/schemas/{}", crate::error::escape(&key));
        let doc = used(&text, &[&seed]);
        assert_eq!(
            doc["components"]["schemas"][&key]["type"], "string",
            "{name}"
        );
    }
}

/// The repository's manifest, and each reference spec that is present (CI has both).
fn reference_specs() -> (Manifest, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = Manifest::load(&Manifest::default_path(&root)).expect("manifest");
    let dir = std::env::var_os("TELNYX_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/reference"));
    let specs: Vec<PathBuf> = ["telnyx-openapi-2025-08.yml", "telnyx-openapi-2026-07.yml"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    assert!(
        !specs.is_empty() || std::env::var_os("CI").is_none(),
        "CI runs this test with the reference specs beside the repository"
    );
    (manifest, specs)
}

#[test]
fn every_domain_slices_the_same_from_the_used_parts_of_each_reference_spec() {
    let (manifest, specs) = reference_specs();
    for spec in specs {
        let text = std::fs::read_to_string(&spec).expect("read");
        let whole = super::super::parse(&spec, &text).expect("full parse");
        let outline = Outline::cut(&text).expect("the reference specs are cut, not sent back");
        let count = |doc: &Value, at: &str| {
            doc.pointer(at)
                .and_then(Value::as_object)
                .map_or(0, Map::len)
        };
        // each domain alone, as `regen --spec` with a manifest of one domain reads the spec
        // (the fewest path items and components), and all of them together
        let every: Vec<&crate::manifest::Domain> = manifest.domains.values().collect();
        let runs = manifest
            .domains
            .values()
            .map(|d| vec![d])
            .chain(std::iter::once(every));
        for domains in runs {
            let used = outline
                .parse(
                    &slice::might_select(&domains),
                    &|doc| domains.iter().flat_map(|d| slice::seeds(doc, d)).collect(),
                    slice::WHOLE_KINDS,
                )
                .expect("every fragment parses");
            let (all, parsed) = (
                count(&whole, "/components/schemas"),
                count(&used, "/components/schemas"),
            );
            assert!(
                parsed < all / 2,
                "{}: {parsed} of {all} schemas parsed",
                spec.display()
            );
            let (all, parsed) = (count(&whole, "/paths"), count(&used, "/paths"));
            assert!(
                parsed < all / 2,
                "{}: {parsed} of {all} path items parsed",
                spec.display()
            );
            for domain in &domains {
                let name = &domain.crate_name;
                let a = slice::slice(&whole, &spec, domain);
                let b = slice::slice(&used, &spec, domain);
                match (a, b) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(a.operations, b.operations, "{name}");
                        assert_eq!(a.missing_events, b.missing_events, "{name}");
                        assert!(
                            a.doc == b.doc,
                            "{}: {name}: the slices differ",
                            spec.display()
                        );
                    }
                    (a, b) => assert_eq!(
                        a.map(|s| s.operations).map_err(|e| e.to_string()),
                        b.map(|s| s.operations).map_err(|e| e.to_string()),
                        "{name}"
                    ),
                }
            }
        }
    }
}

#[test]
fn a_path_item_the_test_leaves_out_is_not_parsed_and_its_key_is_still_checked() {
    // `/broken` does not parse, and is left out: the document is read without it
    let text = DOC.replace(
        "paths:\n",
        "paths:\n  /broken:\n    get: [unclosed\n  /twice:\n    get: {}\n",
    );
    let only_rooms = |item: &str| item.contains("/rooms");
    let doc =
        parse_used(Path::new("t.yaml"), &text, &only_rooms, |_| Vec::new(), &[]).expect("parses");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(!paths.contains_key("/broken") && !paths.contains_key("/twice"));
    assert!(paths.keys().any(|k| k.starts_with("/rooms")), "{paths:?}");
    // a key left out twice, or left out and parsed, sends the document to the full parser
    for twice in ["  /twice:\n    get: {}\n", "  /rooms:\n    get: {}\n"] {
        let text = text
            .replace("  /broken:\n    get: [unclosed\n", "")
            .replacen("paths:\n", &format!("paths:\n{twice}"), 1);
        let used = parse_used(Path::new("t.yaml"), &text, &only_rooms, |_| Vec::new(), &[]);
        let full = super::super::parse(Path::new("t.yaml"), &text);
        assert_eq!(used.ok(), full.ok(), "{twice}");
    }
}

/// `text` read with every component the full parser finds named as a seed: the same value.
fn assert_reads_like_the_full_parser(what: &str, text: &str) {
    let whole = full(text);
    let mut seeds = Vec::new();
    for (kind, named) in whole["components"].as_object().into_iter().flatten() {
        for name in named.as_object().into_iter().flat_map(Map::keys) {
            seeds.push(crate::error::pointer(["components", kind, name]));
        }
    }
    let doc = parse_used(
        Path::new("t.yaml"),
        text,
        &every_path_item,
        |_| seeds.clone(),
        &[],
    )
    .expect(what);
    assert_eq!(doc, whole, "{what}");
}

#[test]
fn every_shape_of_entry_reads_as_the_full_parser_reads_it() {
    let cases = [
        ("the fixture", DOC.to_string()),
        ("CRLF line ends", DOC.replace('\n', "\r\n")),
        ("no final line end", DOC.trim_end().to_string()),
        (
            "an empty paths and an empty kind",
            "openapi: 3.1.0\npaths:\ncomponents:\n  schemas:\n  responses: {}\n".into(),
        ),
        (
            "no components",
            "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n".into(),
        ),
        (
            "a block scalar holding a marker and a comment",
            "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      description: |\n        ---\n        # kept\n        ...\n    B:\n      type: string\n"
                .into(),
        ),
        (
            "comments at column 0 and blank lines between components",
            "openapi: 3.1.0\ncomponents:\n  schemas:\n\n# one\n    A:\n      type: string\n# two\n\n    B:\n      type: integer\n".into(),
        ),
        (
            "flow values on the key line and over lines",
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {type: string}\n    B: {type: string,\n      format: uuid}\n    C: [1,\n      2]\n".into(),
        ),
        (
            "sequences at an entry's own indentation",
            "openapi: 3.1.0\npaths:\n  /a:\n    parameters:\n    - name: x\n      in: query\n    get:\n      tags:\n      - T\ncomponents:\n  schemas:\n    A:\n      required:\n      - x\n".into(),
        ),
    ];
    for (what, text) in cases {
        assert_reads_like_the_full_parser(what, &text);
    }
}

#[test]
fn shapes_that_fool_the_cut_go_to_the_full_parser() {
    let cases = [
        (
            "a kind both as a block and inline",
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {operationId: A, responses: {'200': {$ref: '#/components/responses/R'}}}\ncomponents:\n  responses:\n    R: {description: ok}\n  responses: {}\n",
        ),
        (
            "a quoted scalar continued at column 0, in a component nothing uses",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Unused:\n      description: \"a\nsecurity: b\"\n",
        ),
        (
            "a flow sequence continued at column 0",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Unused:\n      enum: [a,\nservers: b]\n",
        ),
        (
            "a quoted scalar continued at the indentation of kinds",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    Unused:\n      description: 'a\n  securitySchemes: x'\n",
        ),
        (
            "a quoted scalar continued at column 0 in the last path item",
            "openapi: 3.0.3\npaths:\n  /a:\n    description: \"a\nservers: b\"\n",
        ),
        (
            "a lone carriage return",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {}\r    B: {type: string}\n",
        ),
        (
            "a line separator",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {}\u{2028}servers: []\n",
        ),
        (
            "a paragraph separator",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {}\u{2029}servers: []\n",
        ),
        (
            "a next-line character",
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {}\u{85}servers: []\n",
        ),
        (
            "an anchor name used twice, the alias in another top-level entry",
            "openapi: 3.0.3\ninfo: &i {title: a, version: '1'}\npaths:\n  /p: &i {}\nservers: [*i]\n",
        ),
        ("nothing but a comment", "# nothing\n"),
    ];
    for (what, text) in cases {
        let seeds = |_: &Value| vec!["/components/responses/R".to_string()];
        let doc = parse_used(
            Path::new("t.yaml"),
            text,
            &every_path_item,
            seeds,
            &["securitySchemes"],
        );
        let whole = super::super::parse(Path::new("t.yaml"), text);
        assert_eq!(
            doc.as_ref().map_err(|e| e.to_string()),
            whole.as_ref().map_err(|e| e.to_string()),
            "{what}"
        );
        let cut = Outline::cut(text)
            .and_then(|o| o.parse(&every_path_item, &seeds, &["securitySchemes"]));
        assert!(cut.is_none(), "{what}: the cut should have given up");
    }
}
