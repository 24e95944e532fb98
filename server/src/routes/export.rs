//! `GET /account/export`: everything regdocs holds about the signed-in account, as one
//! ZIP (see `app::backend::accounts::export`), streamed from its temporary file. One at
//! a time per account (it counts as a transfer in flight, like an upload).

use axum::{
    body::Body,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use app::backend::{
    accounts::export::export,
    infra::{ctx::Ctx, limits, state::AppState},
};

/// Builds the export and streams it as a download.
pub async fn export_account(State(state): State<AppState>, ctx: Ctx) -> Response {
    let Some(_slot) = state.uploads.try_take(ctx.id()) else {
        return limits::export_in_progress().into_response();
    };
    let made = match export(&ctx).await {
        Ok(made) => made,
        Err(err) => return err.into_response(),
    };
    let file = tokio::fs::File::from_std(made.file);
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(made.len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", made.name))
    {
        h.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}
