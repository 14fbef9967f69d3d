//! `--jq EXPR`: filters the JSON output with jq's language — a real implementation (jaq), not
//! a subset. Strings come out raw, one per line (as `gh --jq` and `jq -r` do); other values
//! as compact JSON.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

use crate::error::{CliError, CliResult};

fn invalid(code: &str, why: &str) -> CliError {
    CliError::usage(format!("--jq `{code}`: {why}"))
        .hint("see https://jqlang.org/manual/ — e.g. --jq '.[].number' or --jq 'map(select(.state == \"risposto\"))'")
}

/// Runs `code` on `input`; the lines to print. Checking a filter is running it on `null`.
pub fn run(code: &str, input: &serde_json::Value) -> CliResult<Vec<String>> {
    let text = serde_json::to_vec(input).map_err(|e| CliError::other(e.to_string()))?;
    let input = jaq_json::read::parse_single(&text)
        .map_err(|e| CliError::other(format!("cannot read the output as JSON: {e}")))?;
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(&arena, File { code, path: () })
        .map_err(|_| invalid(code, "not a valid jq expression"))?;
    let filter = Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| {
            let names: Vec<String> = errs
                .into_iter()
                .flat_map(|(_, es)| es.into_iter().map(|(name, _)| name.to_string()))
                .collect();
            invalid(code, &format!("unknown name {}", names.join(", ")))
        })?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
    let mut out = Vec::new();
    for y in filter.id.run((ctx, input)).map(unwrap_valr) {
        let v = y.map_err(|e| CliError::invalid(format!("--jq `{code}`: {e}")))?;
        out.push(match &v {
            Val::TStr(s) => jaq_json::bstr(&**s).to_string(),
            other => other.to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn real_jq() {
        let v = json!([{"number": 1, "state": "risposto"}, {"number": 2, "state": "chiuso"}]);
        assert_eq!(run(".[].number", &v).unwrap(), ["1", "2"]);
        assert_eq!(
            run("map(select(.state == \"risposto\")) | length", &v).unwrap(),
            ["1"]
        );
        assert_eq!(run(".[0].state", &v).unwrap(), ["risposto"]);
        assert!(run(".[", &v).is_err());
        assert!(run("nosuchfunction", &v).is_err());
    }
}
