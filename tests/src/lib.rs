//! Shared helpers for the workspace-level tests (see `tests/tests/`).

pub mod capture;
pub mod pager;
pub mod prism;
