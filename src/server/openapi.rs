//! The OpenAPI 3 document, generated from the handlers' annotations and the `wire` types, and
//! served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::server::routes::{
    auth, catalog, customers, health, outbox, package, tickets, tokens, users,
};
use crate::wire;

#[derive(OpenApi)]
#[openapi(
    info(title = "lhs portal API", description = "Customer support portal: users and permissions, web tickets, SMART package, notifications. Errors are `{code, message, details}`."),
    paths(
        health::healthz,
        auth::login, auth::logout, auth::get_me, auth::change_password, auth::forgot, auth::reset,
        tokens::create, tokens::list, tokens::revoke,
        users::list, users::create, users::show, users::update, users::disable, users::enable,
        users::send_reset,
        customers::create, customers::list, customers::show, customers::get_contract,
        customers::put_contract, customers::get_package, customers::grant,
        catalog::get, catalog::add_section,
        package::get,
        tickets::list, tickets::create, tickets::show, tickets::close, tickets::take,
        tickets::reply, tickets::comment, tickets::attach, tickets::attachments, tickets::download,
        outbox::list, outbox::retry,
    ),
    components(schemas(wire::ErrorBody, wire::TicketState, wire::Priority, wire::Action, wire::Role)),
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

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}
