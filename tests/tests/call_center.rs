//! The call-centre example (`crates/telnyx-sdk/examples/call_center.rs`) end to end: its
//! setup step (order a support number, or point a configured one at the application) runs
//! first; then its axum router runs in-process, receives webhooks signed with `TestSigner`,
//! and talks to Prism serving the vendor spec through a recording proxy.
//!
//! For each webhook the test checks the HTTP status the example answers and the exact
//! commands it sent (method, path, the body fields that matter, `command_id` = the event's
//! id); Prism validates every request against the spec and answers an invalid one with
//! `422`, which the example reports as `500`, and the test also fails on any violation
//! Prism logged. Badly signed or stale webhooks must be refused without a command.
//!
//! Without `../shared/reference`, Prism serves the project's own `openapi/` documents (the
//! test output says which); `TELNYX_SKIP_PRISM=1` skips, and says so.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};
use telnyx_sdk::Client;
use telnyx_sdk::webhooks::{TestSigner, WebhookVerifier};
use telnyx_sdk_tests::capture::{RawRequest, RecordingProxy};
use telnyx_sdk_tests::prism::{self, Prism};

#[allow(dead_code)]
#[path = "../../crates/telnyx-sdk/examples/call_center.rs"]
mod call_center;

use call_center::{CallCenter, QUEUE, Role, Setup, WEBHOOK_PATH, queue_text};
use telnyx_sdk::ConnectionId;

const AGENT_LINE: &str = "+18005550100";
const SUPPORT_LINE: &str = "+18005550123";
const CUSTOMER: &str = "+13125550147";
const AGENT_PHONE: &str = "+13125550199";
const CALLER_CALL: &str = "v3:caller-leg-7b61621f62e04aadab119fd19e272e74";
const AGENT_CALL: &str = "v3:agent-leg-5a7f3b2c1d4e4f6a9b8c7d6e5f4a3b2c";
const CONNECTION_ID: &str = "1293384261075731461";

/// Plays Telnyx: sends signed webhooks to the example's server and reads back, through
/// the recording proxy and Prism's log, what the example sent.
struct Telnyx<'a> {
    http: reqwest::Client,
    url: String,
    signer: TestSigner,
    proxy: &'a RecordingProxy,
    prism: &'a Prism,
}

impl Telnyx<'_> {
    /// Delivers `body` signed now, asserts the server's status and returns the commands
    /// the example sent while handling it. A wrong status fails with what Prism said.
    async fn deliver(&self, step: &str, body: &Value, status: u16) -> Vec<Command> {
        let bytes = serde_json::to_vec(body).expect("event JSON");
        let signed = self.signer.sign_now(&bytes);
        self.deliver_raw(step, bytes, signed.pairs(), status).await
    }

    /// Delivers `body` with the given signature headers.
    async fn deliver_raw(
        &self,
        step: &str,
        body: Vec<u8>,
        headers: [(&'static str, &str); 2],
        status: u16,
    ) -> Vec<Command> {
        let mark = self.prism.log_mark();
        let _ = self.proxy.take_requests();
        let got = self.post(body, headers).await;
        let sent = commands(self.proxy.take_requests());
        if got != status {
            // Prism may write its log a moment after it answered.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            panic!(
                "{step}: the example answered {got}, expected {status}\n  commands sent: {sent:?}\n  Prism: {}",
                self.prism.violations_since(mark).join("; ")
            );
        }
        sent
    }

    async fn post(&self, body: Vec<u8>, headers: [(&'static str, &str); 2]) -> u16 {
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request
            .send()
            .await
            .expect("the example's server answers")
            .status()
            .as_u16()
    }
}

/// A webhook body as Telnyx sends it: `{"data": {event_type, id, occurred_at, payload, ...}}`.
fn event(event_type: &str, id: &str, payload: Value) -> Value {
    json!({
        "data": {
            "record_type": "event",
            "event_type": event_type,
            "id": id,
            "occurred_at": "2026-11-30T12:00:00.000000Z",
            "payload": payload,
        },
        "meta": { "attempt": 1, "delivered_to": "https://example.com/webhooks/telnyx" }
    })
}

/// The payload fields every call event has.
fn leg(call_control_id: &str, from: &str, to: &str) -> Value {
    json!({
        "call_control_id": call_control_id,
        "call_leg_id": format!("leg-{call_control_id}"),
        "call_session_id": "428c31b6-7af4-4bcb-b7f5-5013ef9657c1",
        "connection_id": CONNECTION_ID,
        "from": from,
        "to": to,
    })
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut base, extra) {
        base.extend(extra);
    }
    base
}

/// One command as sent: request line and JSON body.
#[derive(Debug)]
struct Command {
    method: String,
    path: String,
    body: Value,
}

fn commands(requests: Vec<RawRequest>) -> Vec<Command> {
    requests
        .into_iter()
        .map(|r| {
            let mut parts = r.line.split(' ');
            let method = parts.next().unwrap_or_default().to_owned();
            let target = parts.next().unwrap_or_default();
            let path = target.split('?').next().unwrap_or_default().to_owned();
            let body = if r.body.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&r.body)
                    .unwrap_or_else(|e| panic!("{} sent a body that is not JSON: {e}", r.line))
            };
            Command { method, path, body }
        })
        .collect()
}

/// Asserts one command: method, path, and that `fields` are in its body with these values.
fn assert_command(step: &str, command: &Command, method: &str, path: &str, fields: &Value) {
    assert_eq!(
        (command.method.as_str(), command.path.as_str()),
        (method, path),
        "{step}: unexpected command {command:?}"
    );
    if let Value::Object(fields) = fields {
        for (name, value) in fields {
            assert_eq!(
                command.body.get(name),
                Some(value),
                "{step}: `{name}` of {method} {path}; body sent: {}",
                command.body
            );
        }
    }
}

#[test]
fn call_center_example_against_prism() {
    let Some((prism, source)) = prism::start_for_test(Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        return;
    };
    let proxy = RecordingProxy::start(prism.addr()).expect("start the recording proxy");
    let client = Client::builder()
        .api_key("KEY_call_center")
        .base_url(proxy.base_url())
        .max_retries(0)
        .build()
        .expect("client");
    let signer = TestSigner::from_secret_key(&[42; 32]);
    // What `TELNYX_PUBLIC_KEY` would hold for this signer.
    let verifier = WebhookVerifier::new(&signer.public_key_base64()).expect("public key");
    let center =
        Arc::new(CallCenter::new(client.clone(), verifier, AGENT_LINE).with_sms_from(SUPPORT_LINE));
    // the `client_state` of each role: base64 of `"agent"`, and of the caller's role with
    // their number
    let caller_state = Role::Caller {
        number: Some(CUSTOMER.to_owned()),
    }
    .state()
    .expect("caller state");
    let agent_state = Role::Agent.state().expect("agent state");
    assert_eq!(agent_state, "ImFnZW50Ig==");
    assert_eq!(
        telnyx_sdk::ClientState::try_decode::<Role>(&caller_state).expect("caller state decodes"),
        Role::Caller {
            number: Some(CUSTOMER.to_owned())
        }
    );

    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let delivered = tokio.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, call_center::router(center)).await;
        });
        let telnyx = Telnyx {
            http: reqwest::Client::new(),
            url: format!("http://{addr}{WEBHOOK_PATH}"),
            signer,
            proxy: &proxy,
            prism: &prism,
        };
        let mark = prism.log_mark();
        let mut delivered = 0;

        // 0. Setup: without a configured number, one is searched for and ordered with the
        //    application as its connection; a configured number is pointed at the
        //    application. The test asks Prism itself what the search and the list answer.
        setup_orders_a_number(&client, &proxy).await;
        setup_points_a_configured_number(&client, &proxy).await;

        // 1. A customer calls the support line: answered as a caller.
        let step = "caller's call.initiated";
        let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
        let body = event(
            "call.initiated",
            id,
            with(
                leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                json!({"direction": "incoming", "state": "parked"}),
            ),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert_eq!(sent.len(), 1, "{step}: one answer, got {sent:?}");
        assert_command(
            step,
            &sent[0],
            "POST",
            &format!("/calls/{CALLER_CALL}/actions/answer"),
            &json!({"client_state": caller_state, "command_id": id}),
        );
        delivered += 1;

        // 2. The caller's call is answered: into the support queue.
        let step = "caller's call.answered";
        let id = "6b1e1b3e-9f3b-4c1f-8d3a-2a1b0c9d8e7f";
        let answered = event(
            "call.answered",
            id,
            with(
                leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                json!({"client_state": caller_state, "state": "answered"}),
            ),
        );
        let enqueue = json!({"queue_name": QUEUE, "command_id": id});
        let sent = telnyx.deliver(step, &answered, 200).await;
        assert_eq!(sent.len(), 1, "{step}: one enqueue, got {sent:?}");
        assert_command(
            step,
            &sent[0],
            "POST",
            &format!("/calls/{CALLER_CALL}/actions/enqueue"),
            &enqueue,
        );
        delivered += 1;

        // 3. Telnyx delivers the same webhook again: the example remembers it handled that
        //    event (the extractor's dedup) and acknowledges it without a command (had it
        //    forgotten, the same command_id would make Telnyx ignore the repeat).
        let step = "redelivered call.answered";
        let sent = telnyx.deliver(step, &answered, 200).await;
        assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
        delivered += 1;

        // 4. call.enqueued: the caller (named by the call's client_state) is texted their
        //    place in the queue from the support number.
        let step = "call.enqueued";
        let body = event(
            "call.enqueued",
            "5e2b4c6d-8f0a-4b2c-9d4e-6f8a0b2c4d6e",
            with(
                leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                json!({
                    "client_state": caller_state,
                    "queue": QUEUE,
                    "current_position": 2,
                    "queue_avg_wait_time_secs": 60,
                }),
            ),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert_eq!(sent.len(), 1, "{step}: one text, got {sent:?}");
        assert_command(step, &sent[0], "POST", "/messages", &Value::Null);
        assert_eq!(
            sent[0].body,
            json!({"from": SUPPORT_LINE, "to": CUSTOMER, "text": queue_text(2)}),
            "{step}: the text as sent"
        );
        assert_eq!(
            queue_text(2),
            "You are number 2 in line; an agent will be with you shortly."
        );
        delivered += 1;

        // 4b. The text's delivery report and a completed number order are only logged.
        let step = "message.finalized";
        let body = event(
            "message.finalized",
            "86f58db9-0fe3-4adc-9d1f-46e66e6e9323",
            json!({
                "id": "40385f64-5717-4562-b3fc-2c963f66afa6",
                "record_type": "message",
                "direction": "outbound",
                "type": "SMS",
                "from": {"phone_number": SUPPORT_LINE},
                "to": [{"phone_number": CUSTOMER, "status": "delivered"}],
                "text": queue_text(2),
                "parts": 1,
            }),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
        delivered += 1;
        let step = "number_order.complete";
        let body = event(
            "number_order.complete",
            "d578b093-a0e7-4b64-b0d3-6b689a6ff170",
            json!({
                "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
                "record_type": "number_order",
                "status": "success",
                "connection_id": CONNECTION_ID,
                "phone_numbers_count": 1,
                "phone_numbers": [{"phone_number": SUPPORT_LINE, "status": "success"}],
            }),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
        delivered += 1;

        // 5. An agent calls the agent line: answered as an agent.
        let step = "agent's call.initiated";
        let id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        let body = event(
            "call.initiated",
            id,
            with(
                leg(AGENT_CALL, AGENT_PHONE, AGENT_LINE),
                json!({"direction": "incoming", "state": "parked"}),
            ),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert_eq!(sent.len(), 1, "{step}: one answer, got {sent:?}");
        assert_command(
            step,
            &sent[0],
            "POST",
            &format!("/calls/{AGENT_CALL}/actions/answer"),
            &json!({"client_state": agent_state, "command_id": id}),
        );
        delivered += 1;

        // 6. The agent's call is answered: bridged with the head of the support queue,
        //    which the test looks up itself (Prism answers with the spec's example).
        let step = "agent's call.answered";
        let waiting = client
            .queues()
            .calls(&QUEUE.into())
            .list()
            .send()
            .await
            .expect("the support queue");
        let head = waiting
            .data
            .iter()
            .filter(|call| call.is_alive)
            .min_by_key(|call| call.queue_position)
            .expect("Prism's example has a waiting call")
            .call_control_id
            .clone();
        let id = "7b61621f-62e0-4aad-ab11-9fd19e272e74";
        let body = event(
            "call.answered",
            id,
            with(
                leg(AGENT_CALL, AGENT_PHONE, AGENT_LINE),
                json!({"client_state": agent_state, "state": "answered"}),
            ),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert_eq!(
            sent.len(),
            2,
            "{step}: list the queue, then bridge; got {sent:?}"
        );
        assert_command(
            step,
            &sent[0],
            "GET",
            &format!("/queues/{QUEUE}/calls"),
            &Value::Null,
        );
        assert_command(
            step,
            &sent[1],
            "POST",
            &format!("/calls/{AGENT_CALL}/actions/bridge"),
            &json!({"call_control_id": head, "client_state": agent_state, "command_id": id}),
        );
        delivered += 1;

        // 7. Hang-ups are logged, nothing is sent.
        let step = "call.hangup";
        let body = event(
            "call.hangup",
            "891510ac-f3e4-11e8-af5b-de00688a4901",
            with(
                leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                json!({
                    "client_state": caller_state,
                    "hangup_cause": "normal_clearing",
                    "hangup_source": "caller",
                    "sip_hangup_cause": "200",
                    "state": "hangup",
                }),
            ),
        );
        let sent = telnyx.deliver(step, &body, 200).await;
        assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
        delivered += 1;

        // 8. Calls that are not ours to handle: an outgoing leg, an answered call with
        //    someone else's client_state, an event type the SDK does not know.
        let not_ours = [
            (
                "outgoing call.initiated",
                event(
                    "call.initiated",
                    "1edb94f9-7ef0-4150-b502-e0ebadfd9491",
                    with(
                        leg(AGENT_CALL, SUPPORT_LINE, CUSTOMER),
                        json!({"direction": "outgoing", "state": "bridging"}),
                    ),
                ),
            ),
            (
                "call.answered with another client_state",
                event(
                    "call.answered",
                    "d444781a-0f8a-46d0-841b-c033bc0ba255",
                    with(
                        leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                        json!({"client_state": "c29tZW9uZSBlbHNl"}),
                    ),
                ),
            ),
            (
                "an unknown event type",
                event(
                    "call.teleported",
                    "b42d3263-c423-4e7f-bf46-18ec0fd957b3",
                    json!({"call_control_id": CALLER_CALL}),
                ),
            ),
        ];
        for (step, body) in &not_ours {
            let sent = telnyx.deliver(step, body, 200).await;
            assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
            delivered += 1;
        }

        // 9. Webhooks that do not verify are refused with 401, and nothing is sent: a body
        //    changed after signing, another key's signature, a replayed (stale) delivery.
        let genuine = serde_json::to_vec(&event(
            "call.initiated",
            "82fd982e-d357-4fdb-b537-5223e27a57ff",
            with(
                leg(CALLER_CALL, CUSTOMER, SUPPORT_LINE),
                json!({"direction": "incoming"}),
            ),
        ))
        .expect("event JSON");
        let tampered = String::from_utf8(genuine.clone())
            .expect("UTF-8")
            .replace(SUPPORT_LINE, AGENT_LINE)
            .into_bytes();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let hour_ago = i64::try_from(now).expect("seconds fit") - 3_600;
        let signed = telnyx.signer.sign_now(&genuine);
        let forged = TestSigner::from_secret_key(&[7; 32]).sign_now(&genuine);
        let stale = telnyx.signer.sign(&genuine, hour_ago);
        let refused = [
            ("a body changed after signing", tampered, signed.pairs()),
            ("another key's signature", genuine.clone(), forged.pairs()),
            ("a delivery an hour old", genuine.clone(), stale.pairs()),
        ];
        for (step, body, headers) in refused {
            let sent = telnyx.deliver_raw(step, body, headers, 401).await;
            assert!(sent.is_empty(), "{step}: no command, got {sent:?}");
            delivered += 1;
        }

        // Every command was accepted (the example answered 200); Prism must not have
        // flagged anything either. It may write its log a moment after it answered.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mut violations = prism.violations_since(mark);
        if let prism::SpecSource::Own(_) = source {
            violations.retain(|v| !prism::is_own_spec_artifact(v));
        }
        assert!(
            violations.is_empty(),
            "Prism flagged requests of the call-centre example:\n{}",
            violations.join("\n")
        );
        delivered
    });
    prism::announce(&format!(
        "call_center: {delivered} signed webhooks delivered to examples/call_center.rs; its commands checked and accepted by Prism"
    ));
}

/// The setup step without a configured number: one search, one order.
async fn setup_orders_a_number(client: &Client, proxy: &RecordingProxy) {
    let step = "setup without a number";
    let available = client
        .phone_numbers()
        .search()
        .filter_country_code("US")
        .send()
        .await
        .expect("a search");
    let first = available
        .data
        .iter()
        .find_map(|n| n.phone_number.clone())
        .expect("Prism's example has an available number");
    let _ = proxy.take_requests();
    let number = call_center::setup(
        client,
        &Setup {
            application: ConnectionId::new(CONNECTION_ID),
            number: None,
            country: "US".to_owned(),
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{step}: {e}"));
    assert_eq!(number, first, "{step}: the number ordered is the one found");
    let sent = commands(proxy.take_requests());
    assert_eq!(sent.len(), 2, "{step}: a search and an order, got {sent:?}");
    assert_command(
        step,
        &sent[0],
        "GET",
        "/available_phone_numbers",
        &Value::Null,
    );
    assert_command(step, &sent[1], "POST", "/number_orders", &Value::Null);
    assert_eq!(
        sent[1].body,
        json!({"phone_numbers": [{"phone_number": first}], "connection_id": CONNECTION_ID}),
        "{step}: the order as sent"
    );
}

/// The setup step with a configured number: found among the account's numbers, and
/// pointed at the application unless it already routes there.
async fn setup_points_a_configured_number(client: &Client, proxy: &RecordingProxy) {
    let step = "setup with a number";
    let owned = client
        .phone_numbers()
        .list()
        .send()
        .await
        .expect("the account's numbers");
    let number = owned
        .data
        .first()
        .expect("Prism's example has an owned number")
        .clone();
    let _ = proxy.take_requests();
    let configured = call_center::setup(
        client,
        &Setup {
            application: ConnectionId::new(CONNECTION_ID),
            number: Some(number.phone_number.clone()),
            country: "US".to_owned(),
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{step}: {e}"));
    assert_eq!(configured, number.phone_number);
    let sent = commands(proxy.take_requests());
    assert_command(step, &sent[0], "GET", "/phone_numbers", &Value::Null);
    if number.connection_id.as_deref() == Some(CONNECTION_ID) {
        assert_eq!(sent.len(), 1, "{step}: already routed, got {sent:?}");
    } else {
        assert_eq!(sent.len(), 2, "{step}: a list and an update, got {sent:?}");
        assert_command(
            step,
            &sent[1],
            "PATCH",
            &format!("/phone_numbers/{}", number.id),
            &Value::Null,
        );
        assert_eq!(
            sent[1].body,
            json!({"connection_id": CONNECTION_ID}),
            "{step}: the update as sent"
        );
    }
}
