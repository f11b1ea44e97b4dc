//! Contract cases for the `messaging` domain: sending messages (every sender kind), reading
//! and cancelling them, and messaging profiles with their paged lists (profiles, their
//! numbers and short codes). The plain `send` body is also checked as sent, field by field,
//! and the profile list's filter and page as they appear in the query.

use serde_json::json;
use telnyx_sdk::messaging::types::{Encoding, MessageType, ToNumber, WebhookApiVersion};
use telnyx_sdk::{Client, MessageId, MessagingProfileId};

use super::{Contract, uuid};

const FROM: &str = "+18445550001";
const CUSTOMER: &str = "+13125550147";
const PROFILE_ID: &str = "4000eba1-a0c0-4563-9925-b25e842a7cb6";
const MESSAGE_ID: &str = "40385f64-5717-4562-b3fc-2c963f66afa6";
const WEBHOOK: &str = "https://example.com/webhooks/messages";

/// Every operation of the `messaging` domain, once.
pub(super) async fn messaging(client: &Client, c: &mut Contract<'_>) {
    messages(client, c).await;
    profiles(client, c).await;
}

async fn messages(client: &Client, c: &mut Contract<'_>) {
    let text = "You are number 2 in the queue; an agent will be with you shortly.";
    c.run(
        "SendMessage",
        client
            .messages()
            .send()
            .body_map(|b| {
                b.from(FROM.to_owned())
                    .to(ToNumber::from(CUSTOMER.to_owned()))
                    .text(text.to_owned())
                    .type_(MessageType::Sms)
                    .encoding(Encoding::Auto)
                    .webhook_url(WEBHOOK.to_owned())
                    .use_profile_webhooks(false)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "SendMessage (body)",
        json!({
            "from": FROM,
            "to": CUSTOMER,
            "text": text,
            "type": "SMS",
            "encoding": "auto",
            "webhook_url": WEBHOOK,
            "use_profile_webhooks": false,
        }),
    );
    c.run(
        "SendAlphanumericSenderIdMessage",
        client
            .messages()
            .alphanumeric_sender_id()
            .body_map(|b| {
                b.from("Support")
                    .messaging_profile_id(uuid(PROFILE_ID))
                    .to(ToNumber::from("+447700900123".to_owned()))
                    .text("Your appointment is confirmed.")
            })
            .send(),
    )
    .await;
    c.expect_body(
        "SendAlphanumericSenderIdMessage (body)",
        r#"{"from":"Support","messaging_profile_id":"4000eba1-a0c0-4563-9925-b25e842a7cb6","text":"Your appointment is confirmed.","to":"+447700900123"}"#,
    );
    c.run(
        "CreateLongCodeMessage",
        client
            .messages()
            .long_code()
            .body_map(|b| {
                b.from(FROM)
                    .to(ToNumber::from(CUSTOMER.to_owned()))
                    .text(text.to_owned())
                    .type_(MessageType::Sms)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateLongCodeMessage (body)",
        r#"{"from":"+18445550001","text":"You are number 2 in the queue; an agent will be with you shortly.","to":"+13125550147","type":"SMS"}"#,
    );
    c.run(
        "CreateShortCodeMessage",
        client
            .messages()
            .short_code()
            .body_map(|b| {
                b.from("22222")
                    .to(ToNumber::from(CUSTOMER.to_owned()))
                    .text("Reply STOP to opt out.".to_owned())
                    .type_(MessageType::Sms)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateShortCodeMessage (body)",
        r#"{"from":"22222","text":"Reply STOP to opt out.","to":"+13125550147","type":"SMS"}"#,
    );
    c.run(
        "CreateNumberPoolMessage",
        client
            .messages()
            .number_pool()
            .body_map(|b| {
                b.messaging_profile_id(PROFILE_ID)
                    .to(ToNumber::from(CUSTOMER.to_owned()))
                    .text(text.to_owned())
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateNumberPoolMessage (body)",
        r#"{"messaging_profile_id":"4000eba1-a0c0-4563-9925-b25e842a7cb6","text":"You are number 2 in the queue; an agent will be with you shortly.","to":"+13125550147"}"#,
    );
    c.run(
        "CreateGroupMmsMessage",
        client
            .messages()
            .group_mms()
            .body_map(|b| {
                b.from(FROM)
                    .to(vec![
                        ToNumber::from(CUSTOMER.to_owned()),
                        ToNumber::from("+13125550148".to_owned()),
                    ])
                    .text("Team update: the support line opens at 8 am.".to_owned())
                    .media_urls(vec!["https://example.com/schedule.png".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateGroupMmsMessage (body)",
        r#"{"from":"+18445550001","media_urls":["https://example.com/schedule.png"],"text":"Team update: the support line opens at 8 am.","to":["+13125550147","+13125550148"]}"#,
    );
    c.run(
        "ScheduleMessage",
        client
            .messages()
            .schedule()
            .body_map(|b| {
                b.from(FROM.to_owned())
                    .to(ToNumber::from(CUSTOMER.to_owned()))
                    .text("Reminder: your callback is at 3 pm.".to_owned())
                    .send_at(
                        "2026-12-05T15:00:00Z"
                            .parse::<chrono::DateTime<chrono::Utc>>()
                            .expect("a time"),
                    )
            })
            .send(),
    )
    .await;
    c.expect_body(
        "ScheduleMessage (body)",
        r#"{"from":"+18445550001","send_at":"2026-12-05T15:00:00Z","text":"Reminder: your callback is at 3 pm.","to":"+13125550147"}"#,
    );
    let message = MessagingProfileId::from(uuid(MESSAGE_ID));
    c.run("GetMessage", client.messages().get(&message).send())
        .await;
    c.run("CancelMessage", client.messages().cancel(&message).send())
        .await;
    c.run(
        "GetGroupMmsMessages",
        client
            .messages()
            .group()
            .get(&MessageId::from(uuid(MESSAGE_ID)))
            .send(),
    )
    .await;
}

async fn profiles(client: &Client, c: &mut Contract<'_>) {
    let profile = MessagingProfileId::from(uuid(PROFILE_ID));
    c.run(
        "CreateMessagingProfile",
        client
            .messaging_profiles()
            .create()
            .body_map(|b| {
                b.name("Call centre")
                    .whitelisted_destinations(destinations(&["US", "CA"]))
                    .enabled(true)
                    .webhook_url(WEBHOOK.to_owned())
                    .webhook_api_version(WebhookApiVersion::X2)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateMessagingProfile (body)",
        r#"{"enabled":true,"name":"Call centre","webhook_api_version":"2","webhook_url":"https://example.com/webhooks/messages","whitelisted_destinations":["US","CA"]}"#,
    );
    c.run(
        "RetrieveMessagingProfile",
        client.messaging_profiles().get(&profile).send(),
    )
    .await;
    c.run(
        "UpdateMessagingProfile",
        client
            .messaging_profiles()
            .update(&profile)
            .body_map(|b| {
                b.name("Call centre (EU)".to_owned())
                    .whitelisted_destinations(destinations(&["US", "GB"]))
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateMessagingProfile (body)",
        r#"{"name":"Call centre (EU)","whitelisted_destinations":["US","GB"]}"#,
    );
    c.run(
        "ListMessagingProfiles",
        client
            .messaging_profiles()
            .list()
            .filter_name_contains("centre")
            .page_number(2)
            .page_size(50)
            .send(),
    )
    .await;
    c.expect_request(
        "ListMessagingProfiles (request line)",
        "GET /messaging_profiles?filter[name][contains]=centre&page[number]=2&page[size]=50",
    );
    c.run(
        "ListProfilePhoneNumbers",
        client
            .messaging_profiles()
            .phone_numbers(&profile)
            .list()
            .page_size(25)
            .send(),
    )
    .await;
    c.run(
        "ListProfileShortCodes",
        client
            .messaging_profiles()
            .short_codes(&profile)
            .list()
            .send(),
    )
    .await;
    c.run(
        "DeleteMessagingProfile",
        client.messaging_profiles().delete(&profile).send(),
    )
    .await;
}

/// Country codes as the list items the profile bodies take (each checked against the
/// pattern of a country code or `*`).
fn destinations<T>(codes: &[&str]) -> Vec<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Debug,
{
    codes
        .iter()
        .map(|code| code.parse().expect("a country code"))
        .collect()
}
