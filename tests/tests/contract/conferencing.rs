//! Contract cases for the `conferencing` domain: conferences, their participants and the
//! conference commands.

use telnyx_sdk::{Client, ConferenceId, ConferenceParticipantId};

use super::support::*;

pub(crate) async fn conferencing(client: &Client, c: &mut Contract<'_>) {
    use telnyx_sdk::conferencing::types::{
        BeepEnabled, ConferenceRegion, ConferenceSpeakRequestLanguage,
        ConferenceSpeakRequestPayloadType, ConferenceStatus, ListConferencesFilterProduct,
        ListConferencesFilterType, Loopcount, RecordFormat,
        StartConferenceRecordingRequestChannels, StartConferenceRecordingRequestTrim,
        SupervisorRole,
    };
    let conference: ConferenceId = CONFERENCE_ID.parse().expect("conference id");
    let participant = ConferenceParticipantId::new(CALL_CONTROL_ID);
    let calls = || vec![CALL_CONTROL_ID.to_owned(), OTHER_CALL_CONTROL_ID.to_owned()];
    let actions = client.conferences().actions(&conference);

    c.run(
        "ListConferences",
        client
            .conferences()
            .list()
            .filter_name("weekly-sync")
            .filter_status(ConferenceStatus::InProgress)
            .filter_product(ListConferencesFilterProduct::CallControl)
            .filter_type(ListConferencesFilterType::Command)
            .filter_failed(false)
            .filter_from("+13125550100")
            .filter_to("+13125550101")
            .filter_occurred_at_gte("2026-07-01T00:00:00Z")
            .filter_occurred_at_lt("2026-08-01T00:00:00Z")
            .filter_connection_id("1234567890")
            .filter_application_name_contains("support")
            .region(ConferenceRegion::Us)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "CreateConference",
        client
            .conferences()
            .create()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .name("weekly-sync")
                    .beep_enabled(BeepEnabled::OnEnter)
                    .client_state(CLIENT_STATE.to_owned())
                    .comfort_noise(false)
                    .command_id(COMMAND_ID.to_owned())
                    .duration_minutes(60)
                    .hold_audio_url("https://example.com/hold.wav".to_owned())
                    .max_participants(50)
                    .start_conference_on_create(true)
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ListConferenceParticipants",
        client
            .conferences()
            .participants(&conference)
            .list()
            .filter_muted(false)
            .filter_on_hold(false)
            .filter_whispering(false)
            .region(ConferenceRegion::Us)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveConference",
        client
            .conferences()
            .get(&conference)
            .region(ConferenceRegion::Europe)
            .send(),
    )
    .await;
    c.run(
        "EndConference",
        actions
            .end()
            .body_map(|b| b.command_id(COMMAND_ID.to_owned()))
            .send(),
    )
    .await;
    c.run(
        "ConferenceGatherUsingAudio",
        actions
            .gather_using_audio()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .audio_url("https://example.com/menu.wav".to_owned())
                    .invalid_audio_url("https://example.com/invalid.wav".to_owned())
                    .minimum_digits(non_zero(1))
                    .maximum_digits(non_zero(4))
                    .maximum_tries(non_zero(3))
                    .timeout_millis(60000)
                    .initial_timeout_millis(10000)
                    .inter_digit_timeout_millis(5000)
                    .terminating_digit(Some("#".to_string()))
                    .valid_digits(Some("123".to_string()))
                    .stop_playback_on_dtmf(true)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "HoldConferenceParticipants",
        actions
            .hold()
            .body_map(|b| {
                b.call_control_ids(calls())
                    .audio_url("https://example.com/hold.wav".to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "UnholdConferenceParticipants",
        actions
            .unhold()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "JoinConference",
        actions
            .join()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .beep_enabled(BeepEnabled::Always)
                    .client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
                    .end_conference_on_exit(true)
                    .soft_end_conference_on_exit(false)
                    .hold(false)
                    .mute(false)
                    .start_conference_on_enter(true)
                    .supervisor_role(SupervisorRole::Whisper)
                    .whisper_call_control_ids(vec![OTHER_CALL_CONTROL_ID.to_owned()])
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "LeaveConference",
        actions
            .leave()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .beep_enabled(BeepEnabled::Never)
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "MuteConferenceParticipants",
        actions
            .mute()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "UnmuteConferenceParticipants",
        actions
            .unmute()
            .body_map(|b| b.call_control_ids(calls()))
            .send(),
    )
    .await;
    c.run(
        "PlayConferenceAudio",
        actions
            .play()
            .body_map(|b| {
                b.audio_url("https://example.com/announcement.wav".to_owned())
                    .call_control_ids(calls())
                    .loop_(Loopcount::Integer(3))
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "StopConferenceAudio",
        actions
            .stop()
            .body_map(|b| b.call_control_ids(calls()).region(ConferenceRegion::Us))
            .send(),
    )
    .await;
    c.run(
        "StartConferenceRecording",
        actions
            .record_start()
            .body_map(|b| {
                b.format(RecordFormat::Mp3)
                    .channels(StartConferenceRecordingRequestChannels::Dual)
                    .command_id(COMMAND_ID.to_owned())
                    .custom_file_name(Some(
                        "weekly-sync".parse().expect("a valid custom file name"),
                    ))
                    .play_beep(true)
                    .trim(StartConferenceRecordingRequestTrim::TrimSilence)
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "PauseConferenceRecording",
        actions
            .record_pause()
            .body_map(|b| {
                b.command_id(COMMAND_ID.to_owned())
                    .recording_id(RECORDING_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ResumeConferenceRecording",
        actions
            .record_resume()
            .body_map(|b| {
                b.command_id(COMMAND_ID.to_owned())
                    .recording_id(RECORDING_ID.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "StopConferenceRecording",
        actions
            .record_stop()
            .body_map(|b| {
                b.client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
                    .recording_id(Some(uuid(RECORDING_ID)))
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "ConferenceSendDTMF",
        actions
            .send_dtmf()
            .body_map(|b| {
                b.digits("1234#")
                    .call_control_ids(calls())
                    .duration_millis(250)
                    .client_state(CLIENT_STATE.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "SpeakTextToConference",
        actions
            .speak()
            .body_map(|b| {
                b.payload("The meeting starts in five minutes.")
                    .payload_type(ConferenceSpeakRequestPayloadType::Text)
                    .voice("Telnyx.KokoroTTS.af")
                    .language(ConferenceSpeakRequestLanguage::EnUs)
                    .call_control_ids(calls())
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "UpdateConference",
        actions
            .update()
            .body_map(|b| {
                b.call_control_id(CALL_CONTROL_ID)
                    .supervisor_role(SupervisorRole::Whisper)
                    .whisper_call_control_ids(vec![OTHER_CALL_CONTROL_ID.to_owned()])
                    .command_id(COMMAND_ID.to_owned())
                    .region(ConferenceRegion::Us)
            })
            .send(),
    )
    .await;
    c.run(
        "RetrieveConferenceParticipant",
        client
            .conferences()
            .participants(&conference)
            .get(&participant)
            .send(),
    )
    .await;
    c.run(
        "UpdateConferenceParticipant",
        client
            .conferences()
            .participants(&conference)
            .update(&participant)
            .body_map(|b| {
                b.beep_enabled(BeepEnabled::OnExit)
                    .end_conference_on_exit(false)
                    .soft_end_conference_on_exit(true)
            })
            .send(),
    )
    .await;
}
