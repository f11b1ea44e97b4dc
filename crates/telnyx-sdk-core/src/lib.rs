//! Runtime shared by the generated Telnyx SDK crates.
//!
//! Placeholder: the real runtime is being written.
