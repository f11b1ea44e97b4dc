//! Spec comparison: `conform` (our `openapi/` against a vendor document) and `diff` (two
//! versions of the API, and the semver bump each crate needs), over one model:
//!
//! - [`spec`]: references, operations keyed by `METHOD /path/{}`, parameters keyed once,
//!   2xx responses and media types;
//! - [`schema`]: a schema reduced to a [`schema::Schema`] (`$ref`s followed or named,
//!   `allOf` merged, `null` folded into `nullable`);
//! - [`fields`]: a reduced schema flattened to one field per location, and the pairing of
//!   two flattened trees.
//!
//! Each comparison keeps only its judgement: conformance rules, or semver rules.

pub mod conform;
pub mod diff;
pub mod fields;
pub mod schema;
pub mod spec;
