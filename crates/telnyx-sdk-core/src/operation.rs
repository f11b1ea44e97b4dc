//! Static metadata describing one API operation.

/// Metadata about one API operation: its id, HTTP method, path template and whether its body
/// takes a `command_id`. Each generated crate has a table of them, and every request is sent
/// with its operation's entry (for retries, traces and metrics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId` of the operation.
    pub id: &'static str,
    /// The HTTP method in upper case, e.g. `"GET"`.
    pub method: &'static str,
    /// The path template, e.g. `"/rooms/{room_id}"`. Never contains concrete ids.
    pub path: &'static str,
    /// Whether the request body accepts a `command_id` used by the server to de-duplicate
    /// repeated commands. When set, the client adds one to the body if it is missing.
    pub accepts_command_id: bool,
}

impl Operation {
    /// Placeholder for an operation the generated table does not know.
    pub const UNKNOWN: Operation = Operation {
        id: "unknown",
        method: "",
        path: "",
        accepts_command_id: false,
    };

    /// Creates operation metadata (usable in `const` tables).
    pub const fn new(
        id: &'static str,
        method: &'static str,
        path: &'static str,
        accepts_command_id: bool,
    ) -> Self {
        Operation {
            id,
            method,
            path,
            accepts_command_id,
        }
    }
}

impl Default for Operation {
    fn default() -> Self {
        Operation::UNKNOWN
    }
}
