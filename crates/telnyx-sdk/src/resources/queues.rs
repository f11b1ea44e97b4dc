//! Call queues: queues, the calls waiting in them, and putting a call into or out of a queue
//! (feature `queues`).
//!
//! Start from [`Client::queues`] or [`Client::calls`]. Response and body types live in
//! [`crate::queues::types`].

use std::num::NonZeroU64;

use telnyx_sdk_queues as api;
use telnyx_sdk_queues::types;

use crate::Client;
use crate::ids::{CallControlId, QueueName};

impl Client {
    /// Call queues: list, create, fetch, update, delete; the calls in a queue.
    ///
    /// ```no_run
    /// # async fn demo(client: telnyx_sdk::Client) -> Result<(), telnyx_sdk::Error> {
    /// use futures::TryStreamExt;
    /// let name = telnyx_sdk::QueueName::from("support");
    /// let waiting: Vec<_> = client.queues().calls(&name).list().stream().try_collect().await?;
    /// println!("{} calls waiting", waiting.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn queues(&self) -> Queues<'_> {
        Queues { client: self }
    }

    /// Queue commands on one call leg: enqueue it or take it out of its queue.
    pub fn calls(&self, call_control_id: &CallControlId) -> Calls<'_> {
        Calls {
            client: self,
            call_control_id: call_control_id.clone(),
        }
    }
}

/// Call queues; see [`Client::queues`].
#[derive(Clone, Copy, Debug)]
pub struct Queues<'c> {
    client: &'c Client,
}

impl<'c> Queues<'c> {
    /// Lists queues.
    pub fn list(&self) -> ListQueues {
        ListQueues::new(self.client)
    }

    /// Creates a queue; set its fields with `.body_map(..)`.
    pub fn create(&self) -> CreateQueue {
        CreateQueue::new(self.client)
    }

    /// Fetches one queue.
    pub fn get(&self, name: &QueueName) -> GetQueue {
        GetQueue::new(self.client, name)
    }

    /// Updates a queue; set the changes with `.body_map(..)`.
    pub fn update(&self, name: &QueueName) -> UpdateQueue {
        UpdateQueue::new(self.client, name)
    }

    /// Deletes a queue.
    pub fn delete(&self, name: &QueueName) -> DeleteQueue {
        DeleteQueue::new(self.client, name)
    }

    /// The calls waiting in one queue.
    pub fn calls(&self, name: &QueueName) -> QueueCalls<'c> {
        QueueCalls {
            client: self.client,
            queue_name: name.clone(),
        }
    }
}

/// The calls in one queue; see [`Queues::calls`].
#[derive(Clone, Debug)]
pub struct QueueCalls<'c> {
    client: &'c Client,
    queue_name: QueueName,
}

impl QueueCalls<'_> {
    /// Lists the calls in this queue.
    pub fn list(&self) -> ListQueueCalls {
        ListQueueCalls::new(self.client, &self.queue_name)
    }

    /// Fetches one call in this queue.
    pub fn get(&self, call_control_id: &CallControlId) -> GetQueueCall {
        GetQueueCall::new(self.client, &self.queue_name, call_control_id)
    }

    /// Updates one call in this queue; set the changes with `.body_map(..)`.
    pub fn update(&self, call_control_id: &CallControlId) -> UpdateQueueCall {
        UpdateQueueCall::new(self.client, &self.queue_name, call_control_id)
    }

    /// Removes one call from this queue.
    pub fn remove(&self, call_control_id: &CallControlId) -> RemoveQueueCall {
        RemoveQueueCall::new(self.client, &self.queue_name, call_control_id)
    }
}

/// Queue commands on one call leg; see [`Client::calls`].
#[derive(Clone, Debug)]
pub struct Calls<'c> {
    client: &'c Client,
    call_control_id: CallControlId,
}

impl Calls<'_> {
    /// Puts this call into a queue; name the queue with `.body_map(|b| b.queue_name(..))`.
    pub fn enqueue(&self) -> EnqueueCall {
        EnqueueCall::new(self.client, &self.call_control_id)
    }

    /// Takes this call out of its queue.
    pub fn leave_queue(&self) -> LeaveQueue {
        LeaveQueue::new(self.client, &self.call_control_id)
    }
}

list_operation! {
    /// Lists queues (`GET /queues`).
    ListQueues => ListQueues -> types::ListQueuesResponse, item types::Queue;
    path {}
    query {}
}

operation! {
    /// Creates a queue (`POST /queues`).
    CreateQueue => CreateQueue -> types::QueueResponse;
    path {}
    query {}
    body: CreateQueueRequest;
}

operation! {
    /// Fetches one queue (`GET /queues/{queue_name}`).
    GetQueue => RetrieveCallQueue -> types::QueueResponse;
    path { queue_name: QueueName }
    query {}
}

operation! {
    /// Updates a queue (`POST /queues/{queue_name}`).
    UpdateQueue => UpdateQueue -> types::QueueResponse;
    path { queue_name: QueueName }
    query {}
    body: UpdateQueueRequest;
}

operation! {
    /// Deletes a queue (`DELETE /queues/{queue_name}`).
    DeleteQueue => DeleteQueue -> ();
    path { queue_name: QueueName }
    query {}
}

list_operation! {
    /// Lists the calls waiting in a queue (`GET /queues/{queue_name}/calls`).
    ListQueueCalls => ListQueueCalls -> types::ListQueueCallsResponse, item types::QueueCall;
    path { queue_name: QueueName }
    query {
        page_after: String,
        page_before: String,
        page_limit: NonZeroU64,
    }
}

operation! {
    /// Fetches one call in a queue (`GET /queues/{queue_name}/calls/{call_control_id}`).
    GetQueueCall => RetrieveCallFromQueue -> types::QueueCallResponse;
    path { queue_name: QueueName, call_control_id: CallControlId }
    query {}
}

operation! {
    /// Updates one call in a queue (`PATCH /queues/{queue_name}/calls/{call_control_id}`).
    UpdateQueueCall => UpdateCallInQueue -> ();
    path { queue_name: QueueName, call_control_id: CallControlId }
    query {}
    body: UpdateQueuedCallRequest;
}

operation! {
    /// Removes one call from a queue (`DELETE /queues/{queue_name}/calls/{call_control_id}`).
    RemoveQueueCall => RemoveQueueCall -> ();
    path { queue_name: QueueName, call_control_id: CallControlId }
    query {}
}

operation! {
    /// Puts a call into a queue (`POST /calls/{call_control_id}/actions/enqueue`).
    EnqueueCall => EnqueueCall -> types::CallControlCommandResponse;
    path { call_control_id: CallControlId }
    query {}
    body: EnqueueRequest;
}

operation! {
    /// Takes a call out of its queue (`POST /calls/{call_control_id}/actions/leave_queue`).
    LeaveQueue => LeaveQueue -> types::CallControlCommandResponse;
    path { call_control_id: CallControlId }
    query {}
    body: LeaveQueueRequest;
}
