//! `lhs updates download`.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};
use crate::wire::{SoftwareUpdate, UpdateFile};

/// Download the files of a software update, verifying each against its SHA-256
///
/// Files are written into --dir as they arrive (never held in memory), first as NAME.part;
/// an interrupted download is resumed from where it stopped by running the same command
/// again. A file already there with the right checksum is left as it is; a different one is
/// not overwritten unless --force. Needs `aggiornamenti=download`.
///
/// Examples:
///   lhs updates download 12 --dir ~/Downloads
///   lhs updates download --latest --product "Software Gestionale"
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "latest"])))]
pub struct Args {
    /// The update's id (see `lhs updates list`)
    pub id: Option<i64>,
    /// The newest update of --product
    #[arg(long, requires = "product")]
    pub latest: bool,
    /// The product, with --latest
    #[arg(long, short = 'p', value_name = "PRODUCT")]
    pub product: Option<String>,
    /// Directory to write into
    #[arg(long, short = 'd', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Only the file with this name
    #[arg(long, value_name = "NAME")]
    pub file: Option<String>,
    /// Overwrite files that differ
    #[arg(long)]
    pub force: bool,
}

/// SHA-256 of a file on disk, read in pieces.
fn hash_file(path: &Path, hasher: &mut Sha256) -> std::io::Result<u64> {
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
}

fn io_err(path: &Path, e: &std::io::Error) -> CliError {
    CliError::other(format!("cannot write {}: {e}", path.display()))
}

async fn resolve(ctx: &Context, args: &Args) -> CliResult<SoftwareUpdate> {
    let client = ctx.client()?;
    if let Some(id) = args.id {
        return client.update(id).await;
    }
    let product = args.product.as_deref().unwrap_or_default();
    let page = client.updates(Some(product), None, 1, None).await?;
    page.items.into_iter().next().ok_or_else(|| {
        CliError::new(
            Kind::NotFound,
            format!("no update of {product} is published for you"),
        )
        .hint("see what is published with `lhs updates list`")
    })
}

/// What to do with one file.
enum Plan {
    /// Already there, with the right checksum.
    Done,
    Fetch {
        target: PathBuf,
        part: PathBuf,
    },
}

fn plan(dir: &Path, f: &UpdateFile, force: bool) -> CliResult<Plan> {
    let name = crate::domain::attachment::sanitize_filename(&f.filename);
    let target = dir.join(&name);
    let part = dir.join(format!("{name}.part"));
    if target.exists() {
        let mut h = Sha256::new();
        let same = hash_file(&target, &mut h).is_ok() && hex::encode(h.finalize()) == f.sha256;
        if same {
            return Ok(Plan::Done);
        }
        if !force {
            return Err(CliError::new(
                Kind::Conflict,
                format!(
                    "{} already exists and differs from {}",
                    target.display(),
                    f.filename
                ),
            )
            .hint("pass --force to overwrite it, or --dir to write elsewhere"));
        }
    }
    Ok(Plan::Fetch { target, part })
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let u = resolve(ctx, &args).await?;
    let files: Vec<&UpdateFile> = u
        .files
        .iter()
        .filter(|f| {
            args.file
                .as_deref()
                .is_none_or(|n| f.filename.eq_ignore_ascii_case(n))
        })
        .collect();
    if files.is_empty() {
        let names: Vec<&str> = u.files.iter().map(|f| f.filename.as_str()).collect();
        return Err(CliError::new(
            Kind::NotFound,
            format!(
                "update {} has no file named `{}`",
                u.id,
                args.file.as_deref().unwrap_or_default()
            ),
        )
        .hint(format!("its files: {}", names.join(", "))));
    }
    let plans = files
        .iter()
        .map(|f| plan(&args.dir, f, args.force))
        .collect::<CliResult<Vec<_>>>()?;
    let client = ctx.client_for_transfers()?;
    let mut written = String::new();
    for (f, p) in files.iter().zip(plans) {
        let (target, part) = match p {
            Plan::Done => {
                ctx.out.note(&format!(
                    "{} is already downloaded (checksum verified)",
                    args.dir.join(&f.filename).display()
                ));
                let _ = writeln!(
                    written,
                    "{}",
                    args.dir
                        .join(crate::domain::attachment::sanitize_filename(&f.filename))
                        .display()
                );
                continue;
            }
            Plan::Fetch { target, part } => (target, part),
        };
        fetch(ctx, &client, &u, f, &part).await?;
        std::fs::rename(&part, &target).map_err(|e| io_err(&target, &e))?;
        let _ = writeln!(written, "{}", target.display());
    }
    ctx.out.print(&written)?;
    ctx.out.success(&format!(
        "{} {}: {} downloaded and verified",
        u.product,
        u.version,
        crate::output::count(files.len(), "file", "files")
    ));
    Ok(())
}

/// Fetches one file into `part`, resuming what an earlier run left there, and checks the
/// whole against its SHA-256. Nothing is created on disk before the portal has said yes (a
/// refusal leaves no empty `.part` behind). A resumed part whose bytes turn out not to match
/// is started again from zero, once, saying so; a fresh download that does not match is
/// removed and reported.
async fn fetch(
    ctx: &Context,
    client: &crate::api::ApiClient,
    u: &SoftwareUpdate,
    f: &UpdateFile,
    part: &Path,
) -> CliResult<()> {
    let size = u64::try_from(f.size).unwrap_or(0);
    if fetch_once(ctx, client, u, f, part, size, true).await? {
        let _ = std::fs::remove_file(part);
        ctx.out.warn(&format!(
            "the partial download {} did not match {}; starting again from zero",
            part.display(),
            f.filename
        ));
        // From zero: a mismatch now is an error, never another restart.
        fetch_once(ctx, client, u, f, part, size, false).await?;
    }
    Ok(())
}

/// One attempt of [`fetch`]: `Ok(false)` when the file is complete and verified, `Ok(true)`
/// when a resumed part did not match (the caller starts over), an error otherwise.
async fn fetch_once(
    ctx: &Context,
    client: &crate::api::ApiClient,
    u: &SoftwareUpdate,
    f: &UpdateFile,
    part: &Path,
    size: u64,
    resume: bool,
) -> CliResult<bool> {
    let mut hasher = Sha256::new();
    let mut have = if resume && part.exists() {
        hash_file(part, &mut hasher).map_err(|e| io_err(part, &e))?
    } else {
        0
    };
    if have > size {
        have = 0;
        hasher = Sha256::new();
    }
    if have > 0 {
        ctx.out.note(&format!(
            "resuming {} at {} of {}",
            f.filename,
            crate::output::human_bytes(have),
            crate::output::human_bytes(size)
        ));
    }
    let from = have;
    let bar = crate::output::progress::bytes(&ctx.out, size, &f.filename);
    bar.set_position(have);
    // Opened on the first bytes the portal sends, that is once it has said yes.
    let mut out: Option<std::fs::File> = None;
    let open = |truncate: bool| -> CliResult<std::fs::File> {
        if let Some(dir) = part.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, &e))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(part)
            .map_err(|e| io_err(part, &e))?;
        if truncate {
            file.set_len(0).map_err(|e| io_err(part, &e))?;
        }
        Ok(file)
    };
    let mut sink = |at: u64, bytes: &[u8]| -> CliResult<()> {
        if at == 0 && have > 0 {
            // The portal sends the whole file: start the part over.
            hasher = Sha256::new();
            have = 0;
            bar.set_position(0);
            out = Some(open(true)?);
        }
        if out.is_none() {
            out = Some(open(have == 0)?);
        }
        let file = out.as_mut().expect("opened above");
        file.write_all(bytes).map_err(|e| io_err(part, &e))?;
        hasher.update(bytes);
        bar.inc(bytes.len() as u64);
        Ok(())
    };
    let result = if from == size && size > 0 {
        Ok(())
    } else {
        client.update_file(u.id, f.id, from, &mut sink).await
    };
    if let Err(e) = result {
        bar.abandon();
        return Err(if e.kind == Kind::Network && part.exists() {
            e.hint(format!(
                "what arrived is kept in {}; run the same command again to resume",
                part.display()
            ))
        } else {
            e
        });
    }
    // An empty file sends no bytes: the portal's yes is enough to create it.
    let file = match out {
        Some(file) => file,
        None => open(from == 0)?,
    };
    file.sync_all().map_err(|e| io_err(part, &e))?;
    bar.finish_and_clear();
    if hex::encode(hasher.finalize()) == f.sha256 {
        return Ok(false);
    }
    if from > 0 {
        return Ok(true);
    }
    let _ = std::fs::remove_file(part);
    Err(CliError::new(
        Kind::Network,
        format!(
            "{}: the download does not match its SHA-256; the file was removed",
            f.filename
        ),
    )
    .hint("run the command again to download it afresh"))
}
