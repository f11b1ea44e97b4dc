use super::*;
use crate::facade::model::{self, CallPath, IdRef, OpModel, PathParam};

fn op(id: &str, call: &str, path: &str) -> OpModel {
    let call = CallPath::parse(call).expect("call");
    let path_params = call
        .args()
        .map(|a| PathParam {
            name: a.clone(),
            id: Some(IdRef {
                name: "CallControlId".into(),
                uuid: false,
            }),
            ty: ":: std :: string :: String".into(),
        })
        .collect();
    OpModel {
        id: id.into(),
        method: "POST".into(),
        path: path.into(),
        summary: Some(format!("Does {id}")),
        builder: id.into(),
        request: id.into(),
        call,
        path_params,
        query: Vec::new(),
        body: None,
        output: "()".into(),
        list_item: None,
        cursor: false,
        paged: false,
        page_meta: Default::default(),
    }
}

fn domain(name: &str, ops: Vec<OpModel>) -> DomainModel {
    DomainModel {
        name: name.into(),
        crate_ident: format!("telnyx_sdk_{name}"),
        summary: name.into(),
        operations: ops,
    }
}

#[test]
fn a_handle_two_domains_reach_is_generated_once_with_per_domain_methods() {
    let manifest: Manifest = toml::from_str("[domains]").expect("manifest");
    let queues = domain(
        "queues",
        vec![op(
            "EnqueueCall",
            "calls.actions(call_control_id).enqueue",
            "/calls/{call_control_id}/actions/enqueue",
        )],
    );
    let calls = domain(
        "calls",
        vec![
            op(
                "AnswerCall",
                "calls.actions(call_control_id).answer",
                "/calls/{call_control_id}/actions/answer",
            ),
            op("DialCall", "calls.dial", "/calls"),
        ],
    );
    let modules = resource_modules(&[queues, calls], &manifest).expect("modules");
    let names: Vec<&str> = modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["queues", "calls", "shared"]);
    let shared = modules[2].tokens.to_string();
    assert!(shared.contains("pub struct Calls"), "{shared}");
    assert!(shared.contains("pub struct ActionsOfCall"), "{shared}");
    // each method only with its own domain's feature
    assert!(
        shared.contains("# [cfg (feature = \"queues\")] pub fn enqueue"),
        "{shared}"
    );
    assert!(
        shared.contains("# [cfg (feature = \"calls\")] pub fn answer"),
        "{shared}"
    );
    assert!(
        shared.contains("# [cfg (feature = \"calls\")] pub fn dial"),
        "{shared}"
    );
    assert_eq!(
        modules[2].features.iter().collect::<Vec<_>>(),
        ["calls", "queues"]
    );
    // the domain modules re-export the shared handles and define no copy
    let q = modules[0].tokens.to_string();
    assert!(q.contains("pub use super :: shared :: Calls"), "{q}");
    assert!(!q.contains("pub struct Calls"), "{q}");
}

#[test]
fn a_resource_reached_with_other_ids_is_an_error() {
    let manifest: Manifest = toml::from_str("[domains]").expect("manifest");
    let mut other = op(
        "Other",
        "calls.actions(x).other",
        "/calls/{x}/actions/other",
    );
    other.path_params[0].id = Some(IdRef {
        name: "QueueName".into(),
        uuid: false,
    });
    let d = domain(
        "calls",
        vec![
            op(
                "AnswerCall",
                "calls.actions(call_control_id).answer",
                "/calls/{call_control_id}/actions/answer",
            ),
            other,
        ],
    );
    let err = resource_modules(&[d], &manifest).err().expect("conflict");
    assert!(err.contains("calls.actions"), "{err}");
}

#[test]
fn a_numbered_page_reads_its_meta_as_the_response_type_has_it() {
    let mut list = op("ListThings", "things.list", "/things");
    list.list_item = Some("api :: types :: Thing".into());
    list.output = "api :: types :: ThingPage".into();
    let render = |page_meta: model::PageMeta| {
        let mut list = list.clone();
        list.page_meta = page_meta;
        request::request(&list)
            .expect("renders")
            .to_string()
            .split("fn page")
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    };
    let optional = render(model::PageMeta::default());
    assert!(
        optional
            .contains("Some (meta) => (response . data , meta . page_number , meta . total_pages)"),
        "{optional}"
    );
    let required = render(model::PageMeta {
        meta: true,
        page_number: true,
        total_pages: true,
    });
    assert!(
        required.contains(
            "let meta = response . meta ; (response . data , Some (meta . page_number) , Some (meta . total_pages))"
        ),
        "{required}"
    );
    assert!(!required.contains("None =>"), "{required}");
}
