//! The typed `client_state` of an event.

use serde::de::DeserializeOwned;

use super::Event;
use crate::ClientStateError;

impl Event {
    /// The event's `client_state` as sent: the base64 text a command set on the call, or
    /// `None` when the event carries none (or an empty one).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::Event;
    ///
    /// let body = br#"{"data":{"event_type":"call.answered","payload":{"client_state":"ImNhbGxlciI="}}}"#;
    /// assert_eq!(Event::from_slice(body)?.client_state_raw().as_deref(), Some("ImNhbGxlciI="));
    /// # Ok::<(), telnyx_sdk::webhooks::WebhookError>(())
    /// ```
    pub fn client_state_raw(&self) -> Option<String> {
        crate::client_state::of_event(self)
    }

    /// The event's `client_state`, decoded as a value of yours (base64 of JSON, as
    /// [`ClientState`](crate::ClientState) encodes it); `Ok(None)` when the event carries
    /// none.
    ///
    /// # Errors
    ///
    /// [`ClientStateError::NotBase64`] or [`ClientStateError::NotJson`] when the state is
    /// not one of yours (set by another tool, or of another type).
    ///
    /// ```
    /// use telnyx_sdk::webhooks::Event;
    ///
    /// let body = br#"{"data":{"event_type":"call.answered","payload":{"client_state":"ImNhbGxlciI="}}}"#;
    /// let role: Option<String> = Event::from_slice(body)?.client_state()?;
    /// assert_eq!(role.as_deref(), Some("caller"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn client_state<T: DeserializeOwned>(&self) -> Result<Option<T>, ClientStateError> {
        self.client_state_raw()
            .map(|state| crate::ClientState::try_decode(&state))
            .transpose()
    }
}
