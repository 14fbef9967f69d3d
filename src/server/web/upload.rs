//! A posted multipart form with files (new ticket, attachments): its text fields, and its
//! files each checked by `service::files::accept` as it arrives — the API's rules.

use std::collections::HashMap;

use axum::extract::Multipart;

use crate::server::i18n::Lang;
use crate::server::service::files::{self, FileRules};
use crate::server::store::NewAttachment;

/// What a multipart form carried.
#[derive(Debug, Default)]
pub struct Posted {
    pub texts: HashMap<String, String>,
    pub files: Vec<NewAttachment>,
    /// Why a file was refused (the first refusal), or why the upload broke.
    pub file_error: Option<String>,
}

impl Posted {
    pub fn text(&self, name: &str) -> String {
        self.texts.get(name).cloned().unwrap_or_default()
    }
}

/// Reads the form: text fields by name, parts named `file` as files under `rules`.
pub async fn read(mut mp: Multipart, rules: &FileRules, lang: Lang) -> Posted {
    let mut p = Posted::default();
    let broken = lang.ui().upload_failed;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                p.file_error.get_or_insert_with(|| broken.into());
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let filename = field.file_name().unwrap_or("").to_owned();
            let Ok(data) = field.bytes().await else {
                p.file_error.get_or_insert_with(|| broken.into());
                break;
            };
            // A file input left empty sends a part without a name.
            if filename.is_empty() && data.is_empty() {
                continue;
            }
            match files::accept(rules, p.files.len(), &filename, &data) {
                Ok(f) => p.files.push(f),
                Err(e) => {
                    p.file_error.get_or_insert_with(|| super::say(lang, &e));
                }
            }
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        p.texts.insert(name, text);
    }
    p
}
