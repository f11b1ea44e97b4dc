//! Named call-control errors: the codes Telnyx answers call commands with when the call is
//! not in a state the command needs (kept apart from `error.rs`, which it only reads).
//!
//! Sources (facts only): the error examples of Telnyx's call-command responses in its
//! OpenAPI document (`UnprocessableEntityResponse`, `BadRequestResponse`,
//! `NotFoundResponse`, `call-scripting_BadRequestResponse` of the July 2026 edition), which
//! the workspace test `tests/tests/call_control_errors.rs` reads back when the document is
//! at hand.

use std::fmt;

use crate::error::{ApiError, Error};

/// A call-control error Telnyx documents, named; [`code`](Self::code) is the `code` of its
/// entry in Telnyx's error list.
///
/// A call-control application meets most of these in a race: a command sent for a call
/// that was hung up a moment ago ([`CallAlreadyEnded`](Self::CallAlreadyEnded)), or before
/// `call.answered` arrived ([`CallNotAnswered`](Self::CallNotAnswered)).
///
/// ```
/// use telnyx_sdk_core::CallControlError;
///
/// assert_eq!(CallControlError::CallNotAnswered.code(), "90034");
/// assert_eq!(CallControlError::from_code("90015"), Some(CallControlError::InvalidCallControlId));
/// assert_eq!(CallControlError::from_code("10005"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallControlError {
    /// 90015: the `call_control_id` is not one Telnyx knows (mistyped, from another
    /// account, or of a call long gone).
    InvalidCallControlId,
    /// 90018: the call has ended; it takes no more commands.
    CallAlreadyEnded,
    /// 90019: the conference has ended; it takes no more commands.
    ConferenceAlreadyEnded,
    /// 90020: recording asked for before the call had audio.
    RecordingBeforeAudio,
    /// 90031: fork stop asked for on a call that is not being forked.
    CallNotForked,
    /// 90032: the conference already has its maximum number of participants.
    ConferenceFull,
    /// 90033: a conference of that name is already running.
    ConferenceNameTaken,
    /// 90034: the call has not been answered yet, and this command needs an answered call.
    CallNotAnswered,
    /// 90036: the queue is full.
    QueueFull,
    /// 90038: the call is already in that queue.
    AlreadyInQueue,
    /// 90040: Telnyx could not download the audio file to play.
    AudioDownloadFailed,
    /// 90045: the command cannot be used while the call's media is streamed.
    MediaStreamingInUse,
    /// 90047: the conference participant is on hold.
    ParticipantOnHold,
    /// 90050: only an empty queue can be deleted.
    QueueNotEmpty,
    /// 90054: transcription is already running on the call.
    TranscriptionAlreadyActive,
    /// 90058: the conference does not exist.
    InvalidConferenceId,
    /// 90061: an AI assistant is already running on the call.
    AiAssistantAlreadyActive,
}

impl CallControlError {
    /// Every named error, in code order.
    pub const ALL: [CallControlError; 17] = [
        CallControlError::InvalidCallControlId,
        CallControlError::CallAlreadyEnded,
        CallControlError::ConferenceAlreadyEnded,
        CallControlError::RecordingBeforeAudio,
        CallControlError::CallNotForked,
        CallControlError::ConferenceFull,
        CallControlError::ConferenceNameTaken,
        CallControlError::CallNotAnswered,
        CallControlError::QueueFull,
        CallControlError::AlreadyInQueue,
        CallControlError::AudioDownloadFailed,
        CallControlError::MediaStreamingInUse,
        CallControlError::ParticipantOnHold,
        CallControlError::QueueNotEmpty,
        CallControlError::TranscriptionAlreadyActive,
        CallControlError::InvalidConferenceId,
        CallControlError::AiAssistantAlreadyActive,
    ];

    /// The Telnyx error code, as it appears in the error list (`"90034"`).
    pub const fn code(self) -> &'static str {
        match self {
            CallControlError::InvalidCallControlId => "90015",
            CallControlError::CallAlreadyEnded => "90018",
            CallControlError::ConferenceAlreadyEnded => "90019",
            CallControlError::RecordingBeforeAudio => "90020",
            CallControlError::CallNotForked => "90031",
            CallControlError::ConferenceFull => "90032",
            CallControlError::ConferenceNameTaken => "90033",
            CallControlError::CallNotAnswered => "90034",
            CallControlError::QueueFull => "90036",
            CallControlError::AlreadyInQueue => "90038",
            CallControlError::AudioDownloadFailed => "90040",
            CallControlError::MediaStreamingInUse => "90045",
            CallControlError::ParticipantOnHold => "90047",
            CallControlError::QueueNotEmpty => "90050",
            CallControlError::TranscriptionAlreadyActive => "90054",
            CallControlError::InvalidConferenceId => "90058",
            CallControlError::AiAssistantAlreadyActive => "90061",
        }
    }

    /// The named error of a Telnyx error code (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<CallControlError> {
        let code = code.trim();
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

impl fmt::Display for CallControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            CallControlError::InvalidCallControlId => "invalid call control id",
            CallControlError::CallAlreadyEnded => "call already ended",
            CallControlError::ConferenceAlreadyEnded => "conference already ended",
            CallControlError::RecordingBeforeAudio => "recording before the call has audio",
            CallControlError::CallNotForked => "call is not forked",
            CallControlError::ConferenceFull => "conference is full",
            CallControlError::ConferenceNameTaken => "conference name already in use",
            CallControlError::CallNotAnswered => "call not answered yet",
            CallControlError::QueueFull => "queue is full",
            CallControlError::AlreadyInQueue => "call already in the queue",
            CallControlError::AudioDownloadFailed => "audio file could not be downloaded",
            CallControlError::MediaStreamingInUse => "not possible while media is streamed",
            CallControlError::ParticipantOnHold => "participant is on hold",
            CallControlError::QueueNotEmpty => "queue is not empty",
            CallControlError::TranscriptionAlreadyActive => "transcription already running",
            CallControlError::InvalidConferenceId => "invalid conference id",
            CallControlError::AiAssistantAlreadyActive => "AI assistant already running",
        };
        write!(f, "{what} (code {})", self.code())
    }
}

impl ApiError {
    /// The first entry of the error list whose code is a named call-control error.
    pub fn call_control_error(&self) -> Option<CallControlError> {
        self.errors
            .iter()
            .find_map(|d| d.code.as_deref().and_then(CallControlError::from_code))
    }

    /// Whether any entry of the error list has this code.
    pub fn has_code(&self, code: &str) -> bool {
        let code = code.trim();
        self.errors
            .iter()
            .any(|d| d.code.as_deref().map(str::trim) == Some(code))
    }
}

impl Error {
    /// The named call-control error of an API error, if Telnyx answered with one.
    ///
    /// ```
    /// use telnyx_sdk_core::{ApiError, CallControlError, Error};
    ///
    /// let body = br#"{"errors":[{"code":"90034","title":"Call not answered yet"}]}"#;
    /// let error = Error::Api(ApiError::from_parts(422u16.try_into()?, &Default::default(), body));
    /// assert_eq!(error.call_control_error(), Some(CallControlError::CallNotAnswered));
    /// assert!(error.is_call_not_answered());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn call_control_error(&self) -> Option<CallControlError> {
        self.as_api().and_then(ApiError::call_control_error)
    }

    /// Whether Telnyx answered with the error `code` (any entry of its error list).
    pub fn has_error_code(&self, code: &str) -> bool {
        self.as_api().is_some_and(|e| e.has_code(code))
    }

    /// 90034: the command needs an answered call and the call is not answered yet (a command
    /// sent before `call.answered`; waiting for that webhook and sending again succeeds).
    pub fn is_call_not_answered(&self) -> bool {
        self.is_call_control_error(CallControlError::CallNotAnswered)
    }

    /// 90018: the call has ended (a hang-up raced the command); nothing to retry.
    pub fn is_call_already_ended(&self) -> bool {
        self.is_call_control_error(CallControlError::CallAlreadyEnded)
    }

    /// 90015: the call control id is invalid (unknown to Telnyx, or of a call long gone).
    pub fn is_invalid_call_control_id(&self) -> bool {
        self.is_call_control_error(CallControlError::InvalidCallControlId)
    }

    /// 90019: the conference has ended.
    pub fn is_conference_already_ended(&self) -> bool {
        self.is_call_control_error(CallControlError::ConferenceAlreadyEnded)
    }

    /// Whether the call this command was for is gone or was never valid (90018 or 90015):
    /// the usual end of a call-control flow rather than a failure.
    pub fn is_call_gone(&self) -> bool {
        self.is_call_already_ended() || self.is_invalid_call_control_id()
    }

    fn is_call_control_error(&self, which: CallControlError) -> bool {
        self.has_error_code(which.code())
    }
}
