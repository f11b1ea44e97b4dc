//! Step [`unexpected_response_keeps_body`]: the retry loop of `telnyx_sdk_core::execute`
//! reads a success response whole and stashes the bytes in the response
//! (`codegen::BodyRead`) instead of rebuilding it around them. Generated code decodes
//! documented statuses through `codegen::read_body`, which takes the stash; an undocumented
//! status goes to the caller as `Error::UnexpectedResponse(response)`, and its body must be
//! readable there with `.bytes()` or `.text()`; a file (a binary body) goes to the caller as
//! `ResponseValue::stream(response)`, and its bytes must be the stream's. Progenitor reads
//! neither through a function the SDK could replace, so this is a syn step.

use syn::parse_quote;
use syn::visit_mut::{self, VisitMut};

use super::{Stats, path_ends_with};

/// Wrap the response of every `Error::UnexpectedResponse(response)` and every
/// `ResponseValue::stream(response)` in `::telnyx_sdk_core::codegen::whole_response(response)`,
/// which puts a stashed body back.
pub fn unexpected_response_keeps_body(file: &mut syn::File, stats: &mut Stats) {
    struct V<'a>(&'a mut Stats);
    impl VisitMut for V<'_> {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            visit_mut::visit_expr_call_mut(self, call);
            let hands_over_the_body = matches!(&*call.func, syn::Expr::Path(p)
                if path_ends_with(&p.path, &["Error", "UnexpectedResponse"])
                    || path_ends_with(&p.path, &["ResponseValue", "stream"]));
            if hands_over_the_body
                && call.args.len() == 1
                && let Some(arg) = call.args.first_mut()
            {
                let inner = arg.clone();
                *arg = parse_quote!(::telnyx_sdk_core::codegen::whole_response(#inner));
                self.0.unexpected_responses_keep_body += 1;
            }
        }
    }
    V(stats).visit_file_mut(file);
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn wraps_each_unexpected_response_once() {
        let mut file: syn::File = parse_quote! {
            async fn send(response: reqwest::Response) -> Result<(), Error<()>> {
                match response.status().as_u16() {
                    200u16 => Ok(()),
                    201u16 => Ok(ResponseValue::stream(response)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
            fn other(e: Error<()>) -> Error<()> { Error::CommunicationError(e) }
        };
        let mut stats = Stats::default();
        unexpected_response_keeps_body(&mut file, &mut stats);
        assert_eq!(stats.unexpected_responses_keep_body, 2);
        assert!(
            file.to_token_stream().to_string().contains(
                "ResponseValue :: stream (:: telnyx_sdk_core :: codegen :: whole_response (response))"
            ),
            "a file's bytes are the stream's"
        );
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains(
                "Error :: UnexpectedResponse (:: telnyx_sdk_core :: codegen :: whole_response (response))"
            ),
            "{text}"
        );
        assert!(text.contains("Error :: CommunicationError (e)"), "{text}");
    }
}
