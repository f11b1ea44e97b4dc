//! Example placeholder (being written).
fn main() {}
