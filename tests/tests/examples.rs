//! The facade's examples (`crates/telnyx-sdk/examples/{rooms,conference,queues}.rs`), run
//! against Prism serving the vendor spec: each `run(&client)` must complete without an
//! error, and Prism must not have flagged any request the examples sent. Prism reports the
//! same page for every list request, so the examples reach it through
//! [`FaithfulPager`](telnyx_sdk_tests::pager::FaithfulPager), which gives each response the
//! page number that was asked for.
//!
//! Without `../shared/reference`, Prism serves the project's own `openapi/` documents (the
//! test output says which); `TELNYX_SKIP_PRISM=1` skips, and says so.

use std::path::Path;

use telnyx_sdk::Client;
use telnyx_sdk_tests::pager::FaithfulPager;
use telnyx_sdk_tests::prism;

#[allow(dead_code)]
#[path = "../../crates/telnyx-sdk/examples/rooms.rs"]
mod rooms;

#[allow(dead_code)]
#[path = "../../crates/telnyx-sdk/examples/conference.rs"]
mod conference;

#[allow(dead_code)]
#[path = "../../crates/telnyx-sdk/examples/queues.rs"]
mod queues;

#[test]
fn examples_run_against_prism() {
    let Some((prism, source)) = prism::start_for_test(Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        return;
    };
    let pager = FaithfulPager::start(prism.addr()).expect("start the pager proxy");
    let client = Client::builder()
        .api_key("KEY_examples")
        .base_url(pager.base_url())
        .max_retries(0)
        .build()
        .expect("client");
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    tokio.block_on(async {
        let mark = prism.log_mark();
        rooms::run(&client).await.expect("examples/rooms.rs");
        conference::run(&client)
            .await
            .expect("examples/conference.rs");
        queues::run(&client).await.expect("examples/queues.rs");
        let mut violations = prism.violations_since(mark);
        if let prism::SpecSource::Own(_) = source {
            let before = violations.len();
            violations.retain(|v| !prism::is_own_spec_artifact(v));
            prism::announce(&format!(
                "examples: {} response violations Prism made itself from our own documents \
                 ignored (see prism::is_own_spec_artifact)",
                before - violations.len()
            ));
        }
        assert!(
            violations.is_empty(),
            "Prism flagged requests of the examples:\n{}",
            violations.join("\n")
        );
    });
}
