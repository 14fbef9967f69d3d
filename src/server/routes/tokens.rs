//! Personal API tokens for CI: create (the secret is returned once), list, revoke. A token acts
//! as its owner with the owner's permissions.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, check_text};
use crate::server::AppState;
use crate::server::auth::{Auth, new_secret};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::TokenRow;
use crate::wire::{ApiToken, CreateTokenRequest, CreatedToken, ErrorBody};

pub const DEFAULT_TTL_SECS: u64 = 30 * 86_400;
pub const MAX_TTL_SECS: u64 = 366 * 86_400;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(revoke))
}

fn info(t: &TokenRow, now: &str) -> ApiToken {
    ApiToken {
        id: t.id,
        name: t.name.clone(),
        created_at: t.created_at.clone(),
        expires_at: t.expires_at.clone(),
        last_used_at: t.last_used_at.clone(),
        revoked: t.revoked_at.is_some(),
        expired: t.expires_at.as_str() <= now,
    }
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens",
    request_body = CreateTokenRequest,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateTokenRequest>,
) -> ApiResult<(StatusCode, axum::Json<CreatedToken>)> {
    check_text("name", &req.name, 100)?;
    let secs = req.expires_in_seconds.unwrap_or(DEFAULT_TTL_SECS);
    if !(1..=MAX_TTL_SECS).contains(&secs) {
        return Err(ApiError::invalid(
            "expires_in_seconds",
            "a token lives from 1 second to 366 days",
        ));
    }
    let (secret, hash) = new_secret("lhs_p_");
    let row = st
        .write(auth, move |r, c| {
            let now = clock::now();
            let exp = clock::in_future(std::time::Duration::from_secs(secs));
            let id = r.insert_token(c.user.id, "api", &req.name, &hash, &now, &exp)?;
            Ok(TokenRow {
                id,
                user_id: c.user.id,
                kind: "api".into(),
                name: req.name.clone(),
                created_at: now,
                expires_at: exp,
                last_used_at: None,
                revoked_at: None,
            })
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedToken {
            info: info(&row, &clock::now()),
            token: secret,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    description = "The caller's personal tokens, without secrets.",
    responses((status = 200, body = Vec<ApiToken>)),
    security(("bearer" = [])))]
pub async fn list(State(st): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Vec<ApiToken>>> {
    let rows = st
        .read(auth, |r, c| Ok(r.list_tokens(c.user.id, "api")?))
        .await?;
    let now = clock::now();
    Ok(axum::Json(rows.iter().map(|t| info(t, &now)).collect()))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn revoke(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    st.write(auth, move |r, c| {
        let mine = r.list_tokens(c.user.id, "api")?.iter().any(|t| t.id == id);
        if !mine {
            return Err(ApiError::not_found(format!("token {id} not found")));
        }
        r.revoke_token(c.user.id, id, &clock::now())?;
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
