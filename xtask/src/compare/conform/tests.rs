use super::*;
use serde_json::json;

const MANIFEST: &str = r#"
[domains.video]
crate = "telnyx-sdk-video"
spec = "video.yaml"
summary = "rooms"
tags = ["Rooms"]

[domains.queues]
crate = "telnyx-sdk-queues"
spec = "queues.yaml"
summary = "queues"
tags = ["Queue Commands"]
operations = ["EnqueueCall"]

[domains.webhooks]
crate = "telnyx-sdk-webhooks"
spec = "webhooks.yaml"
summary = "events"
[domains.webhooks.events]
"call.enqueued" = "CallEnqueuedEvent"
"#;

fn manifest() -> Manifest {
    Manifest::parse(Path::new("domains.toml"), MANIFEST).expect("test manifest")
}

/// A vendor-style document (OpenAPI 3.1 idioms) with a few operations of several domains.
fn upstream() -> Value {
    json!({
        "openapi": "3.1.0",
        "paths": {
            "/rooms": {
                "get": {
                    "operationId": "ListRooms",
                    "tags": ["Rooms"],
                    "summary": "words that must not matter",
                    "parameters": [
                        {"name": "include_sessions", "in": "query", "schema": {"type": "boolean", "example": true}},
                        {"name": "filter", "in": "query", "style": "deepObject", "explode": true,
                         "schema": {"type": "object", "properties": {
                            "date_created_at": {"type": "object", "properties": {
                                "gte": {"type": "string", "format": "date"}}},
                            "unique_name": {"type": "string"}}}},
                        {"$ref": "#/components/parameters/Page"}
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                                "meta": {"$ref": "#/components/schemas/Meta"}}}}}},
                        "4XX": {"description": "errors are ignored",
                                "content": {"application/json": {"schema": {"type": "string"}}}}
                    }
                },
                "post": {
                    "operationId": "CreateRoom",
                    "tags": ["Rooms"],
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/CreateRoomRequest"}}}},
                    "responses": {
                        "201": {"$ref": "#/components/responses/RoomResponse"},
                        "422": {"description": "ignored"}
                    }
                }
            },
            "/rooms/{room_id}": {
                "get": {
                    "operationId": "ViewRoom",
                    "tags": ["Rooms"],
                    "parameters": [{"name": "room_id", "in": "path", "required": true,
                                    "schema": {"type": "string", "format": "uuid"}}],
                    "responses": {"200": {"$ref": "#/components/responses/RoomResponse"}}
                }
            },
            "/calls/{call_control_id}/actions/enqueue": {
                "post": {
                    "operationId": "EnqueueCall",
                    "tags": ["Call Commands"],
                    "parameters": [{"name": "call_control_id", "in": "path", "required": true,
                                    "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["queue_name"],
                        "properties": {
                            "queue_name": {"type": "string"},
                            "max_wait_time_secs": {"type": "integer", "format": "int32"}}}}}},
                    "responses": {"200": {"description": "ok"}}
                }
            },
            "/calls/{call_control_id}/actions/hangup": {
                "post": {
                    "operationId": "HangupCall",
                    "tags": ["Call Commands"],
                    "responses": {"200": {"description": "ok"}}
                }
            }
        },
        "components": {
            "parameters": {
                "Page": {"name": "page", "in": "query", "style": "deepObject", "schema": {
                    "type": "object", "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "size": {"type": "integer", "maximum": 250}}}}
            },
            "responses": {
                "RoomResponse": {"description": "one room", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}
            },
            "schemas": {
                "Room": {
                    "type": "object",
                    "title": "A room",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "status": {"type": ["string", "null"], "enum": ["active", "ended", null]},
                        "record_type": {"type": "string", "const": "room"},
                        "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}
                    }
                },
                "Session": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "room": {"anyOf": [{"$ref": "#/components/schemas/Room"}, {"type": "null"}]}
                    }
                },
                "CreateRoomRequest": {
                    "type": "object",
                    "properties": {
                        "unique_name": {"type": "string", "x-internal": "ignored"},
                        "settings": {"type": "object", "properties": {
                            "max_participants": {"type": "integer"},
                            "codecs": {"type": "array", "items": {"type": "string", "enum": ["vp8", "h264"]}}
                        }}
                    }
                },
                "Meta": {"properties": {"page_number": {"type": "integer"}, "total_pages": {"type": "integer"}}},
                "EventBase": {"type": "object", "properties": {
                    "event_type": {"type": "string", "enum": ["call.enqueued"]},
                    "id": {"type": "string", "format": "uuid"}}},
                "CallEnqueuedEvent": {"type": "object", "properties": {"data": {"allOf": [
                    {"$ref": "#/components/schemas/EventBase"},
                    {"properties": {"payload": {"properties": {"queue": {"type": "string"}}}}}
                ]}}}
            }
        }
    })
}

/// Our per-domain documents: the same API written in OpenAPI 3.0 idioms.
fn ours() -> Vec<(String, Value)> {
    let room = json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "our own words"},
            "status": {"type": "string", "nullable": true, "enum": ["ended", "active"]},
            "record_type": {"type": "string", "enum": ["room"]},
            "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}
        }
    });
    let video = json!({
        "openapi": "3.0.3",
        "paths": {
            "/rooms": {
                "get": {
                    "operationId": "ListRooms",
                    "tags": ["Rooms"],
                    "parameters": [
                        {"name": "filter[unique_name]", "in": "query", "schema": {"type": "string"}},
                        {"name": "filter[date_created_at][gte]", "in": "query",
                         "schema": {"type": "string", "format": "date"}},
                        {"name": "include_sessions", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "page", "in": "query", "style": "deepObject", "schema": {
                            "type": "object", "properties": {
                                "number": {"type": "integer"}, "size": {"type": "integer"}}}}
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}},
                                "meta": {"type": "object", "properties": {
                                    "page_number": {"type": "integer"},
                                    "total_pages": {"type": "integer"}}}}}}}}
                    }
                },
                "post": {
                    "operationId": "CreateRoom",
                    "tags": ["Rooms"],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "unique_name": {"type": "string"},
                            "settings": {"type": "object", "properties": {
                                "max_participants": {"type": "integer"},
                                "codecs": {"type": "array", "items": {"type": "string", "enum": ["h264", "vp8"]}}
                            }}
                        }}}}},
                    "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}}
                }
            },
            "/rooms/{room_id}": {
                "parameters": [{"$ref": "#/components/parameters/RoomId"}],
                "get": {
                    "operationId": "ViewRoom",
                    "tags": ["Rooms"],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Room"}}}}}}}
                }
            }
        },
        "components": {
            "parameters": {
                "RoomId": {"name": "room_id", "in": "path", "required": true,
                           "schema": {"type": "string", "format": "uuid"}}
            },
            "schemas": {
                "Room": room,
                "Session": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "room": {"allOf": [{"$ref": "#/components/schemas/Room"}], "nullable": true}
                }}
            }
        }
    });
    let queues = json!({
        "openapi": "3.0.3",
        "paths": {
            "/calls/{call_control_id}/actions/enqueue": {
                "post": {
                    "operationId": "EnqueueCall",
                    "tags": ["Call Commands"],
                    "parameters": [{"name": "call_control_id", "in": "path", "required": true,
                                    "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["queue_name"],
                        "properties": {
                            "max_wait_time_secs": {"type": "integer", "format": "int32"},
                            "queue_name": {"type": "string"}}}}}},
                    "responses": {"200": {"description": "ok"}}
                }
            }
        }
    });
    let webhooks = json!({
        "openapi": "3.0.3",
        "paths": {},
        "components": {"schemas": {
            "CallEnqueuedEvent": {"type": "object", "properties": {"data": {"type": "object", "properties": {
                "event_type": {"type": "string", "enum": ["call.enqueued"]},
                "id": {"type": "string", "format": "uuid"},
                "payload": {"type": "object", "properties": {"queue": {"type": "string"}}}
            }}}}
        }}
    });
    vec![
        ("video".to_string(), video),
        ("queues".to_string(), queues),
        ("webhooks".to_string(), webhooks),
    ]
}

fn run_with(ours: &[(String, Value)]) -> Report {
    compare(ours, &upstream(), &manifest())
}

/// Our documents with the node at `pointer` of `domain`'s document replaced.
fn edited(domain: &str, pointer: &str, value: Value) -> Vec<(String, Value)> {
    let mut docs = ours();
    let doc = docs
        .iter_mut()
        .find(|(d, _)| d == domain)
        .map(|(_, doc)| doc)
        .expect("domain");
    *doc.pointer_mut(pointer).expect("pointer exists") = value;
    docs
}

#[test]
fn identical_documents_match() {
    // Each domain's document is the upstream document cut down to that domain.
    let up = upstream();
    let mut video = up.clone();
    let paths = video["paths"].as_object_mut().expect("paths");
    paths.retain(|p, _| p.starts_with("/rooms"));
    let mut queues = up.clone();
    let paths = queues["paths"].as_object_mut().expect("paths");
    paths.retain(|p, _| p.ends_with("/enqueue"));
    let mut webhooks = up.clone();
    webhooks["paths"] = json!({});
    let docs = vec![
        ("video".to_string(), video),
        ("queues".to_string(), queues),
        ("webhooks".to_string(), webhooks),
    ];
    let report = compare(&docs, &up, &manifest());
    assert_eq!(report.differences, Vec::<String>::new());
    assert_eq!((report.operations_matched, report.operations_total), (4, 4));
    assert_eq!((report.events_matched, report.events_total), (1, 1));
}

#[test]
fn the_same_api_written_in_openapi_3_0_matches() {
    let report = run_with(&ours());
    assert_eq!(report.differences, Vec::<String>::new());
    assert_eq!((report.operations_matched, report.operations_total), (4, 4));
    assert_eq!((report.events_matched, report.events_total), (1, 1));
    assert!(report.all_matched());
    assert_eq!(
        report.summary(),
        "conform: 4/4 operations, 1/1 webhook events match"
    );
}

#[test]
fn a_missing_operation_is_reported_once() {
    let mut docs = ours();
    docs[0].1["paths"]["/rooms"]
        .as_object_mut()
        .expect("path item")
        .remove("post");
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["video CreateRoom: POST /rooms: operation missing in ours"]
    );
    assert_eq!((report.operations_matched, report.operations_total), (3, 4));
    assert!(!report.all_matched());
}

#[test]
fn an_extra_operation_is_reported_as_missing_upstream() {
    let docs = edited(
        "queues",
        "/paths/~1calls~1{call_control_id}~1actions~1enqueue/post/operationId",
        json!("Enqueue"),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["queues EnqueueCall: operationId Enqueue vs EnqueueCall"]
    );
    let mut docs = ours();
    docs[1].1["paths"]["/extra"] = json!({"get": {"operationId": "Extra", "responses": {}}});
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["queues Extra: GET /extra: operation missing upstream"]
    );
    assert_eq!(report.operations_total, 5);
}

#[test]
fn a_missing_document_reports_its_operations_missing() {
    let docs: Vec<(String, Value)> = ours().into_iter().filter(|(d, _)| d != "video").collect();
    let report = run_with(&docs);
    assert_eq!(report.differences.len(), 3, "{:#?}", report.differences);
    assert!(
        report
            .differences
            .iter()
            .all(|d| d.ends_with("operation missing in ours"))
    );
    assert_eq!((report.operations_matched, report.operations_total), (1, 4));
}

#[test]
fn a_renamed_parameter_is_reported_at_both_names() {
    let docs = edited(
        "video",
        "/paths/~1rooms/get/parameters/2/name",
        json!("include_session"),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec![
            "video ListRooms: query param include_session: missing upstream",
            "video ListRooms: query param include_sessions: missing in ours",
        ]
    );
}

#[test]
fn a_required_flag_flip_is_reported() {
    let docs = edited(
        "video",
        "/components/parameters/RoomId/required",
        json!(false),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["video ViewRoom: path param room_id: required false vs true"]
    );
    // A required property dropped from a body's `required` list.
    let docs = edited(
        "queues",
        "/paths/~1calls~1{call_control_id}~1actions~1enqueue/post/requestBody/content/application~1json/schema/required",
        json!([]),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["queues EnqueueCall: request body field queue_name: required false vs true"]
    );
}

#[test]
fn a_changed_enum_set_is_reported_with_both_sides() {
    let docs = edited(
        "video",
        "/components/schemas/Room/properties/status/enum",
        json!(["active", "gone"]),
    );
    let report = run_with(&docs);
    // Room is used by three operations' responses.
    assert_eq!(
        report.differences,
        vec![
            "video CreateRoom: response 201 field data.status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
            "video ListRooms: response 200 field data[].status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
            "video ViewRoom: response 200 field data.status: enum differs; only in ours [\"gone\"]; only upstream [\"ended\"]",
        ]
    );
}

#[test]
fn a_missing_response_field_is_reported_at_its_top() {
    let mut docs = ours();
    docs[0].1["paths"]["/rooms"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        ["properties"]
        .as_object_mut()
        .expect("properties")
        .remove("meta");
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["video ListRooms: response 200 field meta: missing in ours"]
    );
}

#[test]
fn a_nested_request_field_type_change_is_reported() {
    let docs = edited(
        "video",
        "/paths/~1rooms/post/requestBody/content/application~1json/schema/properties/settings/properties/max_participants/type",
        json!("string"),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec![
            "video CreateRoom: request body field settings.max_participants: type string vs integer"
        ]
    );
}

#[test]
fn a_deep_object_leaf_change_is_reported_as_its_flat_key() {
    let docs = edited(
        "video",
        "/paths/~1rooms/get/parameters/1/schema/type",
        json!("integer"),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["video ListRooms: query param filter[date_created_at][gte]: type integer vs string",]
    );
}

#[test]
fn nullable_const_and_all_of_forms_are_equivalent() {
    let doc = json!({"components": {"schemas": {"X": {"type": "string"}}}});
    let norm = |s: Value| normalize(&doc, &s, &mut Vec::new(), 0);
    assert_eq!(
        norm(json!({"type": ["string", "null"]})),
        norm(json!({"type": "string", "nullable": true}))
    );
    assert_eq!(
        norm(json!({"oneOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]})),
        norm(json!({"type": "string", "nullable": true}))
    );
    assert_eq!(
        norm(json!({"type": "string", "const": "a"})),
        norm(json!({"type": "string", "enum": ["a"]}))
    );
    assert_eq!(
        norm(
            json!({"allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                              {"properties": {"b": {"type": "integer"}}}]})
        ),
        norm(json!({"type": "object", "required": ["a"],
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}))
    );
    // And the differences that do matter are still seen.
    assert_ne!(
        norm(json!({"type": ["string", "null"]})),
        norm(json!({"type": "string"}))
    );
    assert_ne!(
        norm(json!({"const": "a"})),
        norm(json!({"enum": ["a", "b"]}))
    );
}

#[test]
fn a_reference_cycle_terminates_and_compares_by_name() {
    let doc = json!({"components": {"schemas": {
        "Node": {"type": "object", "properties": {
            "next": {"$ref": "#/components/schemas/Node"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
        "Loop": {"$ref": "#/components/schemas/Loop"}
    }}});
    let node = normalize(
        &doc,
        &json!({"$ref": "#/components/schemas/Node"}),
        &mut Vec::new(),
        0,
    );
    assert_eq!(
        node.properties["next"].extra.stopped_at.as_deref(),
        Some("Node")
    );
    let looping = normalize(
        &doc,
        &json!({"$ref": "#/components/schemas/Loop"}),
        &mut Vec::new(),
        0,
    );
    assert_eq!(looping.extra.stopped_at.as_deref(), Some("Loop"));
    // The fixtures' Room -> Session -> Room cycle compares equal across both documents
    // (checked by `the_same_api_written_in_openapi_3_0_matches`); a cycle against a
    // plain object is a difference.
    let docs = edited(
        "video",
        "/components/schemas/Session/properties/room",
        json!({"type": "object"}),
    );
    let report = run_with(&docs);
    assert!(
        report.differences.contains(
            &"video ViewRoom: response 200 field data.sessions[].room: recursive reference (none) vs Room"
                .to_string()
        ),
        "{:#?}",
        report.differences
    );
}

#[test]
fn event_schemas_are_compared_field_by_field() {
    let docs = edited(
        "webhooks",
        "/components/schemas/CallEnqueuedEvent/properties/data/properties/payload/properties/queue",
        json!({"type": "string", "format": "uuid"}),
    );
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec![
            "webhooks event call.enqueued (CallEnqueuedEvent): payload field data.payload.queue: format uuid vs (none)"
        ]
    );
    assert_eq!((report.events_matched, report.events_total), (0, 1));
    let mut docs = ours();
    docs[2].1["components"]["schemas"] = json!({});
    let report = run_with(&docs);
    assert_eq!(
        report.differences,
        vec!["webhooks event call.enqueued (CallEnqueuedEvent): schema missing in ours"]
    );
}

#[test]
fn non_success_responses_and_prose_are_ignored() {
    let mut docs = ours();
    let get = &mut docs[0].1["paths"]["/rooms"]["get"];
    get["responses"]["500"] = json!({"description": "boom", "content": {"text/plain": {}}});
    get["description"] = json!("anything at all");
    get["x-anything"] = json!(1);
    let report = run_with(&docs);
    assert_eq!(report.differences, Vec::<String>::new());
}

#[test]
fn garbage_input_does_not_panic() {
    for junk in [
        json!(null),
        json!(42),
        json!({"paths": 3}),
        json!({"paths": {"/a": {"get": 1}}}),
        json!({"paths": {"/a": {"get": {"parameters": [{"$ref": "#/nowhere"}, 7],
                     "requestBody": {"$ref": "#/x"}, "responses": {"200": {"content": 5}}}}}}),
    ] {
        let docs = vec![("video".to_string(), junk.clone())];
        let _ = compare(&docs, &junk, &manifest());
    }
}

#[test]
fn a_date_time_format_matches_a_timestamp_the_vendor_only_shows_in_its_example() {
    let at =
        "/paths/~1rooms/post/requestBody/content/application~1json/schema/properties/unique_name";
    let with_example = |example: &str| {
        let mut up = upstream();
        up["components"]["schemas"]["CreateRoomRequest"]["properties"]["unique_name"] =
            json!({"type": "string", "example": example});
        up
    };
    let ours_as = |schema: Value| edited("video", at, schema);
    let diffs =
        |ours: Vec<(String, Value)>, up: &Value| compare(&ours, up, &manifest()).differences;
    let iso = with_example("2019-01-23T18:10:02.574Z");
    assert!(
        diffs(
            ours_as(json!({"type": "string", "format": "date-time"})),
            &iso
        )
        .is_empty()
    );
    // plain text still matches such a field, and any other format is still a difference
    assert!(diffs(ours_as(json!({"type": "string"})), &iso).is_empty());
    assert_eq!(
        diffs(ours_as(json!({"type": "string", "format": "date"})), &iso),
        vec!["video CreateRoom: request body field unique_name: format date vs (none)"]
    );
    // an example in another form does not make the field a date-time
    let rfc2822 = with_example("Thu, 15 Jun 2023 09:56:45 +0000");
    assert_eq!(
        diffs(
            ours_as(json!({"type": "string", "format": "date-time"})),
            &rfc2822
        ),
        vec!["video CreateRoom: request body field unique_name: format date-time vs (none)"]
    );
}
