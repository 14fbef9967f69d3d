//! The portal's words in Italian and English: one module per language ([`en`], [`it`]), each
//! explaining every [`service::Error`](crate::server::service::error::Error) and writing
//! every notification mail (`en::mail`, `it::mail`). The API answers in the language its
//! `Accept-Language` prefers (English when it names neither; the language of a request is set
//! by [`language`] for everything that answers it); a mail is in its recipient's language.

pub mod en;
pub mod it;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::server::service::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    It,
}

/// Who reads the text: the API's clients (whose hints may name `lhs` commands and endpoints)
/// or a person on a web page (whose hints name what is on the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Api,
    Page,
}

/// The web pages' words in one language (`en::UI`, `it::UI`).
#[derive(Debug)]
pub struct Ui {
    /// The `lang` of the page's `<html>`.
    pub lang: &'static str,
    pub portal: &'static str,
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub change: &'static str,
    /// The start of the title of a page with errors ("Errore").
    pub error_prefix: &'static str,
    pub there_is_a_problem: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub account_label: &'static str,
    pub account_hint: &'static str,
    pub password_label: &'static str,
    pub forgot_password: &'static str,
    pub signed_out: &'static str,
    pub session_ended: &'static str,
    pub home: &'static str,
    pub welcome: &'static str,
    pub menu: &'static str,
    pub package_title: &'static str,
    pub no_package: &'static str,
    pub minutes: &'static str,
    pub enter_account: &'static str,
    pub enter_password: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub refused_title: &'static str,
    pub refused_text: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub send_code: &'static str,
    pub have_a_code: &'static str,
    pub code_sent: &'static str,
    pub reset_title: &'static str,
    pub reset_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub enter_code: &'static str,
    pub new_password_label: &'static str,
    pub password_rule: &'static str,
    pub confirm_label: &'static str,
    pub enter_new_password: &'static str,
    pub passwords_differ: &'static str,
    pub set_password: &'static str,
    pub ask_a_code: &'static str,
    pub password_set: &'static str,
    pub change_title: &'static str,
    pub change_forced: &'static str,
    pub current_password_label: &'static str,
    pub section_support: &'static str,
    pub tickets_title: &'static str,
    pub new_ticket: &'static str,
    pub state_label: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub search_label: &'static str,
    pub apply_filters: &'static str,
    pub active_filters: &'static str,
    pub remove_filter: &'static str,
    pub no_tickets: &'static str,
    pub col_number: &'static str,
    pub col_created: &'static str,
    pub col_user: &'static str,
    pub col_technician: &'static str,
    pub col_closed: &'static str,
    pub col_state: &'static str,
    pub col_section: &'static str,
    pub col_subject: &'static str,
    pub col_minutes: &'static str,
    pub col_priority: &'static str,
    pub col_details: &'static str,
    pub close_ticket: &'static str,
    pub pages: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    /// "Ticket {n} closed" (`{n}`: its number).
    pub ticket_closed: &'static str,
    pub date_format: &'static str,
    pub ticket_word: &'static str,
    pub customer_label: &'static str,
    pub notify_label: &'static str,
    pub description_label: &'static str,
    pub ok_resolved: &'static str,
    pub reopen: &'static str,
    pub reopen_why: &'static str,
    pub attachments_label: &'static str,
    pub no_attachments: &'static str,
    pub comments_label: &'static str,
    pub no_comments: &'static str,
    pub add_comment: &'static str,
    pub send_comment: &'static str,
    pub enter_comment: &'static str,
    pub reply_word: &'static str,
    pub back_to_list: &'static str,
    pub comment_added: &'static str,
    pub ticket_reopened: &'static str,
    pub ticket_closed_here: &'static str,
    pub notice_word: &'static str,
    pub one_problem: &'static str,
    pub notify_hint: &'static str,
    pub section_choice: &'static str,
    pub section_hint: &'static str,
    pub choose: &'static str,
    pub notices_title: &'static str,
    pub add_attachments: &'static str,
    pub attachment_rules: &'static str,
    pub cancel: &'static str,
    pub send_ticket: &'static str,
    pub choose_section: &'static str,
    pub enter_subject: &'static str,
    pub enter_description: &'static str,
    pub upload_failed: &'static str,
    pub ticket_opened: &'static str,
    pub users_title: &'static str,
    pub insert: &'static str,
    pub insert_user: &'static str,
    pub search_button: &'static str,
    pub no_users: &'static str,
    pub surname_label: &'static str,
    pub name_label: &'static str,
    pub role_label: &'static str,
    pub role_user: &'static str,
    pub username_label: &'static str,
    pub active_label: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub account_rule: &'static str,
    pub initial_password: &'static str,
    pub initial_password_hint: &'static str,
    pub permissions_title: &'static str,
    pub area_label: &'static str,
    pub read_label: &'static str,
    pub advanced_label: &'static str,
    pub support_none: &'static str,
    pub support_own: &'static str,
    pub support_all: &'static str,
    pub purchases: &'static str,
    /// "User {account} created" (`{account}`: the account).
    pub user_created: &'static str,
    pub profile_title: &'static str,
    pub role_admin: &'static str,
    pub role_staff: &'static str,
    pub tokens_title: &'static str,
    pub tokens_intro: &'static str,
    pub no_tokens: &'static str,
    pub token_name: &'static str,
    pub token_name_hint: &'static str,
    pub token_expires: &'static str,
    pub token_state: &'static str,
    pub token_live: &'static str,
    pub token_revoked: &'static str,
    pub token_expired: &'static str,
    pub revoke: &'static str,
    pub create_token: &'static str,
    pub token_label: &'static str,
    pub token_shown_once: &'static str,
    pub token_revoked_notice: &'static str,
    pub upload: &'static str,
    pub choose_files: &'static str,
    pub files_attached: &'static str,
    pub edit_user: &'static str,
    pub save: &'static str,
    pub set_password_label: &'static str,
    pub send_reset: &'static str,
    pub user_saved: &'static str,
    pub reset_sent: &'static str,
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub import_rows: &'static str,
    pub row_label: &'static str,
    pub outcome_label: &'static str,
    pub detail_label: &'static str,
    pub csv_file: &'static str,
    pub csv_hint: &'static str,
    pub update_existing: &'static str,
    pub preview: &'static str,
    pub import_button: &'static str,
    pub export_csv: &'static str,
    pub choose_csv: &'static str,
    pub outcome_create: &'static str,
    pub outcome_update: &'static str,
    pub outcome_unchanged: &'static str,
    pub outcome_skip: &'static str,
    pub outcome_error: &'static str,
    pub outcome_created: &'static str,
    pub outcome_updated: &'static str,
    /// `{fields}`: the fields that differ.
    pub import_differs: &'static str,
    /// `{n}`: rows with errors.
    pub import_invalid: &'static str,
    /// `{create}`, `{update}`, `{unchanged}`, `{skip}`.
    pub import_preview: &'static str,
    /// `{created}`, `{updated}`, `{failed}`.
    pub import_done: &'static str,
    pub no_items: &'static str,
    pub files_word: &'static str,
    pub detail_needs: &'static str,
    pub watch_video: &'static str,
    pub courses_upcoming: &'static str,
    pub courses_mine: &'static str,
    pub date_label: &'static str,
    pub course_label: &'static str,
    pub seats_left: &'static str,
    pub seats_of: &'static str,
    pub enrolled_badge: &'static str,
    pub full_badge: &'static str,
    pub enrol: &'static str,
    pub withdraw: &'static str,
    pub enrolled_notice: &'static str,
    pub withdrawn_notice: &'static str,
    pub enrol_needs: &'static str,
    pub no_courses: &'static str,
    pub no_my_courses: &'static str,
    pub product_label: &'static str,
    pub version_label: &'static str,
    pub release_notes: &'static str,
    pub files_label: &'static str,
    pub size_label: &'static str,
    pub download: &'static str,
    pub sha256_hint: &'static str,
    pub no_updates: &'static str,
    pub contract_title: &'static str,
    pub contract_hint: &'static str,
    pub add_customer: &'static str,
    pub customer_code_hint: &'static str,
    pub company_name_label: &'static str,
    pub admin_email_label: &'static str,
    pub admin_email_hint: &'static str,
    pub desk_orders: &'static str,
    pub confirm_order: &'static str,
    pub reject_order: &'static str,
    pub enter_reason: &'static str,
    pub order_decided: &'static str,
    pub desk_customers: &'static str,
    pub standing_label: &'static str,
    pub standing_ok: &'static str,
    pub standing_temporary: &'static str,
    pub standing_suspended: &'static str,
    pub standing_message: &'static str,
    pub standing_hint: &'static str,
    pub grant_minutes: &'static str,
    pub grant_button: &'static str,
    pub enter_grant: &'static str,
    pub movements_caption: &'static str,
    pub by_label: &'static str,
    pub desk_mail: &'static str,
    pub mail_caption: &'static str,
    pub mail_pending: &'static str,
    pub mail_sent: &'static str,
    pub mail_failed: &'static str,
    pub mail_to: &'static str,
    pub mail_attempts: &'static str,
    pub mail_error: &'static str,
    pub mail_sent_at: &'static str,
    pub retry: &'static str,
    pub retry_all_failed: &'static str,
    pub no_mail: &'static str,
    pub mail_requeued: &'static str,
    pub live_changed: &'static str,
    pub desk_queue: &'static str,
    pub desk_queue_caption: &'static str,
    pub desk_link: &'static str,
    pub col_waiting: &'static str,
    pub customer_code_label: &'static str,
    pub tech_all: &'static str,
    pub tech_mine: &'static str,
    pub tech_nobody: &'static str,
    pub take: &'static str,
    pub desk_taken: &'static str,
    pub desk_answered: &'static str,
    pub balance_label: &'static str,
    pub reply_label: &'static str,
    pub enter_reply: &'static str,
    pub minutes_spent: &'static str,
    pub minutes_hint: &'static str,
    pub enter_minutes: &'static str,
    pub allow_overdraft: &'static str,
    pub send_reply: &'static str,
    pub change_priority: &'static str,
    pub unknown_state: &'static str,
    pub language_hint: &'static str,
    pub macro_area_label: &'static str,
    pub drop_files: &'static str,
    pub suggest_title: &'static str,
    pub suggest_hint: &'static str,
    pub suggest_button: &'static str,
    pub suggestions_found: &'static str,
    pub no_suggestions: &'static str,
    pub new_tab: &'static str,
    pub enter_name: &'static str,
    pub enter_surname: &'static str,
    pub enter_email: &'static str,
    pub enter_user_account: &'static str,
    pub download_needs: &'static str,
    pub packages_title: &'static str,
    pub package_label: &'static str,
    pub minutes_label: &'static str,
    pub price_label: &'static str,
    pub buy: &'static str,
    pub buy_title: &'static str,
    pub buy_text: &'static str,
    pub place_order: &'static str,
    pub orders_title: &'static str,
    pub order_label: &'static str,
    pub buyer_label: &'static str,
    pub reason_label: &'static str,
    pub order_pending: &'static str,
    pub order_confirmed: &'static str,
    pub order_rejected: &'static str,
    pub ordered_notice: &'static str,
    pub buy_needs: &'static str,
    pub no_packages: &'static str,
    pub no_orders: &'static str,
    pub desk_staff: &'static str,
    pub staff_caption: &'static str,
    pub add_technician: &'static str,
    pub technician_added: &'static str,
    pub staff_admin_label: &'static str,
    pub staff_admin_hint: &'static str,
    pub role_technician: &'static str,
    pub state_active: &'static str,
    pub state_disabled: &'static str,
    pub invitation_pending: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub make_admin: &'static str,
    pub drop_admin: &'static str,
    pub staff_only_admins: &'static str,
    pub you_label: &'static str,
    pub actions_label: &'static str,
    pub technician_saved: &'static str,
    pub invitation_sent: &'static str,
    pub enter_staff_account: &'static str,
    pub desk_catalog: &'static str,
    pub catalog_intro: &'static str,
    pub area_word: &'static str,
    pub section_word: &'static str,
    pub no_notice: &'static str,
    pub edit_notice: &'static str,
    pub notice_label: &'static str,
    pub notice_hint: &'static str,
    pub notice_saved: &'static str,
    pub add_section: &'static str,
    pub add_section_hint: &'static str,
    pub section_added: &'static str,
    pub catalog_admins_only: &'static str,
    pub enter_macro_area: &'static str,
    pub enter_area: &'static str,
    pub enter_section: &'static str,
    pub desk_stats: &'static str,
    pub stats_period: &'static str,
    pub stats_weeks_option: &'static str,
    pub show_button: &'static str,
    pub stats_since: &'static str,
    pub median_first_answer: &'static str,
    pub median_close: &'static str,
    pub stats_weekly_title: &'static str,
    pub stats_weekly_chart: &'static str,
    pub col_week: &'static str,
    pub col_opened: &'static str,
    pub col_closed_count: &'static str,
    pub stats_minutes_title: &'static str,
    pub stats_minutes_chart: &'static str,
    pub col_month: &'static str,
    pub no_minutes_spent: &'static str,
    pub stats_queue_title: &'static str,
    pub stats_queue_intro: &'static str,
    pub stats_queue_chart: &'static str,
    pub col_age: &'static str,
    pub age_under_1h: &'static str,
    pub age_1h_8h: &'static str,
    pub age_8h_24h: &'static str,
    pub age_1d_3d: &'static str,
    pub age_3d_7d: &'static str,
    pub age_over_7d: &'static str,
    pub stats_cli_hint: &'static str,
    pub total_label: &'static str,
    pub desk_store: &'static str,
    pub store_orders_tab: &'static str,
    pub store_packages_tab: &'static str,
    pub package_code_label: &'static str,
    pub package_code_hint: &'static str,
    pub price_euro_label: &'static str,
    pub enter_price: &'static str,
    pub enter_package_minutes: &'static str,
    pub enter_package_name: &'static str,
    pub on_sale_label: &'static str,
    pub withdrawn_label: &'static str,
    pub add_package: &'static str,
    pub edit_word: &'static str,
    pub package_saved: &'static str,
    pub package_added: &'static str,
    pub packages_caption: &'static str,
    pub orders_keep_price: &'static str,
    pub desk_contents: &'static str,
    pub contents_intro: &'static str,
    pub new_item: &'static str,
    pub edit_item: &'static str,
    pub title_label: &'static str,
    pub summary_label: &'static str,
    pub summary_hint: &'static str,
    pub body_label: &'static str,
    pub video_url_label: &'static str,
    pub duration_label: &'static str,
    pub audience_label: &'static str,
    pub audience_all: &'static str,
    pub audience_customers: &'static str,
    pub audience_customers_label: &'static str,
    pub audience_customers_hint: &'static str,
    pub audience_contract: &'static str,
    pub area_optional: &'static str,
    pub published_state: &'static str,
    pub unpublished_state: &'static str,
    pub unpublish: &'static str,
    pub item_published: &'static str,
    pub item_saved: &'static str,
    pub item_unpublished: &'static str,
    pub content_files_hint: &'static str,
    pub files_fixed_note: &'static str,
    pub enter_title: &'static str,
    pub enter_body: &'static str,
    pub enter_customer_codes: &'static str,
    pub publish_button: &'static str,
    pub view_as_customer: &'static str,
    pub desk_updates: &'static str,
    pub updates_desk_intro: &'static str,
    pub publish_update: &'static str,
    pub notes_label: &'static str,
    pub version_hint: &'static str,
    pub update_files_hint: &'static str,
    pub enter_version: &'static str,
    pub enter_notes: &'static str,
    pub update_published: &'static str,
    pub update_unpublished: &'static str,
    pub upload_progress: &'static str,
    pub files_again: &'static str,
    pub desk_courses: &'static str,
    pub courses_desk_intro: &'static str,
    pub add_course: &'static str,
    pub course_title_label: &'static str,
    pub course_description_label: &'static str,
    pub course_date_label: &'static str,
    pub course_time_label: &'static str,
    pub course_time_hint: &'static str,
    pub seats_label: &'static str,
    pub enter_course_title: &'static str,
    pub enter_course_start: &'static str,
    pub enter_seats: &'static str,
    pub course_added: &'static str,
    pub enrolments_title: &'static str,
    pub no_enrolments: &'static str,
    pub col_starts: &'static str,
    pub enrolled_at_label: &'static str,
    pub courses_subscription_title: &'static str,
    pub courses_subscription_on: &'static str,
    pub courses_subscription_off: &'static str,
    pub grant_hint: &'static str,
    pub notified_label: &'static str,
    /// The ticket states (Inserito, In carico, Risposto, Chiuso), in that order.
    pub states: [&'static str; 4],
    /// The priorities (Normale, Bloccante, Priority), in that order.
    pub priorities: [&'static str; 3],
    /// The menu's entries, in [`crate::server::service::home::Section`] order.
    pub sections: [&'static str; 12],
}

impl Ui {
    /// The name of a permission area, as the menu names its area.
    pub fn area(&self, a: crate::domain::permissions::Area) -> &'static str {
        use crate::domain::permissions::Area;
        let at = |i: usize| self.sections[i];
        match a {
            Area::Aggiornamenti => at(2),
            Area::Corsi => at(3),
            Area::Assistenza => at(4),
            Area::Documenti => at(5),
            Area::Video => at(6),
            Area::NewsTecniche => at(8),
            Area::NewsCommerciali => at(9),
            Area::Faq => at(10),
            Area::Acquisti => self.purchases,
        }
    }

    /// A ticket state's name.
    pub fn state(&self, s: crate::domain::ticket::TicketState) -> &'static str {
        use crate::domain::ticket::TicketState;
        self.states[match s {
            TicketState::Inserito => 0,
            TicketState::InCarico => 1,
            TicketState::Risposto => 2,
            TicketState::Chiuso => 3,
        }]
    }

    /// A priority's name.
    pub fn priority(&self, p: crate::domain::ticket::Priority) -> &'static str {
        use crate::domain::ticket::Priority;
        self.priorities[match p {
            Priority::Normale => 0,
            Priority::Bloccante => 1,
            Priority::Priority => 2,
        }]
    }

    /// The words of a menu entry.
    pub fn section(&self, s: &crate::server::service::home::Section) -> &'static str {
        self.sections[*s as usize]
    }
}

impl Lang {
    /// The pages' words in this language.
    pub fn ui(self) -> &'static Ui {
        match self {
            Lang::En => &en::UI,
            Lang::It => &it::UI,
        }
    }

    /// `it` or `en` (a user's stored language).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }
}

/// A mail's words: what `server::mail` queues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// A lifetime in whole days (from 2), hours (from 2) or minutes, with the units' words.
fn duration_text(ttl: std::time::Duration, (days, hours, minutes): (&str, &str, &str)) -> String {
    let mins = ttl.as_secs() / 60;
    if mins >= 2 * 24 * 60 && mins.is_multiple_of(24 * 60) {
        format!("{} {days}", mins / (24 * 60))
    } else if mins >= 120 && mins.is_multiple_of(60) {
        format!("{} {hours}", mins / 60)
    } else {
        format!("{mins} {minutes}")
    }
}

impl Lang {
    /// A user's stored language (`en`, or Italian for anything else).
    pub fn of(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::It }
    }

    /// The first of Italian and English that an `Accept-Language` header prefers (by
    /// `q`, then by order), or None when it names neither.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_owned))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "it" => Lang::It,
                "en" => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language of the request being answered (English outside a request).
    pub fn current() -> Lang {
        LANG.try_with(|l| *l).unwrap_or_default()
    }
}

/// What went wrong, in `lang`, for `surface`.
pub fn problem(lang: Lang, e: &Error, surface: Surface) -> String {
    match lang {
        Lang::En => en::problem(e, surface),
        Lang::It => it::problem(e, surface),
    }
}

/// What the HTTP layer refuses by itself, before any service: a request it cannot read.
/// Worded per language; serde's own details (`detail`), which name the field and the type,
/// stay as serde writes them.
#[derive(Debug, Clone, Copy)]
pub enum Http<'a> {
    MethodNotAllowed,
    /// A body without this `Content-Type` (`application/json`, `multipart/form-data`).
    ContentType(&'a str),
    BodyTooLarge,
    UploadTooLarge {
        files: usize,
    },
    UnreadableBody,
    /// An empty body (or multipart part, when `part` names it).
    Empty {
        part: Option<&'a str>,
    },
    NotAnObject {
        part: Option<&'a str>,
    },
    MalformedJson {
        part: Option<&'a str>,
        detail: &'a str,
    },
    /// A value of the body (at `field`, or the body or part as a whole) of the wrong shape.
    BadValue {
        field: Option<&'a str>,
        part: Option<&'a str>,
        detail: &'a str,
    },
    PathValue {
        field: Option<&'a str>,
        expected: Expected<'a>,
    },
    /// The query as a whole (an unknown or missing parameter).
    Query {
        detail: &'a str,
    },
    QueryValue {
        field: &'a str,
        expected: Expected<'a>,
    },
    NoBoundary {
        detail: &'a str,
    },
    IdempotencyKey,
    UploadCut {
        name: &'a str,
        why: &'a str,
    },
    NoEndpoint,
    /// A failure outside the handlers (its details go to the log only).
    Internal,
}

/// What a path or query value should have been.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    WholeNumber,
    TrueOrFalse,
    Utf8,
    Valid,
    /// serde's own words.
    Said(&'a str),
}

/// What the HTTP layer refuses, in the language of the request being answered.
pub fn http(h: Http<'_>) -> String {
    http_in(Lang::current(), h)
}

/// A ticket list's query string refused, in the language of the request being answered.
pub fn query(r: &crate::wire::QueryRefusal) -> String {
    match Lang::current() {
        Lang::En => en::query(r),
        Lang::It => it::query(r),
    }
}

/// What the HTTP layer refuses, in `lang`.
pub fn http_in(lang: Lang, h: Http<'_>) -> String {
    match lang {
        Lang::En => en::http(h),
        Lang::It => it::http(h),
    }
}

tokio::task_local! {
    static LANG: Lang;
}

/// Middleware: answers the request in the language its `Accept-Language` prefers.
pub async fn language(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default();
    LANG.scope(lang, next.run(req)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_of_ours() {
        let l = Lang::from_accept_language;
        assert_eq!(l("it-IT,it;q=0.9,en;q=0.8"), Some(Lang::It));
        assert_eq!(l("en-GB, it;q=0.5"), Some(Lang::En));
        assert_eq!(l("de, it;q=0.4, en;q=0.7"), Some(Lang::En));
        assert_eq!(l("fr, de"), None);
        assert_eq!(l("it;q=0, en"), Some(Lang::En));
        assert_eq!(l("IT"), Some(Lang::It));
    }
}
