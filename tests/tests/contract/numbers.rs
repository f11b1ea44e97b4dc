//! Contract cases for the `numbers` domain: searching for numbers, number orders (with their
//! sub orders, ordered numbers, comments and reports), reservations, and the configuration
//! of owned numbers. The bodies a call centre sends when it buys and points a number are
//! also checked field by field as sent.

use serde_json::json;
use telnyx_sdk::numbers::types::{
    CallForwarding, CallForwardingForwardingType, CnamListing, CommentRecordType,
    CreateNumberOrderRequestPhoneNumbersItem, ListAvailablePhoneNumbersFilterFeaturesItem,
    NumberStatus, PhoneNumberPhoneNumberType, PhoneNumberStatus, PhoneNumbersSort,
    ReservedPhoneNumber, UpdateRegulatoryRequirement, UsagePaymentMethod,
};
use telnyx_sdk::{
    Client, NumberOrderId, NumberOrderPhoneNumberId, NumberReservationId, PhoneNumberId,
    SubNumberOrderId, SubNumberOrdersReportId,
};

use super::{Contract, uuid};

const PHONE_NUMBER: &str = "+13125550147";
const PHONE_NUMBER_ID: &str = "1293384261075731499";
const CONNECTION_ID: &str = "1293384261075731461";
const MESSAGING_PROFILE_ID: &str = "4000eba1-a0c0-4563-9925-b25e842a7cb6";
const BILLING_GROUP_ID: &str = "f5586561-8ff0-4291-a0ac-84fe544797bd";
const NUMBER_ORDER_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c292";
const SUB_NUMBER_ORDER_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c293";
const ORDERED_NUMBER_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c294";
const RESERVATION_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c295";
const REPORT_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c296";
const COMMENT_ID: &str = "12ade33a-21c0-473b-b055-b3c836e1c297";
const REQUIREMENT_ID: &str = "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576";
const EMERGENCY_ADDRESS_ID: &str = "53829456729313";
const BUNDLE_ID: &str = "5194d8fc-87e6-4188-baa9-1c434bbe861b";

/// Every operation of the `numbers` domain, once.
pub(super) async fn numbers(client: &Client, c: &mut Contract<'_>) {
    search(client, c).await;
    orders(client, c).await;
    reservations(client, c).await;
    owned_numbers(client, c).await;
}

async fn search(client: &Client, c: &mut Contract<'_>) {
    c.run(
        "ListAvailablePhoneNumbers",
        client
            .phone_numbers()
            .search()
            .filter_country_code("US")
            .filter_locality("Chicago")
            .filter_national_destination_code("312")
            .filter_phone_number_type(PhoneNumberPhoneNumberType::Local)
            .filter_features(vec![
                ListAvailablePhoneNumbersFilterFeaturesItem::Sms,
                ListAvailablePhoneNumbersFilterFeaturesItem::Voice,
            ])
            .filter_limit(5)
            .filter_best_effort(false)
            .filter_exclude_held_numbers(true)
            .send(),
    )
    .await;
    c.run(
        "ListAvailablePhoneNumberBlocks",
        client
            .phone_numbers()
            .search_blocks()
            .filter_country_code("US")
            .filter_national_destination_code("312")
            .filter_phone_number_type(PhoneNumberPhoneNumberType::Local)
            .send(),
    )
    .await;
}

async fn orders(client: &Client, c: &mut Contract<'_>) {
    let order = NumberOrderId::new(NUMBER_ORDER_ID);
    let sub_order = SubNumberOrderId::new(SUB_NUMBER_ORDER_ID);
    let ordered = NumberOrderPhoneNumberId::new(ORDERED_NUMBER_ID);
    let comment = PhoneNumberId::new(COMMENT_ID);
    let requirement = || UpdateRegulatoryRequirement {
        requirement_id: Some(uuid(REQUIREMENT_ID)),
        field_value: Some("45f45a04-b4be-4592-95b1-9306b9db2b21".to_owned()),
    };

    c.run(
        "CreateNumberOrder",
        client
            .number_orders()
            .create()
            .body_map(|b| {
                b.phone_numbers(vec![CreateNumberOrderRequestPhoneNumbersItem {
                    phone_number: PHONE_NUMBER.to_owned(),
                    bundle_id: None,
                    requirement_group_id: None,
                }])
                .connection_id(CONNECTION_ID.to_owned())
                .messaging_profile_id(MESSAGING_PROFILE_ID.to_owned())
                .customer_reference("call-centre".to_owned())
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateNumberOrder (body)",
        json!({
            "phone_numbers": [{"phone_number": PHONE_NUMBER}],
            "connection_id": CONNECTION_ID,
            "messaging_profile_id": MESSAGING_PROFILE_ID,
            "customer_reference": "call-centre",
        }),
    );
    c.run(
        "ListNumberOrders",
        client
            .number_orders()
            .list()
            .filter_status("success")
            .filter_customer_reference("call-centre")
            .filter_created_at_gt("2026-11-01T00:00:00Z")
            .filter_requirements_met(true)
            .page_number(1)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveNumberOrder",
        client.number_orders().get(&order).send(),
    )
    .await;
    c.run(
        "UpdateNumberOrder",
        client
            .number_orders()
            .update(&order)
            .body_map(|b| {
                b.customer_reference("call-centre-2".to_owned())
                    .regulatory_requirements(vec![requirement()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateNumberOrder (body)",
        r#"{"customer_reference":"call-centre-2","regulatory_requirements":[{"field_value":"45f45a04-b4be-4592-95b1-9306b9db2b21","requirement_id":"8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"}]}"#,
    );

    c.run(
        "ListSubNumberOrders",
        client
            .sub_number_orders()
            .list()
            .filter_country_code("US")
            .filter_phone_number_type("local")
            .filter_status("success")
            .send(),
    )
    .await;
    c.run(
        "GetSubNumberOrder",
        client
            .sub_number_orders()
            .get(&sub_order)
            .filter_include_phone_numbers(true)
            .send(),
    )
    .await;
    c.run(
        "UpdateSubNumberOrder",
        client
            .sub_number_orders()
            .update(&sub_order)
            .body_map(|b| b.regulatory_requirements(vec![requirement()]))
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateSubNumberOrder (body)",
        r#"{"regulatory_requirements":[{"field_value":"45f45a04-b4be-4592-95b1-9306b9db2b21","requirement_id":"8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"}]}"#,
    );
    c.run(
        "CancelSubNumberOrder",
        client.sub_number_orders().cancel(&sub_order).send(),
    )
    .await;

    c.run(
        "RetrieveOrderPhoneNumbers",
        client
            .number_order_phone_numbers()
            .list()
            .filter_country_code("US")
            .send(),
    )
    .await;
    c.run(
        "GetNumberOrderPhoneNumber",
        client.number_order_phone_numbers().get(&ordered).send(),
    )
    .await;
    c.run(
        "UpdateNumberOrderPhoneNumber",
        client
            .number_order_phone_numbers()
            .update(&ordered)
            .body_map(|b| b.regulatory_requirements(vec![requirement()]))
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateNumberOrderPhoneNumber (body)",
        r#"{"regulatory_requirements":[{"field_value":"45f45a04-b4be-4592-95b1-9306b9db2b21","requirement_id":"8ffb3622-7c6b-4ccc-b65f-7a3dc0099576"}]}"#,
    );

    c.run(
        "CreateComment",
        client
            .comments()
            .create()
            .body_map(|b| {
                b.body("The requested address document is attached.".to_owned())
                    .comment_record_id(uuid(SUB_NUMBER_ORDER_ID))
                    .comment_record_type(
                        telnyx_sdk::numbers::types::CommentRecordType::SubNumberOrder,
                    )
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateComment (body)",
        r#"{"body":"The requested address document is attached.","comment_record_id":"12ade33a-21c0-473b-b055-b3c836e1c293","comment_record_type":"sub_number_order"}"#,
    );
    c.run(
        "ListComments",
        client
            .comments()
            .list()
            .filter_comment_record_id(SUB_NUMBER_ORDER_ID)
            .filter_comment_record_type(CommentRecordType::SubNumberOrder)
            .send(),
    )
    .await;
    c.run("RetrieveComment", client.comments().get(&comment).send())
        .await;
    c.run(
        "MarkCommentRead",
        client.comments().mark_read(&comment).send(),
    )
    .await;

    c.run(
        "CreateSubNumberOrdersReport",
        client
            .sub_number_orders_report()
            .create()
            .body_map(|b| {
                b.country_code("US".to_owned())
                    .status(NumberStatus::Success)
                    .customer_reference("call-centre".to_owned())
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateSubNumberOrdersReport (body)",
        r#"{"country_code":"US","customer_reference":"call-centre","status":"success"}"#,
    );
    c.run(
        "GetSubNumberOrdersReport",
        client
            .sub_number_orders_report()
            .get(&SubNumberOrdersReportId::from(uuid(REPORT_ID)))
            .send(),
    )
    .await;
    // the report's file: the CSV is read to its end
    c.run("DownloadSubNumberOrdersReport", async {
        let csv = client
            .sub_number_orders_report()
            .download(&SubNumberOrdersReportId::from(uuid(REPORT_ID)))
            .send()
            .await?
            .collect_bytes()
            .await?;
        if csv.is_empty() {
            // Prism answers with the document's example file, never with nothing
            return Err(telnyx_sdk::Error::InvalidRequest(
                "the CSV arrived empty".into(),
            ));
        }
        Ok(String::from_utf8_lossy(&csv).into_owned())
    })
    .await;
    c.expect_request(
        "DownloadSubNumberOrdersReport (request line)",
        &format!("GET /sub_number_orders_report/{REPORT_ID}/download"),
    );
}

async fn reservations(client: &Client, c: &mut Contract<'_>) {
    let reservation = NumberReservationId::new(RESERVATION_ID);
    c.run(
        "CreateNumberReservation",
        client
            .number_reservations()
            .create()
            .body_map(|b| {
                b.phone_numbers(vec![ReservedPhoneNumber {
                    phone_number: Some(PHONE_NUMBER.to_owned()),
                    ..Default::default()
                }])
                .customer_reference("call-centre".to_owned())
            })
            .send(),
    )
    .await;
    c.expect_body(
        "CreateNumberReservation (body)",
        json!({
            "phone_numbers": [{"phone_number": PHONE_NUMBER}],
            "customer_reference": "call-centre",
        }),
    );
    c.run(
        "ListNumberReservations",
        client
            .number_reservations()
            .list()
            .filter_status("success")
            .filter_phone_numbers_phone_number(PHONE_NUMBER)
            .page_size(10)
            .send(),
    )
    .await;
    c.run(
        "RetrieveNumberReservation",
        client.number_reservations().get(&reservation).send(),
    )
    .await;
    c.run(
        "ExtendNumberReservationExpiryTime",
        client
            .number_reservations()
            .actions(&reservation)
            .extend()
            .send(),
    )
    .await;
}

async fn owned_numbers(client: &Client, c: &mut Contract<'_>) {
    let number = PhoneNumberId::new(PHONE_NUMBER_ID);
    c.run(
        "ListPhoneNumbers",
        client
            .phone_numbers()
            .list()
            .filter_phone_number(PHONE_NUMBER)
            .filter_status(PhoneNumberStatus::Active)
            .filter_connection_id(CONNECTION_ID)
            .sort(PhoneNumbersSort::PurchasedAt)
            .page_number(1)
            .page_size(25)
            .send(),
    )
    .await;
    c.run(
        "SlimListPhoneNumbers",
        client
            .phone_numbers()
            .list_slim()
            .include_connection(true)
            .include_tags(true)
            .filter_tag("support")
            .sort(PhoneNumbersSort::PhoneNumber)
            .send(),
    )
    .await;
    c.run(
        "ListPhoneNumbersWithVoiceSettings",
        client
            .phone_numbers()
            .list_with_voice_settings()
            .filter_phone_number(PHONE_NUMBER)
            .filter_connection_name_contains("call-centre")
            .sort(PhoneNumbersSort::ConnectionName)
            .send(),
    )
    .await;
    c.run(
        "VerifyPhoneNumberOwnership",
        client
            .phone_numbers()
            .verify_ownership()
            .body_map(|b| b.phone_numbers(vec![PHONE_NUMBER.to_owned(), "+13125550148".to_owned()]))
            .send(),
    )
    .await;
    c.expect_body(
        "VerifyPhoneNumberOwnership (body)",
        r#"{"phone_numbers":["+13125550147","+13125550148"]}"#,
    );
    c.run(
        "RetrievePhoneNumber",
        client.phone_numbers().get(&number).send(),
    )
    .await;
    c.run(
        "UpdatePhoneNumber",
        client
            .phone_numbers()
            .update(&number)
            .body_map(|b| {
                b.connection_id(CONNECTION_ID.to_owned())
                    .billing_group_id(BILLING_GROUP_ID.to_owned())
                    .customer_reference("support-line".to_owned())
                    .tags(vec!["support".to_owned()])
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdatePhoneNumber (body)",
        json!({
            "connection_id": CONNECTION_ID,
            "billing_group_id": BILLING_GROUP_ID,
            "customer_reference": "support-line",
            "tags": ["support"],
        }),
    );
    c.run(
        "GetPhoneNumberVoiceSettings",
        client.phone_numbers().voice(&number).get().send(),
    )
    .await;
    c.run(
        "UpdatePhoneNumberVoiceSettings",
        client
            .phone_numbers()
            .voice(&number)
            .update()
            .body_map(|b| {
                b.tech_prefix_enabled(false)
                    .caller_id_name_enabled(true)
                    .usage_payment_method(UsagePaymentMethod::PayPerMinute)
                    .call_forwarding(CallForwarding {
                        call_forwarding_enabled: Some(true),
                        forwarding_type: Some(CallForwardingForwardingType::OnFailure),
                        forwards_to: Some("+13125550199".to_owned()),
                    })
                    .cnam_listing(CnamListing {
                        cnam_listing_enabled: Some(true),
                        cnam_listing_details: Some("SUPPORT".to_owned()),
                    })
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdatePhoneNumberVoiceSettings (body)",
        r#"{"call_forwarding":{"call_forwarding_enabled":true,"forwarding_type":"on-failure","forwards_to":"+13125550199"},"caller_id_name_enabled":true,"cnam_listing":{"cnam_listing_details":"SUPPORT","cnam_listing_enabled":true},"tech_prefix_enabled":false,"usage_payment_method":"pay-per-minute"}"#,
    );
    c.run(
        "PhoneNumberBundleStatusChange",
        client
            .phone_numbers()
            .actions(&number)
            .bundle_status_change()
            .body_map(|b| b.bundle_id(BUNDLE_ID))
            .send(),
    )
    .await;
    c.expect_body(
        "PhoneNumberBundleStatusChange (body)",
        r#"{"bundle_id":"5194d8fc-87e6-4188-baa9-1c434bbe861b"}"#,
    );
    c.run(
        "EnablePhoneNumberEmergency",
        client
            .phone_numbers()
            .actions(&number)
            .enable_emergency()
            .body_map(|b| {
                b.emergency_address_id(EMERGENCY_ADDRESS_ID)
                    .emergency_enabled(true)
            })
            .send(),
    )
    .await;
    c.expect_body(
        "EnablePhoneNumberEmergency (body)",
        r#"{"emergency_address_id":"53829456729313","emergency_enabled":true}"#,
    );
    c.run(
        "DeletePhoneNumber",
        client.phone_numbers().delete(&number).send(),
    )
    .await;
}
