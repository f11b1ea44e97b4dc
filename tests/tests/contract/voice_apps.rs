//! Contract cases for the `voice_apps` domain: Call Control applications, credential
//! connections, the account's connections of every kind, and outbound voice profiles. The
//! Call Control application a call centre creates is also checked as sent, field by field.

use serde_json::json;
use telnyx_sdk::voice_apps::types::{
    CallControlApplicationAnchorsiteOverride, CallControlApplicationInbound,
    CallControlApplicationOutbound, ConnectionSort, DtmfType, ListOutboundVoiceProfilesSort,
    ServicePlan, TrafficType, UsagePaymentMethod, WebhookApiVersion,
};
use telnyx_sdk::{Client, ConnectionId};

use super::Contract;

const APPLICATION_ID: &str = "1293384261075731499";
const CONNECTION_ID: &str = "1293384261075731461";
const PROFILE_ID: &str = "1293384261075731462";
const WEBHOOK: &str = "https://example.com/webhooks/telnyx";

/// Every operation of the `voice_apps` domain, once.
pub(super) async fn voice_apps(client: &Client, c: &mut Contract<'_>) {
    applications(client, c).await;
    connections(client, c).await;
    outbound_voice_profiles(client, c).await;
}

async fn applications(client: &Client, c: &mut Contract<'_>) {
    let application = ConnectionId::new(APPLICATION_ID);
    c.run(
        "CreateCallControlApplication",
        client
            .call_control_applications()
            .create()
            .body_map(|b| {
                b.application_name("call-centre")
                    .webhook_event_url(WEBHOOK)
                    .webhook_api_version(WebhookApiVersion::X2)
                    .webhook_timeout_secs(25)
                    .anchorsite_override(CallControlApplicationAnchorsiteOverride::Latency)
                    .dtmf_type(DtmfType::Rfc2833)
                    .first_command_timeout(true)
                    .first_command_timeout_secs(10)
                    .inbound(CallControlApplicationInbound {
                        channel_limit: Some(10),
                        shaken_stir_enabled: Some(true),
                        sip_subdomain: None,
                        sip_subdomain_receive_settings: None,
                    })
                    .outbound(CallControlApplicationOutbound {
                        channel_limit: Some(10),
                        outbound_voice_profile_id: Some(PROFILE_ID.to_owned()),
                    })
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateCallControlApplication (body)",
        json!({
            "application_name": "call-centre",
            "webhook_event_url": WEBHOOK,
            "webhook_api_version": "2",
            "webhook_timeout_secs": 25,
            "anchorsite_override": "Latency",
            "dtmf_type": "RFC 2833",
            "first_command_timeout": true,
            "first_command_timeout_secs": 10,
            "inbound": {"channel_limit": 10, "shaken_stir_enabled": true},
            "outbound": {"channel_limit": 10, "outbound_voice_profile_id": PROFILE_ID},
        }),
    );
    c.run(
        "ListCallControlApplications",
        client
            .call_control_applications()
            .list()
            .filter_application_name_contains("call-centre")
            .sort(ConnectionSort::ConnectionName)
            .page_number(1)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveCallControlApplication",
        client.call_control_applications().get(&application).send(),
    )
    .await;
    c.run(
        "UpdateCallControlApplication",
        client
            .call_control_applications()
            .update(&application)
            .body_map(|b| {
                b.application_name("call-centre")
                    .webhook_event_url(WEBHOOK)
                    .webhook_event_failover_url(
                        "https://backup.example.com/webhooks/telnyx".to_owned(),
                    )
                    .active(true)
                    .tags(vec!["support".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateCallControlApplication (body)",
        r#"{"active":true,"application_name":"call-centre","tags":["support"],"webhook_event_failover_url":"https://backup.example.com/webhooks/telnyx","webhook_event_url":"https://example.com/webhooks/telnyx"}"#,
    );
    c.run(
        "DeleteCallControlApplication",
        client
            .call_control_applications()
            .delete(&application)
            .send(),
    )
    .await;
}

async fn connections(client: &Client, c: &mut Contract<'_>) {
    let connection = ConnectionId::new(CONNECTION_ID);
    c.run(
        "ListConnections",
        client
            .voice_connections()
            .list()
            .filter_connection_name_contains("support")
            .filter_outbound_voice_profile_id(PROFILE_ID)
            .sort(ConnectionSort::CreatedAt)
            .page_size(10)
            .send(),
    )
    .await;
    c.run(
        "RetrieveConnection",
        client.voice_connections().get(&connection).send(),
    )
    .await;

    c.run(
        "CreateCredentialConnection",
        client
            .credential_connections()
            .create()
            .body_map(|b| {
                b.connection_name("agents-softphones".to_owned())
                    .user_name("agentsoftphones")
                    .password("correct-horse-battery-staple")
                    .active(true)
                    .webhook_event_url(WEBHOOK.to_owned())
                    .tags(vec!["agents".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateCredentialConnection (body)",
        r#"{"active":true,"connection_name":"agents-softphones","password":"correct-horse-battery-staple","tags":["agents"],"user_name":"agentsoftphones","webhook_event_url":"https://example.com/webhooks/telnyx"}"#,
    );
    c.run(
        "ListCredentialConnections",
        client
            .credential_connections()
            .list()
            .filter_connection_name_contains("agents")
            .sort(ConnectionSort::ConnectionName)
            .send(),
    )
    .await;
    c.run(
        "RetrieveCredentialConnection",
        client.credential_connections().get(&connection).send(),
    )
    .await;
    c.run(
        "UpdateCredentialConnection",
        client
            .credential_connections()
            .update(&connection)
            .body_map(|b| {
                b.active(false)
                    .tags(vec!["agents".to_owned(), "paused".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateCredentialConnection (body)",
        r#"{"active":false,"tags":["agents","paused"]}"#,
    );
    c.run(
        "CheckRegistrationStatus",
        client
            .credential_connections()
            .actions(&connection)
            .check_registration_status()
            .send(),
    )
    .await;
    c.run(
        "DeleteCredentialConnection",
        client.credential_connections().delete(&connection).send(),
    )
    .await;
}

async fn outbound_voice_profiles(client: &Client, c: &mut Contract<'_>) {
    let profile = ConnectionId::new(PROFILE_ID);
    c.run(
        "CreateVoiceProfile",
        client
            .outbound_voice_profiles()
            .create()
            .body_map(|b| {
                b.name("call-centre-outbound")
                    .traffic_type(TrafficType::Conversational)
                    .service_plan(ServicePlan::Global)
                    .usage_payment_method(UsagePaymentMethod::RateDeck)
                    .concurrent_call_limit(10)
                    .enabled(true)
                    .whitelisted_destinations(vec!["US".to_owned(), "CA".to_owned()])
                    .daily_spend_limit("100.00".to_owned())
                    .daily_spend_limit_enabled(true)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateVoiceProfile (body)",
        r#"{"concurrent_call_limit":10,"daily_spend_limit":"100.00","daily_spend_limit_enabled":true,"enabled":true,"name":"call-centre-outbound","service_plan":"global","traffic_type":"conversational","usage_payment_method":"rate-deck","whitelisted_destinations":["US","CA"]}"#,
    );
    c.run(
        "ListOutboundVoiceProfiles",
        client
            .outbound_voice_profiles()
            .list()
            .filter_name_contains("call-centre")
            .sort(ListOutboundVoiceProfilesSort::Name)
            .page_size(10)
            .send(),
    )
    .await;
    c.run(
        "GetOutboundVoiceProfile",
        client.outbound_voice_profiles().get(&profile).send(),
    )
    .await;
    c.run(
        "UpdateOutboundVoiceProfile",
        client
            .outbound_voice_profiles()
            .update(&profile)
            .body_map(|b| b.name("call-centre-outbound").concurrent_call_limit(20))
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateOutboundVoiceProfile (body)",
        r#"{"concurrent_call_limit":20,"name":"call-centre-outbound"}"#,
    );
    c.run(
        "DeleteOutboundVoiceProfile",
        client.outbound_voice_profiles().delete(&profile).send(),
    )
    .await;
}
