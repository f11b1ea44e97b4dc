//! Shared helpers for the workspace-level tests (see `tests/tests/`).

pub mod capture;
pub mod pager;
pub mod prism;
#[cfg(doctest)]
pub mod typed_ids;

/// The workspace README's examples, compiled as doctests by `cargo test --workspace`
/// (`no_run`: they need an API key and a server).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
