//! Video: rooms, room sessions, participants, recordings, compositions and client tokens
//! (feature `video`).
//!
//! Start from [`Client::rooms`], [`Client::room_sessions`], [`Client::room_participants`],
//! [`Client::room_recordings`] or [`Client::room_compositions`]. Response and body types live
//! in [`crate::video::types`].

use std::num::NonZeroU64;

use chrono::NaiveDate;
use telnyx_sdk_video as api;
use telnyx_sdk_video::types;
use uuid::Uuid;

use crate::Client;
use crate::ids::{RoomCompositionId, RoomId, RoomParticipantId, RoomRecordingId, RoomSessionId};

impl Client {
    /// Video rooms: list, create, fetch, update, delete; a room's sessions and client tokens.
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client) -> Result<(), telnyx_sdk::Error> {
    /// let room = client
    ///     .rooms()
    ///     .create()
    ///     .body_map(|b| b.unique_name("standup".to_string()).max_participants(10))
    ///     .send()
    ///     .await?;
    /// if let Some(id) = room.data.and_then(|r| r.id) {
    ///     client.rooms().delete(&id.into()).send().await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn rooms(&self) -> Rooms<'_> {
        Rooms { client: self }
    }

    /// Room sessions: list, fetch, end, and act on their participants.
    pub fn room_sessions(&self) -> RoomSessions<'_> {
        RoomSessions { client: self }
    }

    /// Room participants across sessions: list and fetch.
    pub fn room_participants(&self) -> RoomParticipants<'_> {
        RoomParticipants { client: self }
    }

    /// Room recordings: list, fetch, delete one or many.
    pub fn room_recordings(&self) -> RoomRecordings<'_> {
        RoomRecordings { client: self }
    }

    /// Room compositions: list, create, fetch, delete.
    pub fn room_compositions(&self) -> RoomCompositions<'_> {
        RoomCompositions { client: self }
    }
}

/// Video rooms; see [`Client::rooms`].
#[derive(Clone, Copy, Debug)]
pub struct Rooms<'c> {
    client: &'c Client,
}

impl<'c> Rooms<'c> {
    /// Lists rooms, with filters and pagination.
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client) -> Result<(), telnyx_sdk::Error> {
    /// use futures::TryStreamExt;
    /// let since = chrono::NaiveDate::from_ymd_opt(2021, 4, 25).unwrap_or_default();
    /// let rooms: Vec<_> = client
    ///     .rooms()
    ///     .list()
    ///     .filter_date_created_at_gte(since)
    ///     .page_size(100)
    ///     .stream()
    ///     .try_collect()
    ///     .await?;
    /// # let _ = rooms;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListRooms {
        ListRooms::new(self.client)
    }

    /// Creates a room; set its fields with `.body(..)` or `.body_map(..)`.
    pub fn create(&self) -> CreateRoom {
        CreateRoom::new(self.client)
    }

    /// Fetches one room.
    pub fn get(&self, room_id: &RoomId) -> GetRoom {
        GetRoom::new(self.client, room_id)
    }

    /// Updates a room; set the changes with `.body(..)` or `.body_map(..)`.
    pub fn update(&self, room_id: &RoomId) -> UpdateRoom {
        UpdateRoom::new(self.client, room_id)
    }

    /// Deletes a room.
    pub fn delete(&self, room_id: &RoomId) -> DeleteRoom {
        DeleteRoom::new(self.client, room_id)
    }

    /// The sessions of one room.
    pub fn sessions(&self, room_id: &RoomId) -> SessionsOfRoom<'c> {
        SessionsOfRoom {
            client: self.client,
            room_id: room_id.clone(),
        }
    }

    /// Client tokens of one room (for joining it from a browser or app).
    pub fn client_tokens(&self, room_id: &RoomId) -> ClientTokens<'c> {
        ClientTokens {
            client: self.client,
            room_id: room_id.clone(),
        }
    }
}

/// The sessions of one room; see [`Rooms::sessions`].
#[derive(Clone, Debug)]
pub struct SessionsOfRoom<'c> {
    client: &'c Client,
    room_id: RoomId,
}

impl SessionsOfRoom<'_> {
    /// Lists the sessions of this room.
    pub fn list(&self) -> ListSessionsOfRoom {
        ListSessionsOfRoom::new(self.client, &self.room_id)
    }
}

/// Client tokens of one room; see [`Rooms::client_tokens`].
#[derive(Clone, Debug)]
pub struct ClientTokens<'c> {
    client: &'c Client,
    room_id: RoomId,
}

impl ClientTokens<'_> {
    /// Creates a token (and a refresh token) to join this room.
    pub fn generate(&self) -> GenerateClientToken {
        GenerateClientToken::new(self.client, &self.room_id)
    }

    /// Exchanges a refresh token for a new client token.
    pub fn refresh(&self) -> RefreshClientToken {
        RefreshClientToken::new(self.client, &self.room_id)
    }
}

/// Room sessions; see [`Client::room_sessions`].
#[derive(Clone, Copy, Debug)]
pub struct RoomSessions<'c> {
    client: &'c Client,
}

impl<'c> RoomSessions<'c> {
    /// Lists room sessions.
    pub fn list(&self) -> ListRoomSessions {
        ListRoomSessions::new(self.client)
    }

    /// Fetches one room session.
    pub fn get(&self, session_id: &RoomSessionId) -> GetRoomSession {
        GetRoomSession::new(self.client, session_id)
    }

    /// Ends a room session for everyone in it.
    pub fn end(&self, session_id: &RoomSessionId) -> EndRoomSession {
        EndRoomSession::new(self.client, session_id)
    }

    /// Removes participants from a session; choose them with `.body_map(..)`.
    pub fn kick(&self, session_id: &RoomSessionId) -> KickParticipants {
        KickParticipants::new(self.client, session_id)
    }

    /// Mutes participants of a session; choose them with `.body_map(..)`.
    pub fn mute(&self, session_id: &RoomSessionId) -> MuteParticipants {
        MuteParticipants::new(self.client, session_id)
    }

    /// Unmutes participants of a session; choose them with `.body_map(..)`.
    pub fn unmute(&self, session_id: &RoomSessionId) -> UnmuteParticipants {
        UnmuteParticipants::new(self.client, session_id)
    }

    /// The participants of one session.
    pub fn participants(&self, session_id: &RoomSessionId) -> SessionParticipants<'c> {
        SessionParticipants {
            client: self.client,
            room_session_id: session_id.clone(),
        }
    }
}

/// The participants of one room session; see [`RoomSessions::participants`].
#[derive(Clone, Debug)]
pub struct SessionParticipants<'c> {
    client: &'c Client,
    room_session_id: RoomSessionId,
}

impl SessionParticipants<'_> {
    /// Lists the participants of this session.
    pub fn list(&self) -> ListSessionParticipants {
        ListSessionParticipants::new(self.client, &self.room_session_id)
    }
}

/// Room participants; see [`Client::room_participants`].
#[derive(Clone, Copy, Debug)]
pub struct RoomParticipants<'c> {
    client: &'c Client,
}

impl RoomParticipants<'_> {
    /// Lists room participants.
    pub fn list(&self) -> ListRoomParticipants {
        ListRoomParticipants::new(self.client)
    }

    /// Fetches one room participant.
    pub fn get(&self, participant_id: &RoomParticipantId) -> GetRoomParticipant {
        GetRoomParticipant::new(self.client, participant_id)
    }
}

/// Room recordings; see [`Client::room_recordings`].
#[derive(Clone, Copy, Debug)]
pub struct RoomRecordings<'c> {
    client: &'c Client,
}

impl RoomRecordings<'_> {
    /// Lists room recordings.
    pub fn list(&self) -> ListRoomRecordings {
        ListRoomRecordings::new(self.client)
    }

    /// Fetches one room recording.
    pub fn get(&self, recording_id: &RoomRecordingId) -> GetRoomRecording {
        GetRoomRecording::new(self.client, recording_id)
    }

    /// Deletes one room recording.
    pub fn delete(&self, recording_id: &RoomRecordingId) -> DeleteRoomRecording {
        DeleteRoomRecording::new(self.client, recording_id)
    }

    /// Deletes every room recording that matches the filters set on the request.
    pub fn delete_many(&self) -> DeleteRoomRecordings {
        DeleteRoomRecordings::new(self.client)
    }
}

/// Room compositions; see [`Client::room_compositions`].
#[derive(Clone, Copy, Debug)]
pub struct RoomCompositions<'c> {
    client: &'c Client,
}

impl RoomCompositions<'_> {
    /// Lists room compositions.
    pub fn list(&self) -> ListRoomCompositions {
        ListRoomCompositions::new(self.client)
    }

    /// Starts a composition; set its fields with `.body_map(..)`.
    pub fn create(&self) -> CreateRoomComposition {
        CreateRoomComposition::new(self.client)
    }

    /// Fetches one room composition.
    pub fn get(&self, composition_id: &RoomCompositionId) -> GetRoomComposition {
        GetRoomComposition::new(self.client, composition_id)
    }

    /// Deletes one room composition.
    pub fn delete(&self, composition_id: &RoomCompositionId) -> DeleteRoomComposition {
        DeleteRoomComposition::new(self.client, composition_id)
    }
}

list_operation! {
    /// Lists rooms (`GET /rooms`).
    ListRooms => ListRooms -> types::ListRoomsResponse, item types::Room;
    path {}
    query {
        filter_date_created_at_eq: NaiveDate,
        filter_date_created_at_gte: NaiveDate,
        filter_date_created_at_lte: NaiveDate,
        filter_date_updated_at_eq: NaiveDate,
        filter_date_updated_at_gte: NaiveDate,
        filter_date_updated_at_lte: NaiveDate,
        filter_unique_name: String,
        include_sessions: bool,
    }
}

operation! {
    /// Creates a room (`POST /rooms`).
    CreateRoom => CreateRoom -> types::CreateRoomResponse;
    path {}
    query {}
    body: CreateRoomRequest;
}

operation! {
    /// Fetches one room (`GET /rooms/{room_id}`).
    GetRoom => ViewRoom -> types::ViewRoomResponse;
    path { room_id: RoomId }
    query {
        include_sessions: bool,
    }
}

operation! {
    /// Updates a room (`PATCH /rooms/{room_id}`).
    UpdateRoom => UpdateRoom -> types::UpdateRoomResponse;
    path { room_id: RoomId }
    query {}
    body: PatchRoomRequest;
}

operation! {
    /// Deletes a room (`DELETE /rooms/{room_id}`).
    DeleteRoom => DeleteRoom -> ();
    path { room_id: RoomId }
    query {}
}

list_operation! {
    /// Lists the sessions of one room (`GET /rooms/{room_id}/sessions`).
    ListSessionsOfRoom => RetrieveListRoomSessions -> types::RetrieveListRoomSessionsResponse, item types::RoomSession;
    path { room_id: RoomId }
    query {
        filter_active: bool,
        filter_date_created_at_eq: NaiveDate,
        filter_date_created_at_gte: NaiveDate,
        filter_date_created_at_lte: NaiveDate,
        filter_date_ended_at_eq: NaiveDate,
        filter_date_ended_at_gte: NaiveDate,
        filter_date_ended_at_lte: NaiveDate,
        filter_date_updated_at_eq: NaiveDate,
        filter_date_updated_at_gte: NaiveDate,
        filter_date_updated_at_lte: NaiveDate,
        include_participants: bool,
    }
}

operation! {
    /// Creates a client token to join a room (`POST /rooms/{room_id}/actions/generate_join_client_token`).
    GenerateClientToken => CreateRoomClientToken -> types::CreateRoomClientTokenResponse;
    path { room_id: RoomId }
    query {}
    body: CreateRoomClientTokenRequest;
}

operation! {
    /// Refreshes a client token of a room (`POST /rooms/{room_id}/actions/refresh_client_token`).
    RefreshClientToken => RefreshRoomClientToken -> types::RefreshRoomClientTokenResponse;
    path { room_id: RoomId }
    query {}
    body: RefreshRoomClientTokenRequest;
}

list_operation! {
    /// Lists room sessions (`GET /room_sessions`).
    ListRoomSessions => ListRoomSessions -> types::ListRoomSessionsResponse, item types::RoomSession;
    path {}
    query {
        filter_active: bool,
        filter_date_created_at_eq: NaiveDate,
        filter_date_created_at_gte: NaiveDate,
        filter_date_created_at_lte: NaiveDate,
        filter_date_ended_at_eq: NaiveDate,
        filter_date_ended_at_gte: NaiveDate,
        filter_date_ended_at_lte: NaiveDate,
        filter_date_updated_at_eq: NaiveDate,
        filter_date_updated_at_gte: NaiveDate,
        filter_date_updated_at_lte: NaiveDate,
        filter_room_id: String,
        include_participants: bool,
    }
}

operation! {
    /// Fetches one room session (`GET /room_sessions/{room_session_id}`).
    GetRoomSession => ViewRoomSession -> types::ViewRoomSessionResponse;
    path { room_session_id: RoomSessionId }
    query {
        include_participants: bool,
    }
}

operation! {
    /// Ends a room session (`POST /room_sessions/{room_session_id}/actions/end`).
    EndRoomSession => EndSession -> types::EndSessionResponse;
    path { room_session_id: RoomSessionId }
    query {}
}

operation! {
    /// Removes participants from a room session (`POST /room_sessions/{room_session_id}/actions/kick`).
    KickParticipants => KickParticipantInSession -> types::KickParticipantInSessionResponse;
    path { room_session_id: RoomSessionId }
    query {}
    body: ActionsParticipantsRequest;
}

operation! {
    /// Mutes participants of a room session (`POST /room_sessions/{room_session_id}/actions/mute`).
    MuteParticipants => MuteParticipantInSession -> types::MuteParticipantInSessionResponse;
    path { room_session_id: RoomSessionId }
    query {}
    body: ActionsParticipantsRequest;
}

operation! {
    /// Unmutes participants of a room session (`POST /room_sessions/{room_session_id}/actions/unmute`).
    UnmuteParticipants => UnmuteParticipantInSession -> types::UnmuteParticipantInSessionResponse;
    path { room_session_id: RoomSessionId }
    query {}
    body: ActionsParticipantsRequest;
}

list_operation! {
    /// Lists the participants of one room session (`GET /room_sessions/{room_session_id}/participants`).
    ListSessionParticipants => RetrieveListRoomParticipants -> types::RetrieveListRoomParticipantsResponse, item types::RoomParticipant;
    path { room_session_id: RoomSessionId }
    query {
        filter_context: String,
        filter_date_joined_at_eq: NaiveDate,
        filter_date_joined_at_gte: NaiveDate,
        filter_date_joined_at_lte: NaiveDate,
        filter_date_left_at_eq: NaiveDate,
        filter_date_left_at_gte: NaiveDate,
        filter_date_left_at_lte: NaiveDate,
        filter_date_updated_at_eq: NaiveDate,
        filter_date_updated_at_gte: NaiveDate,
        filter_date_updated_at_lte: NaiveDate,
    }
}

list_operation! {
    /// Lists room participants (`GET /room_participants`).
    ListRoomParticipants => ListRoomParticipants -> types::ListRoomParticipantsResponse, item types::RoomParticipant;
    path {}
    query {
        filter_context: String,
        filter_date_joined_at_eq: NaiveDate,
        filter_date_joined_at_gte: NaiveDate,
        filter_date_joined_at_lte: NaiveDate,
        filter_date_left_at_eq: NaiveDate,
        filter_date_left_at_gte: NaiveDate,
        filter_date_left_at_lte: NaiveDate,
        filter_date_updated_at_eq: NaiveDate,
        filter_date_updated_at_gte: NaiveDate,
        filter_date_updated_at_lte: NaiveDate,
        filter_session_id: String,
    }
}

operation! {
    /// Fetches one room participant (`GET /room_participants/{room_participant_id}`).
    GetRoomParticipant => ViewRoomParticipant -> types::ViewRoomParticipantResponse;
    path { room_participant_id: RoomParticipantId }
    query {}
}

list_operation! {
    /// Lists room recordings (`GET /room_recordings`).
    ListRoomRecordings => ListRoomRecordings -> types::ListRoomRecordingsResponse, item types::RoomRecording;
    path {}
    query {
        filter_date_ended_at_eq: NaiveDate,
        filter_date_ended_at_gte: NaiveDate,
        filter_date_ended_at_lte: NaiveDate,
        filter_date_started_at_eq: NaiveDate,
        filter_date_started_at_gte: NaiveDate,
        filter_date_started_at_lte: NaiveDate,
        filter_duration_secs: i64,
        filter_participant_id: Uuid,
        filter_room_id: Uuid,
        filter_session_id: Uuid,
        filter_status: String,
        filter_type: String,
    }
}

operation! {
    /// Deletes every room recording matching the filters (`DELETE /room_recordings`).
    DeleteRoomRecordings => DeleteRoomRecordings -> types::BulkRoomRecordingsDeleteResponse;
    path {}
    query {
        filter_date_ended_at_eq: NaiveDate,
        filter_date_ended_at_gte: NaiveDate,
        filter_date_ended_at_lte: NaiveDate,
        filter_date_started_at_eq: NaiveDate,
        filter_date_started_at_gte: NaiveDate,
        filter_date_started_at_lte: NaiveDate,
        filter_duration_secs: i64,
        filter_participant_id: Uuid,
        filter_room_id: Uuid,
        filter_session_id: Uuid,
        filter_status: String,
        filter_type: String,
        page_number: NonZeroU64,
        page_size: NonZeroU64,
    }
}

operation! {
    /// Fetches one room recording (`GET /room_recordings/{room_recording_id}`).
    GetRoomRecording => ViewRoomRecording -> types::ViewRoomRecordingResponse;
    path { room_recording_id: RoomRecordingId }
    query {}
}

operation! {
    /// Deletes one room recording (`DELETE /room_recordings/{room_recording_id}`).
    DeleteRoomRecording => DeleteRoomRecording -> ();
    path { room_recording_id: RoomRecordingId }
    query {}
}

list_operation! {
    /// Lists room compositions (`GET /room_compositions`).
    ListRoomCompositions => ListRoomCompositions -> types::ListRoomCompositionsResponse, item types::RoomComposition;
    path {}
    query {
        filter_date_created_at_eq: NaiveDate,
        filter_date_created_at_gte: NaiveDate,
        filter_date_created_at_lte: NaiveDate,
        filter_session_id: Uuid,
        filter_status: types::ListRoomCompositionsFilterStatus,
    }
}

operation! {
    /// Starts a room composition (`POST /room_compositions`).
    CreateRoomComposition => CreateRoomComposition -> types::CreateRoomCompositionResponse;
    path {}
    query {}
    body: CreateRoomCompositionRequest;
}

operation! {
    /// Fetches one room composition (`GET /room_compositions/{room_composition_id}`).
    GetRoomComposition => ViewRoomComposition -> types::ViewRoomCompositionResponse;
    path { room_composition_id: RoomCompositionId }
    query {}
}

operation! {
    /// Deletes one room composition (`DELETE /room_compositions/{room_composition_id}`).
    DeleteRoomComposition => DeleteRoomComposition -> ();
    path { room_composition_id: RoomCompositionId }
    query {}
}
