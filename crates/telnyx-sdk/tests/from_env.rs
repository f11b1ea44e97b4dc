//! `Client::from_env()` reads `TELNYX_API_KEY` and `TELNYX_BASE_URL`.
//!
//! Changing the environment of a running test process is `unsafe` (other threads may read
//! it), so each case runs this test binary again as a child process with its own
//! environment, and the child checks the outcome it is told to expect.
#![cfg(feature = "http-client")]

use std::process::Command;

use telnyx_sdk::{Client, Error};

/// Set in the child processes only: what `from_env` must return there.
const EXPECT: &str = "TELNYX_SDK_TEST_FROM_ENV_EXPECT";

/// The child side. Without [`EXPECT`] (a normal test run) there is nothing to check here;
/// the cases are driven by [`from_env_reads_key_and_base_url`].
#[test]
fn from_env_child() {
    let Ok(expect) = std::env::var(EXPECT) else {
        return;
    };
    let result = Client::from_env();
    match expect.split_once(':') {
        Some(("ok", base_url)) => {
            let client = result.expect("client from the environment");
            assert_eq!(client.base_url(), base_url);
            assert_eq!(client.runtime().api_key().expose(), "KEY_FROM_ENV");
        }
        _ => {
            let err = result.expect_err("a configuration error");
            assert!(matches!(err, Error::Configuration(_)), "{err:?}");
            assert!(err.to_string().contains(&expect), "{err} / {expect}");
        }
    }
}

fn run_child(envs: &[(&str, &str)], expect: &str) {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args(["--exact", "from_env_child", "--test-threads", "1"])
        .env_remove("TELNYX_API_KEY")
        .env_remove("TELNYX_BASE_URL")
        .env(EXPECT, expect);
    for (name, value) in envs {
        cmd.env(name, value);
    }
    let out = cmd.output().expect("run the child");
    assert!(
        out.status.success(),
        "case {envs:?} expecting {expect}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // the child really ran the check (and was not filtered out)
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 passed"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn from_env_reads_key_and_base_url() {
    run_child(
        &[
            ("TELNYX_API_KEY", "KEY_FROM_ENV"),
            ("TELNYX_BASE_URL", "http://127.0.0.1:4010/v2"),
        ],
        "ok:http://127.0.0.1:4010/v2",
    );
    // no base URL, or a blank one: the public API
    run_child(
        &[("TELNYX_API_KEY", "KEY_FROM_ENV")],
        "ok:https://api.telnyx.com/v2",
    );
    run_child(
        &[("TELNYX_API_KEY", "KEY_FROM_ENV"), ("TELNYX_BASE_URL", " ")],
        "ok:https://api.telnyx.com/v2",
    );
    // a missing or empty key is a configuration error at construction
    run_child(&[], "TELNYX_API_KEY");
    run_child(&[("TELNYX_API_KEY", "  ")], "empty");
}
