//! Contract cases for the `queues` domain (queues and the calls waiting in them), and the
//! two call commands that move a call into and out of a queue (`calls` domain since they
//! are call-control actions; kept here beside the queue they act on).

use telnyx_sdk::{CallControlId, Client, QueueName};

use super::support::*;

pub(crate) async fn queues(client: &Client, c: &mut Contract<'_>) {
    let queue = QueueName::new(QUEUE_NAME);
    let call = CallControlId::new(CALL_CONTROL_ID);

    c.run(
        "ListQueues",
        client.queues().list().page_number(2).page_size(20).send(),
    )
    .await;
    c.run(
        "CreateQueue",
        client
            .queues()
            .create()
            .body_map(|b| b.queue_name(QUEUE_NAME).max_size(non_zero(50)))
            .send(),
    )
    .await;
    c.run("RetrieveCallQueue", client.queues().get(&queue).send())
        .await;
    c.run(
        "UpdateQueue",
        client
            .queues()
            .update(&queue)
            .body_map(|b| b.max_size(non_zero(100)))
            .send(),
    )
    .await;
    c.run("DeleteQueue", client.queues().delete(&queue).send())
        .await;
    c.run(
        "ListQueueCalls",
        client
            .queues()
            .calls(&queue)
            .list()
            .page_number(2)
            .page_size(20)
            .send(),
    )
    .await;
    c.run(
        "RetrieveCallFromQueue",
        client.queues().calls(&queue).get(&call).send(),
    )
    .await;
    c.run(
        "UpdateCallInQueue",
        client
            .queues()
            .calls(&queue)
            .update(&call)
            .body_map(|b| b.keep_after_hangup(true))
            .send(),
    )
    .await;
    c.run(
        "RemoveQueueCall",
        client.queues().calls(&queue).remove(&call).send(),
    )
    .await;
    c.run(
        "EnqueueCall",
        client
            .calls()
            .actions(&call)
            .enqueue()
            .body_map(|b| {
                b.queue_name(QUEUE_NAME)
                    .max_size(50)
                    .max_wait_time_secs(600)
                    .keep_after_hangup(true)
                    .client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
            })
            .send(),
    )
    .await;
    c.run(
        "LeaveQueue",
        client
            .calls()
            .actions(&call)
            .leave_queue()
            .body_map(|b| {
                b.client_state(CLIENT_STATE.to_owned())
                    .command_id(COMMAND_ID.to_owned())
            })
            .send(),
    )
    .await;
}
