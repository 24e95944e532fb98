//! The page's `<title>`, in the reader's language.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document's title (the app adds " · regdocs"). In the browser the text follows
/// the language switch. On the server it is read once, while the page renders:
/// `leptos_meta` writes the `<head>` after the body's first chunk, outside the request's
/// reactive arena, where reading the language signal would find another request's arena,
/// or none and panic.
#[component]
pub fn PageTitle(
    /// The title, usually `move || t_string!(i18n, ...).to_string()`.
    #[prop(into)]
    text: TextProp,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = TextProp::from(untrack(|| text.get()));
    view! { <Title text/> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use futures_util::StreamExt;
    use leptos_meta::ServerMetaContext;

    use super::*;

    /// `leptos_meta` writes the title into the `<head>` after rendering, where the
    /// request's reactive arena may not be the current one: here, on another thread.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_title_is_the_text_read_while_the_page_rendered() {
        _ = any_spawner::Executor::init_tokio();
        let owner = Owner::new_root(None);
        let (meta, output) = ServerMetaContext::new();
        let language = owner.with(|| {
            provide_context(meta);
            let language = RwSignal::new("Türkçe");
            _ = view! { <PageTitle text=move || format!("Sayfa ({})", language.get())/> }.to_html();
            language
        });
        let page = tokio::task::spawn_blocking(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            runtime.block_on(async {
                let body = futures_util::stream::iter([
                    "<html><head></head><body></body></html>".to_owned()
                ]);
                output
                    .inject_meta_context(body)
                    .await
                    .collect::<Vec<_>>()
                    .await
                    .concat()
            })
        })
        .await
        .expect("the head is written without the page's arena");
        assert!(page.contains("<title>Sayfa (Türkçe)</title>"), "{page}");
        drop((language, owner));
    }
}
