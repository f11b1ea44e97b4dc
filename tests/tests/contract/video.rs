//! Contract cases for the `video` domain: rooms, sessions, participants, recordings,
//! compositions and client tokens.

use telnyx_sdk::{
    Client, RoomCompositionId, RoomId, RoomParticipantId, RoomRecordingId, RoomSessionId,
};

use super::support::*;

pub(crate) async fn video(client: &Client, c: &mut Contract<'_>) {
    use telnyx_sdk::video::types::{
        ActionsParticipantsRequestParticipants, ActionsParticipantsRequestParticipantsString,
        RoomCompositionStatus, VideoRegion,
    };
    let room: RoomId = ROOM_ID.parse().expect("room id");
    let session: RoomSessionId = SESSION_ID.parse().expect("session id");
    let participant: RoomParticipantId = PARTICIPANT_ID.parse().expect("participant id");
    let recording: RoomRecordingId = RECORDING_ID.parse().expect("recording id");
    let composition: RoomCompositionId = COMPOSITION_ID.parse().expect("composition id");

    // Rooms
    c.run(
        "ListRooms",
        client
            .rooms()
            .list()
            .filter_date_created_at_gte(date(2026, 1, 1))
            .filter_date_created_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 1))
            .filter_unique_name("standup")
            .include_sessions(true)
            .page_number(2)
            .page_size(25)
            .send(),
    )
    .await;
    c.run(
        "CreateRoom",
        client
            .rooms()
            .create()
            .body_map(|b| {
                b.unique_name("standup".to_owned())
                    .max_participants(10)
                    .enable_recording(true)
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_event_failover_url(Some(
                        "https://failover.example.com/webhooks".to_string(),
                    ))
                    .webhook_timeout_secs(25)
            })
            .send(),
    )
    .await;
    c.run(
        "ViewRoom",
        client.rooms().get(&room).include_sessions(true).send(),
    )
    .await;
    c.run(
        "UpdateRoom",
        client
            .rooms()
            .update(&room)
            .body_map(|b| {
                b.unique_name("standup-2".to_owned())
                    .max_participants(20)
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_timeout_secs(10)
            })
            .send(),
    )
    .await;
    c.run("DeleteRoom", client.rooms().delete(&room).send())
        .await;
    c.run(
        "RetrieveListRoomSessions",
        client
            .rooms()
            .sessions(&room)
            .list()
            .filter_active(true)
            .filter_date_created_at_gte(date(2026, 1, 1))
            .filter_date_ended_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 1))
            .include_participants(true)
            .page_number(1)
            .page_size(10)
            .send(),
    )
    .await;

    // Client tokens
    c.run(
        "CreateRoomClientToken",
        client
            .rooms()
            .client_tokens(&room)
            .generate()
            .body_map(|b| b.token_ttl_secs(600).refresh_token_ttl_secs(3600))
            .send(),
    )
    .await;
    c.run(
        "RefreshRoomClientToken",
        client
            .rooms()
            .client_tokens(&room)
            .refresh()
            .body_map(|b| {
                b.refresh_token("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZWZyZXNoIn0.c2lnbmF0dXJl")
                    .token_ttl_secs(600)
            })
            .send(),
    )
    .await;

    // Sessions
    c.run(
        "ListRoomSessions",
        client
            .room_sessions()
            .list()
            .filter_active(false)
            .filter_room_id(ROOM_ID)
            .filter_date_created_at_eq(date(2026, 7, 1))
            .filter_date_ended_at_gte(date(2026, 7, 1))
            .filter_date_updated_at_lte(date(2026, 7, 31))
            .include_participants(true)
            .page_number(2)
            .page_size(50)
            .send(),
    )
    .await;
    c.run(
        "ViewRoomSession",
        client
            .room_sessions()
            .get(&session)
            .include_participants(true)
            .send(),
    )
    .await;
    c.run("EndSession", client.room_sessions().end(&session).send())
        .await;
    let everyone = || {
        Some(ActionsParticipantsRequestParticipants::String(
            ActionsParticipantsRequestParticipantsString::All,
        ))
    };
    c.run(
        "KickParticipantInSession",
        client
            .room_sessions()
            .kick(&session)
            .body_map(|b| {
                b.participants(everyone())
                    .exclude(vec![uuid(PARTICIPANT_ID)])
            })
            .send(),
    )
    .await;
    c.run(
        "MuteParticipantInSession",
        client
            .room_sessions()
            .mute(&session)
            .body_map(|b| {
                b.participants(Some(ActionsParticipantsRequestParticipants::Array(vec![
                    uuid(PARTICIPANT_ID),
                ])))
            })
            .send(),
    )
    .await;
    c.run(
        "UnmuteParticipantInSession",
        client
            .room_sessions()
            .unmute(&session)
            .body_map(|b| b.participants(everyone()))
            .send(),
    )
    .await;
    c.run(
        "RetrieveListRoomParticipants",
        client
            .room_sessions()
            .participants(&session)
            .list()
            .filter_context("Alice")
            .filter_date_joined_at_gte(date(2026, 7, 1))
            .filter_date_left_at_lte(date(2026, 7, 31))
            .filter_date_updated_at_eq(date(2026, 7, 2))
            .page_number(1)
            .page_size(20)
            .send(),
    )
    .await;

    // Participants
    c.run(
        "ListRoomParticipants",
        client
            .room_participants()
            .list()
            .filter_context("Alice")
            .filter_session_id(SESSION_ID)
            .filter_date_joined_at_eq(date(2026, 7, 1))
            .filter_date_left_at_gte(date(2026, 7, 1))
            .filter_date_updated_at_lte(date(2026, 7, 31))
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "ViewRoomParticipant",
        client.room_participants().get(&participant).send(),
    )
    .await;

    // Recordings
    c.run(
        "ListRoomRecordings",
        client
            .room_recordings()
            .list()
            .filter_date_started_at_gte(date(2026, 7, 1))
            .filter_date_ended_at_lte(date(2026, 7, 31))
            .filter_duration_secs(60)
            .filter_room_id(uuid(ROOM_ID))
            .filter_session_id(uuid(SESSION_ID))
            .filter_participant_id(uuid(PARTICIPANT_ID))
            .filter_status("completed")
            .filter_type("audio")
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "DeleteRoomRecordings",
        client
            .room_recordings()
            .delete_many()
            .filter_date_started_at_eq(date(2026, 7, 1))
            .filter_date_ended_at_gte(date(2026, 7, 1))
            .filter_room_id(uuid(ROOM_ID))
            .filter_status("completed")
            .filter_type("video")
            .page_number(1)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "ViewRoomRecording",
        client.room_recordings().get(&recording).send(),
    )
    .await;
    c.run(
        "DeleteRoomRecording",
        client.room_recordings().delete(&recording).send(),
    )
    .await;

    // Compositions
    c.run(
        "ListRoomCompositions",
        client
            .room_compositions()
            .list()
            .filter_date_created_at_gte(date(2026, 7, 1))
            .filter_date_created_at_lte(date(2026, 7, 31))
            .filter_session_id(uuid(SESSION_ID))
            .filter_status(RoomCompositionStatus::Completed)
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    let region = VideoRegion::try_from(
        VideoRegion::builder()
            .x_pos(0)
            .y_pos(0)
            .z_pos(1)
            .height(720)
            .width(1280)
            .max_columns(Some(non_zero(2)))
            .max_rows(Some(non_zero(2)))
            .video_sources(vec![uuid(PARTICIPANT_ID)]),
    )
    .expect("video region");
    c.run(
        "CreateRoomComposition",
        client
            .room_compositions()
            .create()
            .body_map(|b| {
                b.session_id(uuid(SESSION_ID))
                    .format(Some("mp4".to_string()))
                    .resolution(Some("1280x720".to_string()))
                    .video_layout(
                        [("first".to_owned(), region)]
                            .into_iter()
                            .collect::<std::collections::HashMap<_, _>>(),
                    )
                    .webhook_event_url("https://example.com/webhooks".to_owned())
                    .webhook_event_failover_url(Some(
                        "https://failover.example.com/webhooks".to_string(),
                    ))
                    .webhook_timeout_secs(25)
            })
            .send(),
    )
    .await;
    c.run(
        "ViewRoomComposition",
        client.room_compositions().get(&composition).send(),
    )
    .await;
    c.run(
        "DeleteRoomComposition",
        client.room_compositions().delete(&composition).send(),
    )
    .await;
}
