//! `cargo xtask regen`: the pipeline from `openapi/` to the generated crates, one module per
//! stage, in the order they run:
//!
//! 1. [`load`]: read a YAML / JSON document;
//! 2. [`slice`](mod@slice): cut one domain (tags, operations, events) out of a full document;
//! 3. [`normalize`]: bring 3.1 idioms to what progenitor reads (OpenAPI 3.0);
//! 4. [`patch`]: the named, logged fixes to the documents;
//! 5. [`codegen`]: progenitor / typify settings and the generator run;
//! 6. [`postprocess`]: the named syn rewrites of progenitor's output, with
//!    [`null_fields`]: `null`-tolerant fields where the spec says so;
//! 7. [`render`]: the crate files (Cargo.toml, README, lib.rs) around the code;
//! 8. [`facade`]: the generated layer of `telnyx-sdk` (handles, request types, ids, events).
//!
//! [`regen`] is the driver: it runs the stages per domain, times them, and writes or
//! `--check`s; [`skip`] leaves out (and lists) an operation the generator cannot handle.
//! [`all_tags`] is `regen --all-tags` and `probe`: the whole vendor spec, one crate per tag
//! in one run (the maintainer's check that the generator survives it).
//!
//! `manifest` (openapi/domains.toml) and `error` stay at the crate root: `compare` and
//! `release` read them too.

pub mod all_tags;
pub mod codegen;
pub mod facade;
pub mod load;
pub mod normalize;
pub mod null_fields;
pub mod patch;
pub mod postprocess;
pub mod regen;
pub mod render;
pub mod skip;
pub mod slice;
pub mod tagged_unions;
