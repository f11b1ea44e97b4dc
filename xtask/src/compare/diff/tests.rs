use super::*;
use serde_json::json;

fn domain() -> Domain {
    Domain {
        crate_name: "telnyx-sdk-video".into(),
        spec: "video.yaml".into(),
        keep_apart: Vec::new(),
        summary: "rooms".into(),
        version: "0.1.0".into(),
        tags: vec!["Rooms".into()],
        operations: vec![],
        events: [("room.ended".to_string(), "RoomEnded".to_string())]
            .into_iter()
            .collect(),
        schemas: Vec::new(),
        facade: Default::default(),
    }
}

/// A small API in OpenAPI 3.0 spelling.
fn v30() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/rooms": {
                "get": {
                    "operationId": "ListRooms", "tags": ["Rooms"],
                    "parameters": [
                        {"name": "page", "in": "query", "style": "deepObject",
                         "schema": {"type": "object", "properties": {"size": {"type": "integer"}}}}
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}}}
                    }}}}}
                },
                "post": {
                    "operationId": "CreateRoom", "tags": ["Rooms"],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateRoomRequest"}}}},
                    "responses": {"201": {"description": "ok"}}
                }
            },
            "/rooms/{room_id}": {
                "get": {
                    "operationId": "RetrieveRoom", "tags": ["Rooms"],
                    "parameters": [{"name": "room_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                    "responses": {"200": {"description": "ok"}}
                }
            },
            "/faxes": {"get": {"operationId": "ListFaxes", "tags": ["Fax"], "responses": {"200": {"description": "ok"}}}}
        },
        "components": {"schemas": {
            "Room": {
                "type": "object", "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "record_type": {"type": "string", "enum": ["room"]},
                    "status": {"type": "string", "enum": ["active", "ended"]},
                    "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                    "sessions": {"type": "array", "items": {"type": "object", "properties": {
                        "status": {"type": "string", "nullable": true}
                    }}}
                }
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "CreateRoomRequest": {"type": "object", "properties": {
                "unique_name": {"type": "string"},
                "max_participants": {"type": "integer", "nullable": true}
            }},
            "RoomEnded": {"type": "object", "properties": {"room_id": {"type": "string"}}}
        }}
    })
}

/// The same API in OpenAPI 3.1 spelling.
fn v31() -> Value {
    let mut doc = v30();
    doc["openapi"] = json!("3.1.0");
    let room = &mut doc["components"]["schemas"]["Room"]["properties"];
    room["record_type"] = json!({"type": "string", "const": "room"});
    room["owner"] = json!({"oneOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]});
    room["sessions"]["items"]["properties"]["status"] = json!({"type": ["string", "null"]});
    doc["components"]["schemas"]["CreateRoomRequest"]["properties"]["max_participants"] =
        json!({"anyOf": [{"type": "integer"}, {"type": "null"}]});
    doc
}

fn prepare(doc: &Value) -> Value {
    let s = crate::slice::slice(doc, Path::new("t.yaml"), &domain()).expect("slice");
    let mut out = s.doc;
    crate::normalize::normalize(&mut out);
    out
}

fn diff(old: &Value, new: &Value) -> DomainReport {
    compare("video", &domain(), &prepare(old), &prepare(new))
}

fn ats(list: &[Change]) -> Vec<&str> {
    list.iter().map(|c| c.at.as_str()).collect()
}

fn no_changes(r: &DomainReport) -> bool {
    r.all_changes().next().is_none() && r.ops_changed.is_empty()
}

#[test]
fn identical_documents_are_a_patch() {
    let r = diff(&v30(), &v30());
    assert!(no_changes(&r), "{r:#?}");
    assert_eq!(r.bump(), Level::Patch);
    assert_eq!(r.cargo_bump(), (Level::Patch, "0.1.1".to_string()));
}

#[test]
fn openapi_3_0_and_3_1_spellings_of_one_api_are_equal() {
    let r = diff(&v30(), &v31());
    assert!(no_changes(&r), "{r:#?}");
    let r = diff(&v31(), &v30());
    assert!(no_changes(&r), "{r:#?}");
}

#[test]
fn an_added_operation_is_minor() {
    let mut new = v30();
    new["paths"]["/rooms/{id}"] = json!({"delete": {"operationId": "DeleteRoom", "tags": ["Rooms"], "responses": {"204": {"description": "gone"}}}});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.ops_added), ["DELETE /rooms/{id} (DeleteRoom)"]);
    assert!(
        r.ops_removed.is_empty() && r.ops_changed.is_empty(),
        "{r:#?}"
    );
    assert_eq!(r.bump(), Level::Minor);
    assert_eq!(r.cargo_bump(), (Level::Patch, "0.1.1".to_string()));
    // And the other way round it is a removal.
    let r = diff(&new, &v30());
    assert_eq!(ats(&r.ops_removed), ["DELETE /rooms/{id} (DeleteRoom)"]);
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn a_renamed_path_parameter_is_the_same_operation() {
    let mut new = v30();
    let paths = new["paths"].as_object_mut().expect("paths");
    let mut item = paths.remove("/rooms/{room_id}").expect("item");
    item["get"]["parameters"][0]["name"] = json!("id");
    paths.insert("/rooms/{id}".into(), item);
    let r = diff(&v30(), &new);
    assert!(no_changes(&r), "{r:#?}");
}

#[test]
fn a_removed_nested_field_is_major_and_named_by_its_dotted_path() {
    let mut new = v30();
    new["components"]["schemas"]["Room"]["properties"]["sessions"]["items"]["properties"] =
        json!({});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_removed), ["Room.sessions[].status"]);
    assert_eq!(r.bump(), Level::Major);
    assert_eq!(r.cargo_bump(), (Level::Minor, "0.2.0".to_string()));
}

#[test]
fn a_removed_subtree_is_reported_once_at_its_top() {
    let mut new = v30();
    if let Some(props) = new["components"]["schemas"]["Room"]["properties"].as_object_mut() {
        props.remove("sessions");
    }
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_removed), ["Room.sessions"]);
}

#[test]
fn a_type_change_is_major() {
    let mut new = v30();
    new["components"]["schemas"]["Room"]["properties"]["id"] = json!({"type": "integer"});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_changed), ["Room.id"]);
    assert_eq!(
        r.fields_changed[0].what,
        "type string -> integer, format uuid -> (none)"
    );
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn a_nullable_change_is_major() {
    let mut new = v30();
    new["components"]["schemas"]["Room"]["properties"]["sessions"]["items"]["properties"]["status"] =
        json!({"type": "string"});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_changed), ["Room.sessions[].status"]);
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn enum_values_added_are_minor_and_removed_are_major() {
    let mut new = v30();
    new["components"]["schemas"]["Room"]["properties"]["status"]["enum"] =
        json!(["active", "ended", "paused"]);
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.enum_added), ["Room.status"]);
    assert_eq!(r.enum_added[0].what, "enum value added: paused");
    assert!(r.fields_changed.is_empty(), "{r:#?}");
    assert_eq!(r.bump(), Level::Minor);
    let r = diff(&new, &v30());
    assert_eq!(ats(&r.enum_removed), ["Room.status"]);
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn a_new_optional_request_field_is_minor_a_new_requirement_is_major() {
    let mut new = v30();
    new["components"]["schemas"]["CreateRoomRequest"]["properties"]["region"] =
        json!({"type": "string"});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_added), ["CreateRoomRequest.region"]);
    assert_eq!(r.bump(), Level::Minor);
    new["components"]["schemas"]["CreateRoomRequest"]["required"] = json!(["unique_name"]);
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_changed), ["CreateRoomRequest.unique_name"]);
    assert_eq!(r.fields_changed[0].what, "optional -> required");
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn parameter_changes_make_a_changed_operation() {
    let mut new = v30();
    new["paths"]["/rooms"]["get"]["parameters"] = json!([
        {"name": "page", "in": "query", "style": "deepObject",
         "schema": {"type": "object", "properties": {"size": {"type": "string"}, "number": {"type": "integer"}}}},
        {"name": "region", "in": "query", "schema": {"type": "string"}}
    ]);
    let r = diff(&v30(), &new);
    assert_eq!(r.ops_changed.len(), 1, "{r:#?}");
    assert_eq!(r.ops_changed[0].operation, "GET /rooms (ListRooms)");
    let lines: Vec<String> = r.ops_changed[0]
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.at, c.what))
        .collect();
    assert_eq!(
        lines,
        [
            "query param page[number]: added (integer)",
            "query param page[size]: retyped: type integer -> string",
            "query param region: added (string)",
        ]
    );
    assert_eq!(r.bump(), Level::Major);
}

#[test]
fn inline_response_fields_are_prefixed_with_the_operation() {
    let mut new = v30();
    new["paths"]["/rooms"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
        ["meta"] = json!({"type": "object"});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_added), ["ListRooms response 200.meta"]);
    assert_eq!(r.ops_changed.len(), 1);
    assert_eq!(r.bump(), Level::Minor);
}

#[test]
fn webhook_event_schemas_are_compared() {
    let mut new = v30();
    new["components"]["schemas"]["RoomEnded"]["properties"]["room_id"] = json!({"type": "integer"});
    let r = diff(&v30(), &new);
    assert_eq!(ats(&r.fields_changed), ["RoomEnded.room_id"]);
}

#[test]
fn cargo_bumps_follow_the_0x_rules() {
    assert_eq!(
        cargo_bump("0.1.0", Level::Major),
        (Level::Minor, "0.2.0".into())
    );
    assert_eq!(
        cargo_bump("0.3.2", Level::Minor),
        (Level::Patch, "0.3.3".into())
    );
    assert_eq!(
        cargo_bump("1.2.3", Level::Major),
        (Level::Major, "2.0.0".into())
    );
    assert_eq!(
        cargo_bump("1.2.3", Level::Minor),
        (Level::Minor, "1.3.0".into())
    );
    assert_eq!(
        cargo_bump("0.0.4", Level::Minor),
        (Level::Patch, "0.0.5".into())
    );
}

#[test]
fn the_summary_table_is_sorted_and_aligned() {
    let mut new = v30();
    new["components"]["schemas"]["Room"]["properties"]["id"] = json!({"type": "integer"});
    let report = Report {
        from: "a".into(),
        to: "b".into(),
        domains: vec![diff(&v30(), &new)],
    };
    let text = report.render();
    assert!(
        text.contains("domain | ops +/-/~ | fields +/-/~ | enum values +/- | bump"),
        "{text}"
    );
    assert!(
        text.contains(
            "video  | 0/0/0     | 0/0/1        | 0/0             | major (0.x: minor -> 0.2.0)"
        ),
        "{text}"
    );
    let j = report.to_json();
    assert_eq!(j["domains"][0]["counts"]["fields"], json!([0, 0, 1]));
    assert_eq!(j["domains"][0]["bump"], "major");
    assert_eq!(j["domains"][0]["cargo_bump"], "minor");
}

#[test]
fn garbage_documents_do_not_panic() {
    for doc in [
        json!(null),
        json!({"paths": []}),
        json!({"paths": {"/x": {"get": 3}}, "components": {"schemas": {"A": {"$ref": "#/nowhere"}, "B": {"allOf": [{"$ref": "#/components/schemas/B"}, 1]}}}}),
    ] {
        let r = compare("video", &domain(), &doc, &v30());
        assert!(!r.ops_added.is_empty());
    }
}
