//! `/openapi.json` (OpenAPI 3.1) and `/docs`, both built from the route table [`ROUTES`]:
//! every route with its roles, and the bodies as JSON Schemas derived from the types the
//! handlers parse and return.

use serde_json::{json, Value};

use crate::requests::NewRequest;
use crate::webhooks::WebhookBody;
use crate::{NewUser, ScreenBody, ROUTES};

/// The OpenAPI 3.1 document, built from [`ROUTES`].
pub fn openapi() -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let mut bodies = body_schemas(&mut generator);
    let mut paths = serde_json::Map::new();
    for r in ROUTES {
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        let mut op = json!({
            "summary": r.summary,
            "parameters": params,
            "responses": {
                "200": { "description": "OK" },
                "default": { "description": "A problem (RFC 9457) with a stable `code`.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
            },
            "x-roles": r.roles,
        });
        if !r.roles.is_empty() {
            op["security"] = json!([{ "bearer": [] }]);
        }
        let (request, response) = bodies.remove(&(r.method, r.path)).unwrap_or((None, None));
        if let Some(schema) = request {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": schema } } });
        } else if r.method == "post" {
            op["requestBody"] = json!({ "required": false, "content": { "application/json": { "schema": { "type": "object" } } } });
        }
        if let Some(schema) = response {
            op["responses"]["200"]["content"] = json!({ "application/json": { "schema": schema } });
        }
        let entry = paths.entry(r.path.to_owned()).or_insert_with(|| json!({}));
        entry[r.method] = op;
    }
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "embargo", "version": env!("CARGO_PKG_VERSION"), "description": "UN arms embargoes and sanctions: transfer checks, screening and the exemption procedure of a sanctions committee." },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": { "Problem": { "type": "object", "required": ["type", "title", "status", "code", "detail"], "properties": {
                "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
                "code": { "type": "string", "enum": ["invalid_input", "unauthenticated", "forbidden", "not_found", "conflict", "refused", "busy", "internal", "rate_limited", "too_large"] },
                "detail": { "type": "string" }, "field": { "type": "string" }, "problems": { "type": "array" } } } }
        }
    });
    for (name, schema) in generator.take_definitions(true) {
        doc["components"]["schemas"][name] = schema;
    }
    doc
}

type BodySchemas = std::collections::HashMap<
    (&'static str, &'static str),
    (Option<schemars::Schema>, Option<schemars::Schema>),
>;

/// The request and response bodies of the routes, as JSON Schemas generated from the types the
/// handlers parse and return (references into `components/schemas`).
fn body_schemas(g: &mut schemars::SchemaGenerator) -> BodySchemas {
    use embargo_domain::procedure::intent::Intent;
    use embargo_domain::{CheckResult, Transfer};
    let mut m = BodySchemas::new();
    m.insert(
        ("post", "/v1/check"),
        (Some(g.subschema_for::<Transfer>()), Some(g.subschema_for::<CheckResult>())),
    );
    let one = g.subschema_for::<embargo_engine::screen::ScreenResult>();
    let many = schemars::json_schema!({
        "type": "object",
        "required": ["results"],
        "properties": { "results": { "type": "array", "items": one.clone() } }
    });
    let screened = schemars::json_schema!({ "oneOf": [one, many] });
    m.insert(("post", "/v1/screen"), (Some(g.subschema_for::<ScreenBody>()), Some(screened)));
    m.insert(("post", "/v1/requests"), (Some(g.subschema_for::<NewRequest>()), None));
    m.insert(
        ("get", "/v1/requests"),
        (None, Some(g.subschema_for::<Vec<embargo_engine::requests::RequestRow>>())),
    );
    m.insert(
        ("get", "/v1/requests/{reference}"),
        (None, Some(g.subschema_for::<embargo_engine::requests::RequestView>())),
    );
    m.insert(
        ("post", "/v1/requests/{reference}/commands"),
        (Some(g.subschema_for::<Intent>()), None),
    );
    m.insert(("post", "/v1/users"), (Some(g.subschema_for::<NewUser>()), None));
    m.insert(("post", "/v1/webhooks"), (Some(g.subschema_for::<WebhookBody>()), None));
    m
}

pub(crate) fn docs_page() -> String {
    let mut rows = String::new();
    for r in ROUTES {
        rows.push_str(&format!(
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
            r.method.to_uppercase(),
            html_escape(r.path),
            html_escape(r.summary),
            if r.roles.is_empty() { "anyone".to_owned() } else { r.roles.join(", ") }
        ));
    }
    format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>embargo API</title></head><body><main><h1>embargo API</h1><p>Send <code>Authorization: Bearer TOKEN</code> (from <code>embargo users add</code>). Errors are <code>application/problem+json</code> with a stable <code>code</code>. The machine-readable document is <a href=\"/openapi.json\">/openapi.json</a>.</p><table><thead><tr><th scope=\"col\">Method</th><th scope=\"col\">Path</th><th scope=\"col\">What it does</th><th scope=\"col\">Roles</th></tr></thead><tbody>\n{rows}</tbody></table></main></body></html>")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
