//! Compile-fail tests: one kind of id cannot be passed where another is expected.

#[test]
fn typed_ids() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass_*.rs");
    cases.compile_fail("ui/fail_*.rs");
}
