//! `lhs api`: an authenticated raw request, for what has no command yet.

use reqwest::Method;

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};

/// An authenticated request to the portal API; prints the answer
///
/// PATH is relative to /api/v1 (paths starting with /api/ or /healthz are taken as they are).
/// The method defaults to GET, or POST with --data. On an error status the body is still
/// printed and the exit code says what kind of error it was.
///
/// Examples:
///   lhs api /me
///   lhs api -X PUT /customers/C0001/contract --data @contract.json
///   lhs api /openapi.json | jq '.paths | keys'
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// API path, e.g. /tickets?state=risposto
    pub path: String,
    /// HTTP method
    #[arg(short = 'X', long, value_name = "METHOD")]
    pub method: Option<String>,
    /// JSON body, or @FILE to read it from a file (@- for standard input)
    #[arg(short, long, value_name = "JSON|@FILE")]
    pub data: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let body: Option<serde_json::Value> = match &args.data {
        None => None,
        Some(d) => {
            let text = match d.strip_prefix('@') {
                Some("-") => crate::prompt::read_stdin_all()?,
                Some(f) => std::fs::read_to_string(f)
                    .map_err(|e| CliError::new(Kind::NotFound, format!("cannot read {f}: {e}")))?,
                None => d.clone(),
            };
            Some(
                serde_json::from_str(&text)
                    .map_err(|e| CliError::usage(format!("--data is not valid JSON: {e}")))?,
            )
        }
    };
    let method = match &args.method {
        Some(m) => Method::from_bytes(m.to_ascii_uppercase().as_bytes())
            .map_err(|_| CliError::usage(format!("invalid method `{m}`")))?,
        None if body.is_some() => Method::POST,
        None => Method::GET,
    };
    let client = ctx.client()?;
    let (status, bytes) = client.raw(method, &args.path, body.as_ref()).await?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v) => ctx.out.json(&v)?,
        Err(_) if bytes.is_empty() => {}
        Err(_) => crate::output::write_stdout(&bytes)?,
    }
    if status.is_success() {
        Ok(())
    } else {
        Err(client.api_error(status, &bytes))
    }
}
