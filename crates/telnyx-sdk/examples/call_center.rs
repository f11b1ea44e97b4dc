//! A small call centre on Telnyx Call Control. At start-up it makes sure it has a support
//! number ([`setup`]): with none configured it searches for one and orders it, pointed at
//! the Call Control application; a configured number is pointed at the application if it is
//! not already. Then an axum server receives the webhooks of that application and
//!
//! - answers every incoming call (`call.initiated`);
//! - puts each caller into the `support` queue once answered (`call.answered`);
//! - texts each caller their place in the queue from the support number (`call.enqueued`);
//! - connects each agent, once answered, with the caller at the head of the queue (bridge);
//! - logs every hang-up (`call.hangup`), the delivery of each text (`message.finalized`)
//!   and the completion of a number order (`number_order.complete`).
//!
//! **Who is an agent.** Agents dial the agent line, `CALL_CENTER_AGENT_NUMBER`; every other
//! incoming call is a caller. The role is decided once, on `call.initiated`, from the called
//! (`to`) number, and travels with the call in its `client_state` (set when answering): a
//! [`Role`], encoded with `telnyx_sdk::ClientState` and read back from each event with
//! `event.client_state::<Role>()`, so `call.answered` knows what to do, and `call.enqueued`
//! whom to text (a caller's role carries their number), without any storage of our own. A
//! call whose `client_state` is not a `Role` is left alone.
//!
//! **Verification.** The SDK's axum extractor, `VerifiedEvent`, checks each webhook's
//! signature and timestamp before the handler runs: `401` for a request that is not
//! Telnyx's, `400` for one that is not an event.
//!
//! **Redelivery.** Each webhook is acknowledged only after its commands went through; when
//! one fails the server answers `500` and Telnyx delivers the webhook again. Every command
//! carries the event's id as `command_id`, so Telnyx ignores a command it already carried
//! out for that call; and an event handled once is marked so, and its redelivery answered
//! `200` at once (`WebhookReceiver::with_dedup`). A command for a call that hung up in the
//! meantime fails with a named error (`Error::is_call_gone`): the call is over, nothing to
//! retry.
//!
//! Configuration, from the environment:
//!
//! | variable                   | meaning                                                     |
//! |----------------------------|-------------------------------------------------------------|
//! | `TELNYX_API_KEY`           | API key (required)                                          |
//! | `TELNYX_PUBLIC_KEY`        | the account's webhook public key, base64 (required)         |
//! | `TELNYX_BASE_URL`          | API base URL (optional; a mock server in tests)             |
//! | `CALL_CENTER_AGENT_NUMBER` | the number agents dial, e.g. `+18005550100` (required)      |
//! | `CALL_CENTER_APPLICATION`  | id of the Call Control application (required)               |
//! | `CALL_CENTER_NUMBER`       | the support number callers dial and texts come from         |
//! |                            | (optional: without it one is searched for and ordered)      |
//! | `CALL_CENTER_COUNTRY`      | country to order a number in (optional, default `US`)       |
//! | `CALL_CENTER_LISTEN`       | listen address (optional, default `127.0.0.1:3000`)         |
//!
//! ```sh
//! TELNYX_API_KEY=... TELNYX_PUBLIC_KEY=... CALL_CENTER_AGENT_NUMBER=+18005550100 \
//!     CALL_CENTER_APPLICATION=1293384261075731499 \
//!     cargo run -p telnyx-sdk --example call_center \
//!     --features numbers,messaging
//! # then point the Call Control application's webhook URL at http://<host>/webhooks/telnyx
//! ```
//!
//! [`CallCenter`] and [`router`] are plain items, so the workspace tests
//! (`tests/tests/call_center.rs`) run this very server in-process against a mock API.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde::{Deserialize, Serialize};
use telnyx_sdk::numbers::types::{
    CreateNumberOrderRequestPhoneNumbersItem, ListAvailablePhoneNumbersFilterFeaturesItem,
};
use telnyx_sdk::webhooks::types::CallInitiatedPayloadDirection;
use telnyx_sdk::webhooks::{Event, VerifiedEvent, WebhookReceiver, WebhookVerifier};
use telnyx_sdk::{
    CallControlId, Client, ClientState, ConnectionId, Error, PhoneNumberId, QueueName,
};

/// Path the server receives webhooks on.
pub const WEBHOOK_PATH: &str = "/webhooks/telnyx";
/// The queue callers wait in.
pub const QUEUE: &str = "support";
/// How many handled webhook ids the server remembers (Telnyx delivers at least once).
pub const DEDUP_CAPACITY: usize = 10_000;

/// What a call is to the call centre; it travels with the call as its `client_state`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A call to the agent line.
    Agent,
    /// Any other incoming call, with the number it came from (texted once it waits).
    Caller {
        /// The caller's number, when the call said.
        number: Option<String>,
    },
}

impl Role {
    /// This role as a `client_state` (base64 of its JSON: `"agent"`, or
    /// `{"caller":{"number":"+1..."}}`).
    pub fn state(&self) -> Result<String, Error> {
        ClientState::encode(self)
    }
}

/// Environment variable holding the number agents dial.
pub const AGENT_NUMBER_ENV: &str = "CALL_CENTER_AGENT_NUMBER";
/// Environment variable holding the listen address.
pub const LISTEN_ENV: &str = "CALL_CENTER_LISTEN";
/// Environment variable holding the id of the Call Control application.
pub const APPLICATION_ENV: &str = "CALL_CENTER_APPLICATION";
/// Environment variable holding the support number (optional).
pub const NUMBER_ENV: &str = "CALL_CENTER_NUMBER";
/// Environment variable holding the country to order a number in (optional).
pub const COUNTRY_ENV: &str = "CALL_CENTER_COUNTRY";
const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
const DEFAULT_COUNTRY: &str = "US";

/// What the setup step needs: the Call Control application the support number must
/// route to, the number if one is configured, and where to buy one otherwise.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The Call Control application (its id is a connection id).
    pub application: ConnectionId,
    /// The support number, if configured.
    pub number: Option<String>,
    /// Country (ISO 3166-1 alpha-2) to search a number in.
    pub country: String,
}

/// Why the setup step stopped.
pub type SetupError = Box<dyn std::error::Error + Send + Sync>;

/// Makes sure the call centre has a support number routed to its application, and returns
/// it.
///
/// - A configured number is looked up among the account's numbers; when its connection is
///   not the application, the number is updated to point at it.
/// - Without one, a number that takes calls and texts is searched for in `setup.country`
///   and ordered with the application as its connection (the order completes in the
///   background; `number_order.complete` says when).
pub async fn setup(client: &Client, setup: &Setup) -> Result<String, SetupError> {
    let application = setup.application.to_string();
    if let Some(number) = &setup.number {
        let owned = client
            .phone_numbers()
            .list()
            .filter_phone_number(number.as_str())
            .send()
            .await?;
        let Some(found) = owned.data.iter().find(|n| &n.phone_number == number) else {
            return Err(format!("{number} is not one of the account's numbers").into());
        };
        if found.connection_id.as_deref() == Some(application.as_str()) {
            println!("{number} already routes to application {application}");
        } else {
            println!("{number}: pointing it at application {application}");
            client
                .phone_numbers()
                .update(&PhoneNumberId::new(found.id.to_string()))
                .body_map(|b| b.connection_id(application.clone()))
                .send()
                .await?;
        }
        return Ok(number.clone());
    }
    let found = client
        .phone_numbers()
        .search()
        .filter_country_code(setup.country.as_str())
        .filter_features(vec![
            ListAvailablePhoneNumbersFilterFeaturesItem::Voice,
            ListAvailablePhoneNumbersFilterFeaturesItem::Sms,
        ])
        .filter_limit(1)
        .send()
        .await?;
    let Some(number) = found.data.iter().find_map(|n| n.phone_number.clone()) else {
        return Err(format!(
            "no number for calls and texts available in {}",
            setup.country
        )
        .into());
    };
    let order = client
        .number_orders()
        .create()
        .body_map(|b| {
            b.phone_numbers(vec![CreateNumberOrderRequestPhoneNumbersItem {
                phone_number: number.clone(),
                bundle_id: None,
                requirement_group_id: None,
            }])
            .connection_id(application.clone())
        })
        .send()
        .await?;
    if let Some(order) = &order.data {
        println!(
            "ordered {number} for application {application}: order {} is {:?}",
            order.id.as_deref().unwrap_or_default(),
            order.status
        );
    }
    Ok(number)
}

/// The call centre: an API client, a webhook receiver, the agent line and the number texts
/// come from.
#[derive(Debug)]
pub struct CallCenter {
    client: Client,
    webhooks: WebhookReceiver,
    agent_number: String,
    queue: QueueName,
    sms_from: Option<String>,
}

impl CallCenter {
    /// A call centre whose agents dial `agent_number`; callers wait in [`QUEUE`].
    pub fn new(client: Client, verifier: WebhookVerifier, agent_number: impl Into<String>) -> Self {
        CallCenter {
            client,
            webhooks: WebhookReceiver::new(verifier).with_dedup(DEDUP_CAPACITY),
            agent_number: agent_number.into(),
            queue: QueueName::from(QUEUE),
            sms_from: None,
        }
    }

    /// Texts each caller their place in the queue from `number` (the support number).
    pub fn with_sms_from(mut self, number: impl Into<String>) -> Self {
        self.sms_from = Some(number.into());
        self
    }

    /// Acts on one verified event: the commands it needs are sent before this returns.
    pub async fn handle(&self, event: &Event) -> Result<(), Error> {
        // Telnyx ignores a repeated command_id for the same call: a redelivered webhook
        // does not answer, enqueue or bridge twice.
        let command_id = event.id().map(|id| id.to_string());
        match event {
            Event::CallInitiated(initiated) => {
                let Some(call) = &initiated.payload else {
                    return Ok(());
                };
                // Outgoing legs are the ones we dial ourselves; nothing to answer.
                if !matches!(
                    call.direction,
                    Some(CallInitiatedPayloadDirection::Incoming)
                ) {
                    return Ok(());
                }
                // the event's id is the `CallControlId` the call commands take
                let Some(id) = call.call_control_id.clone().filter(|id| !id.is_empty()) else {
                    return Ok(());
                };
                let role = if call.to.as_deref() == Some(self.agent_number.as_str()) {
                    Role::Agent
                } else {
                    Role::Caller {
                        number: call.from.clone(),
                    }
                };
                println!(
                    "incoming {role:?} call {id} from {}: answering",
                    call.from.as_deref().unwrap_or("an unknown number")
                );
                let state = role.state()?;
                self.client
                    .calls()
                    .actions(&id)
                    .answer()
                    .body_map(|b| b.client_state(state).command_id(command_id))
                    .send()
                    .await?;
            }
            Event::CallAnswered(answered) => {
                let Some(call) = &answered.payload else {
                    return Ok(());
                };
                // the event's id is the `CallControlId` the call commands take
                let Some(id) = call.call_control_id.clone().filter(|id| !id.is_empty()) else {
                    return Ok(());
                };
                match event.client_state::<Role>() {
                    Ok(Some(role @ Role::Caller { .. })) => {
                        self.enqueue_caller(&id, &role, command_id).await?
                    }
                    Ok(Some(Role::Agent)) => self.connect_agent(&id, command_id).await?,
                    Ok(None) | Err(_) => println!("call {id} answered; not one of ours"),
                }
            }
            Event::CallEnqueued(enqueued) => {
                if let Some(call) = &enqueued.payload {
                    let position = call.current_position.unwrap_or_default();
                    println!(
                        "call {} waits in {} at position {position}",
                        call.call_control_id.as_deref().unwrap_or("?"),
                        call.queue.as_deref().unwrap_or("?"),
                    );
                    if let Ok(Some(Role::Caller {
                        number: Some(caller),
                    })) = event.client_state::<Role>()
                    {
                        self.text_position(&caller, position).await?;
                    }
                }
            }
            Event::MessageFinalized(message) => {
                if let Some(sent) = &message.payload {
                    for to in &sent.to {
                        println!(
                            "text to {}: {:?}",
                            to.phone_number.as_deref().unwrap_or("?"),
                            to.status
                        );
                    }
                }
            }
            Event::NumberOrderComplete(order) => {
                let numbers: Vec<&str> = order
                    .payload
                    .phone_numbers
                    .iter()
                    .filter_map(|n| n.phone_number.as_deref())
                    .collect();
                println!(
                    "number order {}: {:?} ({})",
                    order.payload.id.as_deref().unwrap_or_default(),
                    order.payload.status,
                    numbers.join(", ")
                );
            }
            Event::CallBridged(bridged) => {
                if let Some(call) = &bridged.payload {
                    println!(
                        "call {} bridged",
                        call.call_control_id.as_deref().unwrap_or("?")
                    );
                }
            }
            Event::CallHangup(hangup) => {
                if let Some(call) = &hangup.payload {
                    let role = match event.client_state::<Role>() {
                        Ok(Some(Role::Agent)) => "agent",
                        Ok(Some(Role::Caller { .. })) => "caller",
                        Ok(None) | Err(_) => "other",
                    };
                    println!(
                        "hang-up: {role} call {} from {} to {} ({:?}, by {:?})",
                        call.call_control_id.as_deref().unwrap_or("?"),
                        call.from.as_deref().unwrap_or("?"),
                        call.to.as_deref().unwrap_or("?"),
                        call.hangup_cause,
                        call.hangup_source,
                    );
                }
            }
            other => println!("{} ignored", other.event_type()),
        }
        Ok(())
    }

    /// Puts an answered caller into the queue; the role (with the caller's number) stays
    /// the call's `client_state`, so `call.enqueued` knows whom to text.
    async fn enqueue_caller(
        &self,
        caller: &CallControlId,
        role: &Role,
        command_id: Option<String>,
    ) -> Result<(), Error> {
        println!("caller {caller}: into the {} queue", self.queue);
        let state = role.state()?;
        self.client
            .calls()
            .actions(caller)
            .enqueue()
            .body_map(|b| {
                b.queue_name(self.queue.to_string())
                    .client_state(state)
                    .command_id(command_id)
            })
            .send()
            .await?;
        Ok(())
    }

    /// Texts a waiting caller their place in the queue, from the support number (nothing
    /// when the call centre has none).
    async fn text_position(&self, caller: &str, position: i64) -> Result<(), Error> {
        let Some(from) = &self.sms_from else {
            return Ok(());
        };
        println!("texting {caller}: position {position}");
        self.client
            .messages()
            .send()
            .body_map(|b| {
                b.from(from.clone())
                    .to(caller.to_owned())
                    .text(queue_text(position))
            })
            .send()
            .await?;
        Ok(())
    }

    /// Bridges an answered agent with the caller at the head of the queue; with nobody
    /// waiting, the agent's call is ended (they call again later).
    async fn connect_agent(
        &self,
        agent: &CallControlId,
        command_id: Option<String>,
    ) -> Result<(), Error> {
        let waiting = self
            .client
            .queues()
            .calls(&self.queue)
            .list()
            .send()
            .await?;
        let next = waiting
            .data
            .iter()
            .filter(|call| call.is_alive)
            .min_by_key(|call| call.queue_position);
        let actions = self.client.calls().actions(agent);
        match next {
            Some(caller) => {
                println!(
                    "agent {agent}: bridging with {} (waited {} s)",
                    caller.call_control_id, caller.wait_time_secs
                );
                let state = Role::Agent.state()?;
                actions
                    .bridge()
                    .body_map(|b| {
                        b.call_control_id(caller.call_control_id.clone())
                            .client_state(state)
                            .command_id(command_id)
                    })
                    .send()
                    .await?;
            }
            None => {
                println!("agent {agent}: nobody is waiting; hanging up");
                actions
                    .hangup()
                    .body_map(|b| b.command_id(command_id))
                    .send()
                    .await?;
            }
        }
        Ok(())
    }
}

/// The text a waiting caller receives.
pub fn queue_text(position: i64) -> String {
    match position {
        1 => "You are next in line; an agent will be with you shortly.".to_owned(),
        n => format!("You are number {n} in line; an agent will be with you shortly."),
    }
}

/// The router's state: the call centre, and (for the extractor) its webhook receiver.
#[derive(Clone)]
struct AppState(Arc<CallCenter>);

impl FromRef<AppState> for WebhookReceiver {
    fn from_ref(state: &AppState) -> Self {
        state.0.webhooks.clone()
    }
}

/// The webhook server: `POST /webhooks/telnyx`.
pub fn router(center: Arc<CallCenter>) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .with_state(AppState(center))
}

/// Acts on a verified event (the extractor refused anything else); acknowledged once its
/// commands went through.
async fn receive(State(app): State<AppState>, mut event: VerifiedEvent) -> (StatusCode, String) {
    match app.0.handle(&event).await {
        Ok(()) => {
            event.mark_handled();
            (StatusCode::OK, String::new())
        }
        Err(error) if error.is_call_gone() => {
            // the call hung up while we were acting on it: nothing left to do
            println!(
                "{} ({:?}): the call is gone: {error}",
                event.event_type(),
                event.id()
            );
            event.mark_handled();
            (StatusCode::OK, String::new())
        }
        Err(error) => {
            // Telnyx redelivers the webhook; the command_id keeps a retry harmless.
            eprintln!("{} ({:?}): {error}", event.event_type(), event.id());
            (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let verifier = WebhookVerifier::from_env()?;
    let agent_number = std::env::var(AGENT_NUMBER_ENV)
        .map_err(|_| format!("set {AGENT_NUMBER_ENV} to the number agents dial"))?;
    let listen = std::env::var(LISTEN_ENV).unwrap_or_else(|_| DEFAULT_LISTEN.to_owned());
    let application = std::env::var(APPLICATION_ENV)
        .map_err(|_| format!("set {APPLICATION_ENV} to the Call Control application's id"))?;
    let support_number = setup(
        &client,
        &Setup {
            application: ConnectionId::new(application),
            number: std::env::var(NUMBER_ENV).ok().filter(|n| !n.is_empty()),
            country: std::env::var(COUNTRY_ENV).unwrap_or_else(|_| DEFAULT_COUNTRY.to_owned()),
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    println!("support number: {support_number}");

    let center =
        Arc::new(CallCenter::new(client, verifier, agent_number).with_sms_from(support_number));
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("call centre listening on http://{listen}{WEBHOOK_PATH}");
    axum::serve(listener, router(center)).await?;
    Ok(())
}
