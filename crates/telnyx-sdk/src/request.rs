//! Request types: one macro wraps a generated (progenitor) builder, forwards its setters,
//! and adds `.send()` returning `Result<T, telnyx_sdk::Error>` plus per-call `.timeout(..)` and
//! `.max_retries(..)`. List operations additionally get `.page_size(..)`, `.limit(..)`,
//! `.prefetch(..)`, `.pages()` and `.stream()`.
//!
//! The generated builder borrows its generated client, and a per-call override needs a
//! different client (same pool, different runtime). So the facade stores the parameters
//! and builds the generated request only when it is sent.

use telnyx_sdk_core::Page;

type ErrorFuture = std::pin::Pin<Box<dyn std::future::Future<Output = crate::Error> + Send>>;

pin_project_lite::pin_project! {
    /// One call of a generated request: its decoded value, or the SDK's error (for an error
    /// response, once its body is read).
    ///
    /// Polled from a function of its own instead of being inlined, with the generated state
    /// machine, into every future that awaits it: the facade's futures stay small in code,
    /// and one copy of each operation's request code serves every caller.
    pub(crate) struct Call<F, T> {
        #[pin]
        request: F,
        // the mapping of an error, boxed: it reads a body, and errors are rare
        error: Option<ErrorFuture>,
        value: std::marker::PhantomData<fn() -> T>,
    }
}

impl<F, T> Call<F, T> {
    /// Calls `request`, the future of a generated builder's `send()`.
    pub(crate) fn new(request: F) -> Self {
        Call {
            request,
            error: None,
            value: std::marker::PhantomData,
        }
    }
}

impl<F, T> std::future::Future for Call<F, T>
where
    F: std::future::Future<
            Output = Result<
                telnyx_sdk_core::progenitor_client::ResponseValue<T>,
                telnyx_sdk_core::progenitor_client::Error<()>,
            >,
        >,
    T: serde::de::DeserializeOwned + 'static,
{
    type Output = Result<T, crate::Error>;

    #[inline(never)]
    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        use std::task::Poll;
        let this = self.project();
        let error = match this.error {
            Some(error) => error,
            None => match this.request.poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(value)) => return Poll::Ready(Ok(value.into_inner())),
                Poll::Ready(Err(e)) => this
                    .error
                    .insert(Box::pin(crate::Error::from_progenitor::<T>(e))),
            },
        };
        error.as_mut().poll(cx).map(Err)
    }
}

/// Identity function naming a body builder type inside the macros.
pub(crate) fn body_of<B>(body: B) -> B {
    body
}

/// Turns list data and pagination metadata into a [`Page`].
pub(crate) fn page_of<T>(
    items: Vec<T>,
    page_number: Option<i64>,
    total_pages: Option<i64>,
) -> Page<T> {
    Page::new(
        items,
        page_number.and_then(|n| u64::try_from(n).ok()),
        total_pages.and_then(|n| u64::try_from(n).ok()),
    )
}

/// Checks a page size (1..=250) and converts it to the generated parameter type.
pub(crate) fn page_size_param(size: u32) -> Result<std::num::NonZeroU64, crate::Error> {
    telnyx_sdk_core::pagination::validate_page_size(size)?;
    std::num::NonZeroU64::new(u64::from(size)).ok_or_else(|| {
        crate::Error::InvalidRequest("page size must be between 1 and 250".to_owned())
    })
}

/// Converts a page number (1-based) to the generated parameter type.
pub(crate) fn page_number_param(number: u64) -> Result<std::num::NonZeroU64, crate::Error> {
    std::num::NonZeroU64::new(number)
        .ok_or_else(|| crate::Error::InvalidRequest("page numbers start at 1".to_owned()))
}

/// Shared parts of every request type: struct, setters, overrides.
macro_rules! request_common {
    (
        $(#[$meta:meta])*
        $name:ident => $builder:ident;
        path { $($pname:ident : $pty:ty),* $(,)? }
        query { $($qname:ident : $qty:ty),* $(,)? }
        $( body: $body:ident; )?
        extra { $($xname:ident : $xty:ty = $xdefault:expr),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name {
            client: $crate::Client,
            overrides: $crate::client::Overrides,
            error: Option<String>,
            $( $pname: $pty, )*
            $( $qname: Option<$qty>, )*
            $( body: types::builder::$body, )?
            $( $xname: $xty, )*
        }

        impl $name {
            pub(crate) fn new(client: &$crate::Client, $( $pname: &$pty ),*) -> Self {
                $name {
                    client: client.clone(),
                    overrides: $crate::client::Overrides::default(),
                    error: None,
                    $( $pname: $pname.clone(), )*
                    $( $qname: None, )*
                    $( body: <types::builder::$body as Default>::default(), )?
                    $( $xname: $xdefault, )*
                }
            }

            $(
                #[doc = concat!("Sets the `", stringify!($qname), "` parameter.")]
                pub fn $qname<V>(mut self, value: V) -> Self
                where
                    V: TryInto<$qty>,
                {
                    match value.try_into() {
                        Ok(v) => self.$qname = Some(v),
                        Err(_) => {
                            self.error = Some(concat!(
                                "invalid value for `", stringify!($qname), "`"
                            ).to_owned())
                        }
                    }
                    self
                }
            )*

            $(
                /// Sets the whole request body.
                pub fn body<V>(mut self, value: V) -> Self
                where
                    V: TryInto<types::$body>,
                    <V as TryInto<types::$body>>::Error: std::fmt::Display,
                {
                    match value.try_into() {
                        Ok(v) => self.body = v.into(),
                        Err(e) => self.error = Some(format!("invalid body: {e}")),
                    }
                    self
                }

                /// Edits the request body field by field, e.g. `.body_map(|b| b.field(value))`.
                pub fn body_map<F>(mut self, f: F) -> Self
                where
                    F: FnOnce(types::builder::$body) -> types::builder::$body,
                {
                    self.body = f(self.body);
                    self
                }
            )?

            /// Overrides the client's per-attempt timeout for this call.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.overrides.timeout = Some(timeout);
                self
            }

            /// Overrides the client's retry count for this call (0 disables retries).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.overrides.max_retries = Some(max_retries);
                self
            }

            /// Builds the generated request against a generated client; the parameters are
            /// moved in, not copied (one argument per parameter of the operation).
            #[allow(clippy::too_many_arguments)]
            fn into_generated<'g>(
                generated: &'g api::Client,
                $( $pname: $pty, )*
                $( $qname: Option<$qty>, )*
                $( body: types::builder::$body, )?
            ) -> api::builder::$builder<'g> {
                let b = api::builder::$builder::new(generated);
                $( let b = b.$pname($pname); )*
                $( let b = match $qname {
                    Some(v) => b.$qname(v),
                    None => b,
                }; )*
                $( let b = b.body($crate::request::body_of::<types::builder::$body>(body)); )?
                b
            }
        }
    };
}

/// A request for one operation that is not a paginated list.
macro_rules! operation {
    (
        $(#[$meta:meta])*
        $name:ident => $builder:ident -> $output:ty;
        path { $($pname:ident : $pty:ty),* $(,)? }
        query { $($qname:ident : $qty:ty),* $(,)? }
        $( body: $body:ident; )?
    ) => {
        request_common! {
            $(#[$meta])*
            $name => $builder;
            path { $($pname : $pty),* }
            query { $($qname : $qty),* }
            $( body: $body; )?
            extra {}
        }

        impl $name {
            /// Sends the request (with retries) and decodes the response.
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<$output, $crate::Error>> + Send + 'static
            {
                // an `async move` block, not an `async fn`: that would keep `self` twice
                async move {
                    if let Some(message) = self.error {
                        return Err($crate::Error::InvalidRequest(message));
                    }
                    let generated = <api::Client as $crate::client::Domain>::select(
                        &self.client,
                        self.overrides,
                    );
                    let request = Self::into_generated(
                        &generated,
                        $( self.$pname, )*
                        $( self.$qname, )*
                        $( $crate::request::body_of::<types::builder::$body>(self.body), )?
                    );
                    $crate::request::Call::new(request.send()).await
                }
            }
        }
    };
}

/// A request for a paginated list operation.
macro_rules! list_operation {
    (
        $(#[$meta:meta])*
        $name:ident => $builder:ident -> $output:ty, item $item:ty;
        path { $($pname:ident : $pty:ty),* $(,)? }
        query { $($qname:ident : $qty:ty),* $(,)? }
    ) => {
        request_common! {
            $(#[$meta])*
            $name => $builder;
            path { $($pname : $pty),* }
            query { $($qname : $qty),* }
            extra {
                page_number: Option<u64> = None,
                page_size: Option<u32> = None,
                limit: Option<u64> = None,
                prefetch: bool = false,
            }
        }

        impl $name {
            /// Items per page, 1..=250 (the API's default is 20). A value out of range fails
            /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before any request.
            pub fn page_size(mut self, size: u32) -> Self {
                self.page_size = Some(size);
                self
            }

            /// The page to fetch with [`send`](Self::send), or the first page of
            /// [`stream`](Self::stream) / [`pages`](Self::pages) (1-based).
            pub fn page_number(mut self, number: u64) -> Self {
                self.page_number = Some(number);
                self
            }

            /// Stops [`stream`](Self::stream) / [`pages`](Self::pages) after `limit` items;
            /// no page beyond the one holding the last item is requested.
            pub fn limit(mut self, limit: u64) -> Self {
                self.limit = Some(limit);
                self
            }

            /// Whether [`stream`](Self::stream) / [`pages`](Self::pages) request the next
            /// page while the current one is consumed (default `false`: never request a
            /// page the caller may not read).
            pub fn prefetch(mut self, prefetch: bool) -> Self {
                self.prefetch = prefetch;
                self
            }

            /// Fetches one page (the one set by [`page_number`](Self::page_number), else the
            /// first) and returns the whole response, including its pagination metadata.
            pub fn send(
                self,
            ) -> impl std::future::Future<Output = Result<$output, $crate::Error>> + Send + 'static
            {
                // an `async move` block, not an `async fn`: that would keep `self` twice
                async move {
                    if let Some(message) = self.error {
                        return Err($crate::Error::InvalidRequest(message));
                    }
                    let size = self.page_size.map($crate::request::page_size_param).transpose()?;
                    let number =
                        self.page_number.map($crate::request::page_number_param).transpose()?;
                    let generated = <api::Client as $crate::client::Domain>::select(
                        &self.client,
                        self.overrides,
                    );
                    let b = Self::into_generated(
                        &generated,
                        $( self.$pname, )*
                        $( self.$qname, )*
                    );
                    let b = match size {
                        Some(size) => b.page_size(size),
                        None => b,
                    };
                    let b = match number {
                        Some(number) => b.page_number(number),
                        None => b,
                    };
                    $crate::request::Call::new(b.send()).await
                }
            }

            /// Fetches page `number` as a [`Page`](telnyx_sdk_core::Page).
            fn fetch_page(
                mut self,
                number: u64,
            ) -> impl std::future::Future<
                Output = Result<telnyx_sdk_core::Page<$item>, $crate::Error>,
            > + Send
            + 'static {
                self.page_number = Some(number);
                let response = self.send();
                async move {
                    let response = response.await?;
                    let (page_number, total_pages) = match &response.meta {
                        Some(meta) => (meta.page_number, meta.total_pages),
                        None => (None, None),
                    };
                    Ok($crate::request::page_of(response.data, page_number, total_pages))
                }
            }

            /// A stream of pages, starting at [`page_number`](Self::page_number) (default 1).
            ///
            /// Ends at an empty page or after the last page the server reports. The stream
            /// follows the page numbers the server reports; when they stop increasing (a
            /// repeated page, or one going back), it ends with an error instead of looping.
            pub fn pages(
                self,
            ) -> impl futures_core::Stream<Item = Result<telnyx_sdk_core::Page<$item>, $crate::Error>>
            + Send
            + Unpin
            + 'static {
                $crate::request::paginator(self.page_number, self.page_size, self.limit, self.prefetch, self, Self::fetch_page).pages()
            }

            /// A stream of all items across pages; see [`pages`](Self::pages).
            pub fn stream(
                self,
            ) -> impl futures_core::Stream<Item = Result<$item, $crate::Error>> + Send + Unpin + 'static
            {
                $crate::request::paginator(self.page_number, self.page_size, self.limit, self.prefetch, self, Self::fetch_page).items()
            }
        }
    };
}

/// A [`Paginator`](telnyx_sdk_core::Paginator) that fetches each page with a copy of
/// `template` (whose page size is fixed to the paginator's).
pub(crate) fn paginator<R, F, Fut, T>(
    first_page: Option<u64>,
    page_size: Option<u32>,
    limit: Option<u64>,
    prefetch: bool,
    template: R,
    fetch: F,
) -> telnyx_sdk_core::Paginator<impl FnMut(u64) -> Fut>
where
    R: Clone,
    F: Fn(R, u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, crate::Error>>,
{
    let size = page_size.unwrap_or(telnyx_sdk_core::pagination::DEFAULT_PAGE_SIZE);
    telnyx_sdk_core::Paginator::new(size, move |number| fetch(template.clone(), number))
        .first_page(first_page.unwrap_or(1))
        .limit(limit)
        .prefetch(prefetch)
}
