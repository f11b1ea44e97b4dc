//! Conferencing: conferences, their participants and conference commands (feature
//! `conferencing`).
//!
//! Start from [`Client::conferences`]. Response and body types live in
//! [`crate::conferencing::types`].

use std::num::NonZeroU64;

use telnyx_sdk_conferencing as api;
use telnyx_sdk_conferencing::types;
use uuid::Uuid;

use crate::Client;
use crate::ids::{ConferenceId, ConferenceParticipantId};

impl Client {
    /// Conferences: list, create, fetch; participants; commands (mute, hold, play, record, ...).
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client, id: telnyx_sdk::ConferenceId) -> Result<(), telnyx_sdk::Error> {
    /// let conference = client.conferences().get(&id).send().await?;
    /// client.conferences().actions(&id).mute().send().await?;
    /// # let _ = conference;
    /// # Ok(())
    /// # }
    /// ```
    pub fn conferences(&self) -> Conferences<'_> {
        Conferences { client: self }
    }
}

/// Conferences; see [`Client::conferences`].
#[derive(Clone, Copy, Debug)]
pub struct Conferences<'c> {
    client: &'c Client,
}

impl<'c> Conferences<'c> {
    /// Lists conferences.
    pub fn list(&self) -> ListConferences {
        ListConferences::new(self.client)
    }

    /// Creates a conference from an active call; set its fields with `.body_map(..)`.
    pub fn create(&self) -> CreateConference {
        CreateConference::new(self.client)
    }

    /// Fetches one conference.
    pub fn get(&self, conference_id: &ConferenceId) -> GetConference {
        GetConference::new(self.client, conference_id)
    }

    /// The participants of one conference.
    pub fn participants(&self, conference_id: &ConferenceId) -> ConferenceParticipants<'c> {
        ConferenceParticipants {
            client: self.client,
            id: conference_id.clone(),
        }
    }

    /// Commands on one conference.
    pub fn actions(&self, conference_id: &ConferenceId) -> ConferenceActions<'c> {
        ConferenceActions {
            client: self.client,
            id: conference_id.clone(),
        }
    }
}

/// The participants of one conference; see [`Conferences::participants`].
#[derive(Clone, Debug)]
pub struct ConferenceParticipants<'c> {
    client: &'c Client,
    id: ConferenceId,
}

impl ConferenceParticipants<'_> {
    /// Lists the participants of this conference.
    pub fn list(&self) -> ListConferenceParticipants {
        ListConferenceParticipants::new(self.client, &self.id)
    }

    /// Fetches one participant of this conference.
    pub fn get(&self, participant: &ConferenceParticipantId) -> GetConferenceParticipant {
        GetConferenceParticipant::new(self.client, &self.id, participant)
    }

    /// Updates one participant of this conference; set the changes with `.body_map(..)`.
    pub fn update(&self, participant: &ConferenceParticipantId) -> UpdateConferenceParticipant {
        UpdateConferenceParticipant::new(self.client, &self.id, participant)
    }
}

/// Commands on one conference; see [`Conferences::actions`]. Each returns a request whose
/// body (which participants, what to play, ...) is set with `.body(..)` or `.body_map(..)`.
#[derive(Clone, Debug)]
pub struct ConferenceActions<'c> {
    client: &'c Client,
    id: ConferenceId,
}

macro_rules! actions {
    ($( $(#[$meta:meta])* $method:ident => $request:ident ),* $(,)?) => {
        impl ConferenceActions<'_> {
            $(
                $(#[$meta])*
                pub fn $method(&self) -> $request {
                    $request::new(self.client, &self.id)
                }
            )*
        }
    };
}

actions! {
    /// Mutes participants (all of them unless the body names some).
    mute => MuteConference,
    /// Unmutes participants.
    unmute => UnmuteConference,
    /// Puts participants on hold.
    hold => HoldConference,
    /// Takes participants off hold.
    unhold => UnholdConference,
    /// Adds a call to this conference.
    join => JoinConference,
    /// Removes a call from this conference.
    leave => LeaveConference,
    /// Plays an audio file into this conference.
    play => PlayConferenceAudio,
    /// Stops audio playing into this conference.
    stop => StopConferenceAudio,
    /// Speaks text into this conference.
    speak => SpeakToConference,
    /// Starts recording this conference.
    record_start => StartConferenceRecording,
    /// Stops recording this conference.
    record_stop => StopConferenceRecording,
    /// Pauses the recording of this conference.
    record_pause => PauseConferenceRecording,
    /// Resumes the recording of this conference.
    record_resume => ResumeConferenceRecording,
    /// Ends this conference.
    end => EndConference,
    /// Changes the supervisor role of a participant.
    update => UpdateConference,
    /// Sends DTMF tones to participants.
    send_dtmf => SendConferenceDtmf,
    /// Plays audio to a participant and collects its DTMF input.
    gather_using_audio => GatherUsingAudio,
}

list_operation! {
    /// Lists conferences (`GET /conferences`).
    ListConferences => ListConferences -> types::ListConferencesResponse, item types::Conference;
    path {}
    query {
        filter_application_name_contains: String,
        filter_application_session_id: Uuid,
        filter_connection_id: String,
        filter_failed: bool,
        filter_from: String,
        filter_leg_id: Uuid,
        filter_name: String,
        filter_occurred_at_eq: String,
        filter_occurred_at_gt: String,
        filter_occurred_at_gte: String,
        filter_occurred_at_lt: String,
        filter_occurred_at_lte: String,
        filter_outbound_outbound_voice_profile_id: String,
        filter_product: types::ListConferencesFilterProduct,
        filter_status: types::ListConferencesFilterStatus,
        filter_to: String,
        filter_type: types::ListConferencesFilterType,
        page_after: String,
        page_before: String,
        page_limit: NonZeroU64,
        region: types::ConferenceRegion,
    }
}

operation! {
    /// Creates a conference from an active call (`POST /conferences`).
    CreateConference => CreateConference -> types::ConferenceResponse;
    path {}
    query {}
    body: CreateConferenceRequest;
}

operation! {
    /// Fetches one conference (`GET /conferences/{id}`).
    GetConference => RetrieveConference -> types::ConferenceResponse;
    path { id: ConferenceId }
    query {
        region: types::ConferenceRegion,
    }
}

list_operation! {
    /// Lists the participants of a conference (`GET /conferences/{conference_id}/participants`).
    ListConferenceParticipants => ListConferenceParticipants -> types::ListParticipantsResponse, item types::Participant;
    path { conference_id: ConferenceId }
    query {
        filter_muted: bool,
        filter_on_hold: bool,
        filter_whispering: bool,
        page_after: String,
        page_before: String,
        page_limit: NonZeroU64,
        region: types::ConferenceRegion,
    }
}

operation! {
    /// Fetches one conference participant (`GET /conferences/{id}/participants/{participant_id}`).
    GetConferenceParticipant => RetrieveConferenceParticipant -> types::ConferenceParticipantResource;
    path { id: ConferenceId, participant_id: ConferenceParticipantId }
    query {}
}

operation! {
    /// Updates one conference participant (`PATCH /conferences/{id}/participants/{participant_id}`).
    UpdateConferenceParticipant => UpdateConferenceParticipant -> types::ConferenceParticipantResource;
    path { id: ConferenceId, participant_id: ConferenceParticipantId }
    query {}
    body: UpdateConferenceParticipantRequest;
}

operation! {
    /// Mutes conference participants (`POST /conferences/{id}/actions/mute`).
    MuteConference => MuteConferenceParticipants -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceMuteRequest;
}

operation! {
    /// Unmutes conference participants (`POST /conferences/{id}/actions/unmute`).
    UnmuteConference => UnmuteConferenceParticipants -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceUnmuteRequest;
}

operation! {
    /// Puts conference participants on hold (`POST /conferences/{id}/actions/hold`).
    HoldConference => HoldConferenceParticipants -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceHoldRequest;
}

operation! {
    /// Takes conference participants off hold (`POST /conferences/{id}/actions/unhold`).
    UnholdConference => UnholdConferenceParticipants -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceUnholdRequest;
}

operation! {
    /// Adds a call to a conference (`POST /conferences/{id}/actions/join`).
    JoinConference => JoinConference -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: JoinConferenceRequest;
}

operation! {
    /// Removes a call from a conference (`POST /conferences/{id}/actions/leave`).
    LeaveConference => LeaveConference -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: LeaveConferenceRequest;
}

operation! {
    /// Plays audio into a conference (`POST /conferences/{id}/actions/play`).
    PlayConferenceAudio => PlayConferenceAudio -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferencePlayRequest;
}

operation! {
    /// Stops audio playing into a conference (`POST /conferences/{id}/actions/stop`).
    StopConferenceAudio => StopConferenceAudio -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceStopRequest;
}

operation! {
    /// Speaks text into a conference (`POST /conferences/{id}/actions/speak`).
    SpeakToConference => SpeakTextToConference -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceSpeakRequest;
}

operation! {
    /// Starts recording a conference (`POST /conferences/{id}/actions/record_start`).
    StartConferenceRecording => StartConferenceRecording -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: StartConferenceRecordingRequest;
}

operation! {
    /// Stops recording a conference (`POST /conferences/{id}/actions/record_stop`).
    StopConferenceRecording => StopConferenceRecording -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: StopRecordingConferenceRequest;
}

operation! {
    /// Pauses a conference recording (`POST /conferences/{id}/actions/record_pause`).
    PauseConferenceRecording => PauseConferenceRecording -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: PauseConferenceRecordingRequest;
}

operation! {
    /// Resumes a conference recording (`POST /conferences/{id}/actions/record_resume`).
    ResumeConferenceRecording => ResumeConferenceRecording -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ResumeConferenceRecordingRequest;
}

operation! {
    /// Ends a conference (`POST /conferences/{id}/actions/end`).
    EndConference => EndConference -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: EndConferenceRequest;
}

operation! {
    /// Changes the supervisor role of a conference participant (`POST /conferences/{id}/actions/update`).
    UpdateConference => UpdateConference -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: UpdateConferenceRequest;
}

operation! {
    /// Sends DTMF tones to conference participants (`POST /conferences/{id}/actions/send_dtmf`).
    SendConferenceDtmf => ConferenceSendDtmf -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceSendDtmfRequest;
}

operation! {
    /// Plays audio to a participant and collects its DTMF input (`POST /conferences/{id}/actions/gather_using_audio`).
    GatherUsingAudio => ConferenceGatherUsingAudio -> types::ConferenceCommandResponse;
    path { id: ConferenceId }
    query {}
    body: ConferenceGatherUsingAudioRequest;
}
