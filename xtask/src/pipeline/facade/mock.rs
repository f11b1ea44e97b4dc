//! The facade's share of the typed mocks: `crates/telnyx-sdk/src/generated/mock.rs`
//! (re-exported by the hand-written `telnyx_sdk::mock`) and the `test-util` feature line.
//!
//! Each HTTP domain crate holds its own generated mocks (`src/mock.rs`, feature `mock`);
//! here every domain gets a module `telnyx_sdk::mock::<domain>` and a named
//! `MockServerExt` trait in `telnyx_sdk::mock::prelude`, and `test-util` turns on the `mock`
//! feature of each enabled domain crate. A new domain gets all three by regen alone.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::model::DomainModel;
use super::render_ident as ident;
use crate::manifest::Manifest;

/// `src/generated/mock.rs`.
pub fn module(domains: &[DomainModel]) -> TokenStream {
    let modules = domains.iter().map(|d| {
        let m = ident(&d.name);
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        // no doc here: rustdoc would put it in front of the module's own (the domain
        // crate's `src/mock.rs`), stacking two descriptions on one page
        quote! {
            #[cfg(feature = #feature)]
            pub use #k::mock as #m;
        }
    });
    let traits = domains.iter().map(|d| {
        let k = ident(&d.crate_ident);
        let feature = &d.name;
        let alias = ident(&format!("{}MockServerExt", d.name.to_pascal_case()));
        // the trait's own doc (the domain crate's) is the page's; a doc here would be put in
        // front of it
        quote! {
            #[cfg(feature = #feature)]
            pub use #k::mock::MockServerExt as #alias;
        }
    });
    quote! {
        #(#modules)*

        /// Everything a test needs in scope: the mock server, the error reply and the
        /// `MockServerExt` trait of every enabled domain (`use telnyx_sdk::mock::prelude::*;`).
        pub mod prelude {
            pub use ::telnyx_sdk_core::mock::ErrorReply;
            pub use ::telnyx_sdk_core::mock::httpmock::MockServer;
            #(#traits)*
        }
    }
}

/// The facade's `test-util` feature: the webhook signer, and the `mock` feature of core and
/// of every HTTP domain crate that is enabled (`?/`: turning on `test-util` enables no
/// domain by itself).
pub fn test_util_feature(manifest: &Manifest) -> String {
    let mut parts = vec![
        "\"webhooks\"".to_owned(),
        "\"telnyx-sdk-core?/mock\"".to_owned(),
    ];
    parts.extend(
        manifest
            .domains
            .values()
            .filter(|d| !d.is_types_only())
            .map(|d| format!("\"{}?/mock\"", d.crate_name)),
    );
    format!("test-util = [{}]", parts.join(", "))
}
