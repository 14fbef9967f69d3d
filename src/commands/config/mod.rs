//! `lhs config`: the CLI's settings — default profile, editor, pager, prompts — in the
//! configuration file (never a secret there).

use crate::config::KEYS;
use crate::context::Context;
use crate::error::{CliError, CliResult};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Get(GetArgs),
    Set(SetArgs),
    #[command(visible_alias = "ls")]
    List(ListArgs),
}

/// Print one setting (nothing when unset)
#[derive(Debug, clap::Args)]
pub struct GetArgs {
    /// default_profile, editor, pager or prompts
    pub key: String,
}

/// Change one setting; an empty value unsets it
///
/// Examples:
///   lhs config set editor "nano"
///   lhs config set pager cat
///   lhs config set prompts off
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SetArgs {
    /// default_profile, editor, pager or prompts
    pub key: String,
    pub value: String,
}

/// Every setting with its value
#[derive(Debug, clap::Args)]
pub struct ListArgs {}

fn check_key(key: &str) -> CliResult<()> {
    if KEYS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else {
        Err(
            CliError::usage(format!("unknown setting `{key}`")).hint(format!(
                "the settings: {}",
                KEYS.iter()
                    .map(|(k, what)| format!("{k} ({what})"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        )
    }
}

fn value_of(ctx: &Context, key: &str) -> Option<String> {
    let c = &ctx.config;
    match key {
        "default_profile" => c.default_profile.clone(),
        "editor" => c.editor.clone(),
        "pager" => c.pager.clone(),
        "prompts" => c.prompts.map(|p| if p { "on" } else { "off" }.to_owned()),
        _ => None,
    }
}

/// Sets the default profile, which must exist.
pub fn set_default_profile(ctx: &mut Context, name: &str) -> CliResult<()> {
    if !ctx.config.profiles.contains_key(name) {
        return Err(super::profile::use_::unknown(ctx, name));
    }
    ctx.config.default_profile = Some(name.to_owned());
    ctx.config.save(&ctx.config_dir)
}

pub fn run(ctx: &mut Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::Get(a) => {
            check_key(&a.key)?;
            if let Some(v) = value_of(ctx, &a.key) {
                crate::output::write_stdout(format!("{v}\n").as_bytes())?;
            }
            Ok(())
        }
        Command::List(_) => {
            let map: serde_json::Map<String, serde_json::Value> = KEYS
                .iter()
                .map(|(k, _)| {
                    (
                        (*k).to_owned(),
                        value_of(ctx, k).map_or(serde_json::Value::Null, serde_json::Value::String),
                    )
                })
                .collect();
            let fields: Vec<(&str, String)> = KEYS
                .iter()
                .map(|(k, _)| (*k, value_of(ctx, k).unwrap_or_default()))
                .collect();
            ctx.out.object(&map, &fields)
        }
        Command::Set(a) => {
            check_key(&a.key)?;
            let v = a.value.trim().to_owned();
            let some = (!v.is_empty()).then(|| v.clone());
            match a.key.as_str() {
                "default_profile" => match some {
                    Some(name) => {
                        return set_default_profile(ctx, &name)
                            .map(|()| ctx.out.success(&format!("default_profile = {name}")));
                    }
                    None => ctx.config.default_profile = None,
                },
                "editor" => ctx.config.editor = some,
                "pager" => ctx.config.pager = some,
                "prompts" => {
                    ctx.config.prompts = match v.to_ascii_lowercase().as_str() {
                        "" => None,
                        "on" | "true" | "yes" => Some(true),
                        "off" | "false" | "no" => Some(false),
                        other => {
                            return Err(CliError::usage(format!(
                                "prompts `{other}`: use on or off"
                            )));
                        }
                    }
                }
                _ => unreachable!("checked above"),
            }
            ctx.config.save(&ctx.config_dir)?;
            ctx.out.success(&if v.is_empty() {
                format!("{} unset", a.key)
            } else {
                format!("{} = {v}", a.key)
            });
            Ok(())
        }
    }
}
