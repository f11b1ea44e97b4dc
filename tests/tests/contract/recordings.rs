//! Contract cases for the `recordings` domain: call recordings, their transcriptions, and a
//! connection's custom storage credentials (11 operations).

use telnyx_sdk::recordings::types::{
    AzureConfigurationData, Configuration, CustomStorageConfiguration,
    CustomStorageConfigurationBackend, GcsConfigurationData,
};
use telnyx_sdk::{Client, ConnectionId, RecordingId, RecordingTranscriptionId};

use super::{CALL_CONTROL_ID, Contract, uuid};

const RECORDING_ID: &str = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
const OTHER_RECORDING_ID: &str = "29a5e8e8-3a0d-4bbd-9d4e-5c1e3f0a7b62";
const TRANSCRIPTION_ID: &str = "6e9c5a7b-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
const CONNECTION_ID: &str = "1293384261075731461";

/// Every operation of the `recordings` domain, once.
pub(super) async fn recordings(client: &Client, c: &mut Contract<'_>) {
    let recording = RecordingId::new(RECORDING_ID);
    let transcription: RecordingTranscriptionId = TRANSCRIPTION_ID.parse().expect("a uuid");
    let connection = ConnectionId::new(CONNECTION_ID);

    c.run(
        "GetRecordings",
        client
            .recordings()
            .list()
            .filter_call_control_id(CALL_CONTROL_ID)
            .filter_created_at_gte("2026-11-01T00:00:00Z")
            .filter_created_at_lte("2026-11-30T23:59:59Z")
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run("GetRecording", client.recordings().get(&recording).send())
        .await;
    c.run(
        "DeleteRecording",
        client.recordings().delete(&recording).send(),
    )
    .await;
    c.run(
        "DeleteRecordings",
        client
            .recordings()
            .delete_many()
            .body_map(|b| b.ids(vec![RECORDING_ID.to_owned(), OTHER_RECORDING_ID.to_owned()]))
            .send(),
    )
    .await;
    c.expect_body(
        "DeleteRecordings (body)",
        r#"{"ids":["428c31b6-7af4-4bcb-b7f5-5013ef9657c1","29a5e8e8-3a0d-4bbd-9d4e-5c1e3f0a7b62"]}"#,
    );

    c.run(
        "getRecordingTranscriptions",
        client
            .recording_transcriptions()
            .list()
            .filter_recording_id(uuid(RECORDING_ID))
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "getRecordingTranscription",
        client.recording_transcriptions().get(&transcription).send(),
    )
    .await;
    c.run(
        "deleteRecordingTranscription",
        client
            .recording_transcriptions()
            .delete(&transcription)
            .send(),
    )
    .await;

    let storage = client.custom_storage_credentials();
    c.run(
        "CreateCustomStorageCredentials",
        storage.create(&connection).body(s3_storage()).send(),
    )
    .await;
    c.expect_body(
        "CreateCustomStorageCredentials (body)",
        r#"{"backend":"s3","configuration":{"backend":"s3","bucket":"call-recordings",
            "region":"us-east-1","aws_access_key_id":"AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}"#,
    );
    c.run(
        "GetCustomStorageCredentials",
        storage.get(&connection).send(),
    )
    .await;
    c.run(
        "UpdateCustomStorageCredentials",
        storage.update(&connection).body(s3_storage()).send(),
    )
    .await;
    c.expect_body(
        "UpdateCustomStorageCredentials (body)",
        r#"{"backend":"s3","configuration":{"backend":"s3","aws_access_key_id":"AKIAIOSFODNN7EXAMPLE","aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","bucket":"call-recordings","region":"us-east-1"}}"#,
    );
    // the other members of the storage union, built as typed values (S3 is sent above)
    c.run(
        "UpdateCustomStorageCredentials (storage gcs)",
        storage
            .update(&connection)
            .body(CustomStorageConfiguration {
                backend: CustomStorageConfigurationBackend::Gcs,
                configuration: Configuration::Gcs(GcsConfigurationData {
                    bucket: Some("call-recordings".to_owned()),
                    credentials: Some(r#"{"type":"service_account"}"#.to_owned()),
                    ..Default::default()
                }),
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateCustomStorageCredentials (storage gcs, body)",
        r#"{"backend":"gcs","configuration":{"backend":"gcs","bucket":"call-recordings","credentials":"{\"type\":\"service_account\"}"}}"#,
    );
    c.run(
        "UpdateCustomStorageCredentials (storage azure)",
        storage
            .update(&connection)
            .body(CustomStorageConfiguration {
                backend: CustomStorageConfigurationBackend::Azure,
                configuration: Configuration::Azure(AzureConfigurationData {
                    account_name: Some("callcentre".to_owned()),
                    account_key: Some("a2V5LWZvci10ZXN0cw==".to_owned()),
                    bucket: Some("recordings".to_owned()),
                    ..Default::default()
                }),
            })
            .send(),
    )
    .await;
    c.expect_body(
        "UpdateCustomStorageCredentials (storage azure, body)",
        r#"{"backend":"azure","configuration":{"backend":"azure","account_key":"a2V5LWZvci10ZXN0cw==","account_name":"callcentre","bucket":"recordings"}}"#,
    );
    c.run(
        "DeleteCustomStorageCredentials",
        storage.delete(&connection).send(),
    )
    .await;
}

/// An S3 bucket as a connection's recording storage, from its JSON form: the configuration
/// is a union tagged by `backend`, so the S3 member is the one decoded.
fn s3_storage() -> CustomStorageConfiguration {
    serde_json::from_value(serde_json::json!({
        "backend": "s3",
        "configuration": {
            "backend": "s3",
            "bucket": "call-recordings",
            "region": "us-east-1",
            "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        },
    }))
    .expect("a custom storage configuration")
}
