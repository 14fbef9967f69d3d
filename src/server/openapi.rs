//! The OpenAPI 3 document, generated from the handlers' annotations and the `wire` types, and
//! served at `/api/v1/openapi.json`.
//!
//! Every operation lists every status it can answer: the handlers declare their own, and
//! [`ErrorContract`] adds the ones that follow from an operation's shape (the extractors'
//! refusals: 401/403 for authenticated routes, 400/413/415/422 for a JSON body, 422 for
//! parameters, 404 for a path with an id, 500 for all), each with the error envelope.

use std::sync::OnceLock;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::server::AppState;
use crate::server::routes::{
    auth, catalog, contents, courses, customers, health, outbox, package, reports, shop, staff,
    tickets, tokens, updates, users,
};
use crate::wire;

#[derive(OpenApi)]
#[openapi(
    info(title = "lhs portal API", description = "Customer support portal: users and permissions, web tickets, SMART package, the reading areas (documents, news, videos, fiscal notices, FAQ), software updates, courses, the Store, notifications. Errors are `{code, message, details}`."),
    components(schemas(wire::ErrorBody, wire::TicketState, wire::Priority, wire::Action, wire::Role, wire::ContentKind)),
    modifiers(&Bearer),
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Every route of the API with its OpenAPI entry: each route file declares its endpoints
/// once, and this is where they come together.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(auth::router())
        .merge(tokens::router())
        .merge(users::router())
        .merge(customers::router())
        .merge(staff::router())
        .merge(catalog::router())
        .merge(package::router())
        .merge(tickets::router())
        .merge(outbox::router())
        .merge(contents::router())
        .merge(updates::router())
        .merge(courses::router())
        .merge(shop::router())
        .merge(reports::router())
}

/// The OpenAPI document (built once).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| {
        let (_, mut doc) = api().split_for_parts();
        ErrorContract.modify(&mut doc);
        ClosedVariants.modify(&mut doc);
        FileAnswers.modify(&mut doc);
        AtLeastOneField.modify(&mut doc);
        doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
        doc
    })
}

/// Patches that must change something: at least one property (utoipa's own
/// `min_properties` writes `maxProperties`, so it is set here).
struct AtLeastOneField;

const PATCHES: &[&str] = &["EditTicketRequest"];

impl Modify for AtLeastOneField {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::Schema;
        let schemas = &mut doc.components.get_or_insert_with(Default::default).schemas;
        for name in PATCHES {
            let Some(RefOr::T(Schema::Object(o))) = schemas.get_mut(*name) else {
                panic!("{name} is no longer an object schema: update PATCHES");
            };
            o.min_properties = Some(1);
        }
    }
}

/// File downloads answer with the file's own type (checked at upload), not one fixed type:
/// the document lists every type a file may have.
struct FileAnswers;

const FILE_DOWNLOADS: &[&str] = &[
    "/api/v1/contents/{kind}/{id}/files/{file}",
    "/api/v1/tickets/{number}/attachments/{id}",
];

const FILE_TYPES: &[&str] = &[
    "application/pdf",
    "application/zip",
    "image/png",
    "image/jpeg",
    "application/xml",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
];

impl Modify for FileAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::ContentBuilder;
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        for path in FILE_DOWNLOADS {
            let Some(op) = doc.paths.paths.get_mut(*path).and_then(|i| i.get.as_mut()) else {
                panic!("{path} is no longer in the document: update FILE_DOWNLOADS");
            };
            let Some(RefOr::T(ok)) = op.responses.responses.get_mut("200") else {
                continue;
            };
            ok.content.clear();
            for ty in FILE_TYPES {
                let schema = ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                    .build();
                ok.content.insert(
                    (*ty).to_owned(),
                    ContentBuilder::new().schema(Some(schema)).build(),
                );
            }
        }
    }
}

/// utoipa leaves the variants of a tagged enum open; those of the request enums below are
/// closed (`deny_unknown_fields`), and the document says so.
struct ClosedVariants;

const CLOSED_ENUMS: &[&str] = &["ContentAudience"];

impl Modify for ClosedVariants {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::{AdditionalProperties, Schema};
        let Some(components) = doc.components.as_mut() else {
            return;
        };
        for name in CLOSED_ENUMS {
            let Some(RefOr::T(Schema::OneOf(one))) = components.schemas.get_mut(*name) else {
                panic!("{name} is no longer a oneOf: update CLOSED_ENUMS");
            };
            for item in &mut one.items {
                if let RefOr::T(Schema::Object(o)) = item {
                    o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
            }
        }
    }
}

struct ErrorContract;

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// Statuses that only some operations can answer, beyond what their shape implies.
const EXTRA: &[(&str, &str, &[&str])] = &[
    ("post", "/api/v1/auth/login", &["429", "503"]),
    ("post", "/api/v1/auth/password", &["429", "503"]),
    ("post", "/api/v1/auth/forgot", &["429"]),
    ("post", "/api/v1/auth/reset", &["429", "503"]),
    ("post", "/api/v1/users", &["409", "503"]),
    ("patch", "/api/v1/users/{account}", &["503"]),
    ("post", "/api/v1/users/{account}/password-reset", &["409"]),
    ("post", "/api/v1/outbox/retry", &["404"]),
    // An unknown `customer` or `technician` filter.
    ("get", "/api/v1/tickets", &["404"]),
    ("get", "/api/v1/users", &["404"]),
    ("get", "/api/v1/catalog", &["404"]),
];

impl Modify for ErrorContract {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut doc.paths.paths {
            let ops = [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ];
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let mut add: Vec<(&str, &str)> = vec![(
                    "500",
                    "`internal`: an unexpected failure (details in the server log)",
                )];
                if op.security.is_some() {
                    add.push((
                        "401",
                        "`unauthenticated`, `token_invalid`, `token_expired`, `token_revoked` or `account_disabled`",
                    ));
                    add.push((
                        "403",
                        "`password_change_required`, or the caller's role or permissions do not allow this",
                    ));
                }
                if op.request_body.is_some() {
                    add.push(("400", "`bad_request`: the body is not well-formed"));
                    add.push(("413", "`payload_too_large`: the body is over the limit"));
                    add.push((
                        "415",
                        "`unsupported_media_type`: wrong or missing Content-Type",
                    ));
                    add.push((
                        "422",
                        "`validation_failed` (`details.field` names the field) or a more specific code",
                    ));
                }
                if op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    add.push((
                        "422",
                        "`validation_failed`: a parameter is invalid (`details.field` names it)",
                    ));
                }
                if path.contains('{') {
                    add.push(("404", "`not_found`: no such resource for this caller"));
                }
                for (m, p, codes) in EXTRA {
                    if *m == method && p == path {
                        for c in *codes {
                            add.push((
                                c,
                                match *c {
                                    "429" => "`too_many_requests`: throttled, see Retry-After",
                                    "503" => "`server_busy`: password work is queued; see Retry-After",
                                    "409" => "`account_taken`, `account_disabled`, `already_sent` or `code_expired`",
                                    "404" => "`not_found`: a named customer, technician or mail does not exist",
                                    _ => "error",
                                },
                            ));
                        }
                    }
                }
                for (code, description) in add {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error_response(description));
                }
            }
        }
    }
}
