//! What a service refuses, as values: a stable [`Error::code`], the offending field and what
//! is needed to explain it — never an HTTP status, never a sentence. The API maps each to a
//! status and an envelope (`server::error`); the texts, in Italian and English, live in
//! `server::i18n`, so an API answer and a web page explain a refusal in the same words.

use crate::domain::content::ContentKind;
use crate::domain::ticket::{Action, Refusal, TicketState};
use crate::domain::validate::Invalid;
use crate::server::store::{StoreError, Unique};
use crate::wire::CatalogPath;

pub type Result<T> = std::result::Result<T, Error>;

/// Something that was looked for and is not there (or not for this caller: another company's
/// record is as unknown as one that does not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Ticket(i64),
    Attachment {
        ticket: i64,
        id: i64,
    },
    Customer(String),
    Technician(String),
    User(String),
    /// No macro area, area or section of the catalog has the names of a filter.
    CatalogNode,
    /// No catalog node at this path (`macro › area › section`).
    CatalogPath(String),
    /// No reading area with this name.
    Area(String),
    ContentItem {
        kind: ContentKind,
        id: i64,
    },
    ContentFile {
        item: i64,
        file: i64,
    },
    Course(i64),
    /// No package of this code on sale.
    Package(String),
    Order(i64),
    Update(i64),
    UpdateFile {
        update: i64,
        file: i64,
    },
    /// No product (macro area of the catalog) of this name.
    Product(String),
    /// A mail of the outbox (`details.id`).
    Mail(i64),
    /// One of the caller's personal tokens.
    Token(i64),
}

/// Who else may do what the caller tried (the "only …" of a `staff_only` refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffTask {
    /// Anything of the help desk's, said without naming it.
    Any,
    PublishContents,
    PublishUpdates,
    ManageStore,
    ManageCourses,
    /// Filtering tickets by customer.
    FilterByCustomer,
}

/// Why a token does not authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// No such token.
    Invalid,
    /// Logged out, password changed, or revoked by its owner.
    Revoked,
    Expired,
}

/// What was tried too often (the 429's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempts {
    FailedLogins,
    WrongPasswords,
    ResetRequests,
    WrongCodes,
}

/// What a permission refusal was about (the "… needs the permission …" of a 403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A reading area's list.
    Area(ContentKind),
    /// A reading area's items.
    OpenItems(ContentKind),
    Courses,
    Enrolling,
    Updates,
    DownloadingUpdates,
    /// Buying, and the company's orders.
    Buying,
}

/// What only the users of a customer do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyTask {
    EnrolCourses,
    BuyPackages,
}

/// Something published that is no longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Content { kind: ContentKind, id: i64 },
    Update(i64),
}

/// Why a value is refused: a rule of `domain::validate` (worded in both languages), or a
/// refusal particular to one request that is worded in English only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Rule(Invalid),
    Text(String),
}

impl From<Invalid> for Reason {
    fn from(i: Invalid) -> Self {
        Reason::Rule(i)
    }
}

impl From<String> for Reason {
    fn from(s: String) -> Self {
        Reason::Text(s)
    }
}

impl From<&str> for Reason {
    fn from(s: &str) -> Self {
        Reason::Text(s.to_owned())
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Rule(i) => write!(f, "{i}"),
            Reason::Text(t) => f.write_str(t),
        }
    }
}

/// A portal area named by a permission refusal (`details.area`).
pub type Area = &'static str;

#[derive(Debug)]
pub enum Error {
    // ---- who is calling --------------------------------------------------------------------
    /// The token does not authenticate.
    Token(TokenProblem),
    /// Wrong account or password (never says which).
    InvalidCredentials,
    /// The user's account is disabled.
    LoginDisabled,
    /// The user's company is suspended (`customer`, and the help desk's message if any).
    Suspended {
        customer: Option<String>,
        message: Option<String>,
    },
    /// The user must choose their own password before anything else.
    PasswordChangeRequired,
    /// The new password is the current one.
    SamePassword,
    /// The current password given is wrong.
    WrongCurrentPassword,
    /// A mailed code that is invalid, expired or used.
    CodeRefused,
    /// Too many attempts: try again after `wait` seconds.
    TooMany {
        what: Attempts,
        wait: u64,
    },
    /// The password hashing workers are all busy.
    Busy,

    // ---- who may ---------------------------------------------------------------------------
    /// Only the help desk does this.
    StaffOnly(StaffTask),
    /// Only staff administrators manage customers, catalog and contracts.
    StaffAdminOnly,
    /// Only the company's Administrator manages users.
    AdminOnly,
    /// The Administrator account has no tickets: operative users do.
    AdminCannotManageTickets,
    /// The user's permission for `area` is off.
    PermissionOff {
        area: Area,
    },
    /// The user's `assistenza` is read-only and they tried to open a ticket.
    ReadOnlyCannotOpen,
    /// Tickets are opened by customers, not staff.
    CustomersOnly,

    // ---- users -----------------------------------------------------------------------------
    /// Only the company's Administrator creates operative users.
    AdminOnlyCreates,
    /// The account is someone else's already (`details.field`: account).
    AccountTaken(String),
    /// Staff never set a user's password: users choose their own.
    StaffCannotSetPasswords,
    /// The account is disabled, so it cannot get a code.
    AccountDisabled(String),
    /// A staff administrator tried to disable themself or drop their own administrator flag.
    OwnStaffAccount,

    // ---- customers -------------------------------------------------------------------------
    /// A customer with this code exists.
    CustomerExists(String),
    /// The code is already the account of a user (an Administrator logs in with it).
    CodeIsAnAccount(String),
    /// These catalog sections (`macro › area › section`) do not exist.
    NotInCatalog(Vec<String>),
    /// Staff have no SMART package of their own.
    StaffHaveNoPackage,

    // ---- reading areas, courses, Store, updates, outbox --------------------------------------
    /// The caller's permissions do not reach this; `permission` is the one needed.
    NeedsPermission {
        reach: Reach,
        permission: String,
    },
    /// Only the users of a customer do this.
    CompanyUsersOnly(CompanyTask),
    /// The company has no courses subscription.
    NoCoursesSubscription,
    AlreadyEnrolled(i64),
    /// The course has started (`withdrawing`: the enrolment stays).
    CourseStarted {
        id: i64,
        withdrawing: bool,
    },
    CourseFull(i64),
    NotEnrolled(i64),
    /// A Store package of this code exists.
    PackageExists(String),
    /// The order was already decided (`status`: how).
    OrderDecided {
        id: i64,
        status: String,
    },
    AlreadyUnpublished(Published),
    /// An audience names customers that do not exist.
    UnknownCustomers(Vec<String>),
    /// An audience names a catalog node that does not exist.
    UnknownCatalogNode(String),
    /// An update names a product the catalog does not have.
    UnknownProduct(String),
    /// This version of the product is published already.
    VersionExists {
        product: String,
        version: String,
    },
    /// A file of an upload is over the limit.
    FileTooLarge {
        name: String,
        limit_gib: u64,
    },
    /// The mail was sent already.
    MailSent(i64),
    /// The mail carried a code that has expired.
    MailCodeExpired(i64),

    // ---- tickets ---------------------------------------------------------------------------
    /// The state machine refuses `action` on ticket `number` in `state`.
    Transition {
        number: i64,
        state: TicketState,
        action: Action,
        refusal: Refusal,
    },
    /// The section asked for is not in the customer's contract.
    SectionNotInContract(CatalogPath),
    /// Past the reopen window (`until` None: this server does not reopen).
    ReopenWindowPassed {
        number: i64,
        closed_at: String,
        until: Option<String>,
    },
    /// The ticket changed since the form that acts on it was shown (another technician, the
    /// customer): nothing was done.
    TicketChanged(i64),
    /// A reply would take the package below zero without `allow_overdraft`.
    InsufficientBalance {
        customer: String,
        balance: i64,
        requested: i64,
    },
    /// An `Idempotency-Key` reused for another request (`ticket`: where it went first).
    IdempotencyKeyReused {
        ticket: Option<i64>,
    },

    // ---- lookups and input -----------------------------------------------------------------
    NotFound(Missing),
    /// A value refused by a rule of the domain.
    Invalid {
        field: String,
        reason: Reason,
    },
    /// A file of an upload is refused (`details.filename`).
    BadFile {
        filename: String,
        reason: Reason,
    },
    /// The two ends of a date range are the wrong way round.
    InvertedRange {
        from: String,
        to: String,
    },
    /// A uniqueness rule of the store refused the write.
    Taken(Unique),

    // ---- start-up ----------------------------------------------------------------------------
    /// `--dev` was given a database it did not make (it lacks the dev account `account`).
    NotADevDatabase {
        account: String,
    },
    /// Dev data goes into an empty database only.
    NotEmpty,

    // ---- the store -------------------------------------------------------------------------
    Store(StoreError),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(u) => Error::Taken(u),
            other => Error::Store(other),
        }
    }
}

impl Error {
    pub fn invalid(field: &str, reason: impl Into<Reason>) -> Self {
        Error::Invalid {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// A number of `field` outside `min..=max`.
    pub fn range(field: &str, min: i64, max: i64) -> Self {
        Error::invalid(
            field,
            Invalid::Range {
                field: field.to_owned(),
                min,
                max,
            },
        )
    }

    /// The stable code clients match on (the API's `code`).
    #[allow(clippy::match_same_arms)] // grouped as the variants are, by noun
    pub fn code(&self) -> &'static str {
        match self {
            Error::Token(TokenProblem::Invalid) => "token_invalid",
            Error::Token(TokenProblem::Revoked) => "token_revoked",
            Error::Token(TokenProblem::Expired) => "token_expired",
            Error::InvalidCredentials => "invalid_credentials",
            Error::LoginDisabled => "account_disabled",
            Error::Suspended { .. } => "account_suspended",
            Error::PasswordChangeRequired => "password_change_required",
            Error::SamePassword | Error::WrongCurrentPassword => "validation_failed",
            Error::CodeRefused => "reset_token_invalid",
            Error::TooMany { .. } => "too_many_requests",
            Error::Busy => "server_busy",
            Error::StaffOnly(_) => "staff_only",
            Error::StaffAdminOnly => "staff_admin_only",
            Error::OwnStaffAccount => "own_account",
            Error::AdminOnly | Error::AdminOnlyCreates => "admin_only",
            Error::AccountTaken(_) | Error::CodeIsAnAccount(_) => "account_taken",
            Error::CustomerExists(_) => "customer_exists",
            Error::NotInCatalog(_) => "not_in_catalog",
            Error::StaffHaveNoPackage => "customers_only",
            Error::NeedsPermission { .. } => "permission_denied",
            Error::CompanyUsersOnly(_) => "company_users_only",
            Error::NoCoursesSubscription => "no_courses_subscription",
            Error::AlreadyEnrolled(_) => "already_enrolled",
            Error::CourseStarted { .. } => "course_started",
            Error::CourseFull(_) => "course_full",
            Error::NotEnrolled(_) => "not_enrolled",
            Error::PackageExists(_) => "package_exists",
            Error::OrderDecided { .. } => "order_decided",
            Error::AlreadyUnpublished(_) => "already_unpublished",
            Error::UnknownCustomers(_) => "unknown_customer",
            Error::UnknownCatalogNode(_) | Error::UnknownProduct(_) => "not_in_catalog",
            Error::VersionExists { .. } => "version_exists",
            Error::MailSent(_) => "already_sent",
            Error::FileTooLarge { .. } => "payload_too_large",
            Error::MailCodeExpired(_) => "code_expired",
            Error::StaffCannotSetPasswords => "permission_denied",
            Error::AccountDisabled(_) => "account_disabled",
            Error::AdminCannotManageTickets => "admin_cannot_manage_tickets",
            Error::PermissionOff { .. } | Error::ReadOnlyCannotOpen => "permission_denied",
            Error::CustomersOnly => "customers_only",
            Error::Transition { refusal, .. } if refusal.is_permission() => "permission_denied",
            Error::Transition { .. } => "invalid_transition",
            Error::SectionNotInContract(_) => "section_not_in_contract",
            Error::ReopenWindowPassed { .. } => "reopen_window_passed",
            Error::InsufficientBalance { .. } => "insufficient_balance",
            Error::TicketChanged(_) => "ticket_changed",
            Error::IdempotencyKeyReused { .. } => "idempotency_key_reused",
            Error::NotFound(_) => "not_found",
            Error::Invalid { .. } | Error::InvertedRange { .. } | Error::BadFile { .. } => {
                "validation_failed"
            }
            Error::Taken(u) => match u {
                Unique::CustomerCode => "customer_exists",
                Unique::Account => "account_taken",
                Unique::IdempotencyKey => "idempotency_key_reused",
                Unique::Other => "conflict",
            },
            Error::NotADevDatabase { .. } | Error::NotEmpty => "not_empty",
            Error::Store(_) => "internal",
        }
    }

    /// The field of the request the refusal is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            Error::SamePassword => Some("new_password"),
            Error::BadFile { .. } => Some("files"),
            Error::WrongCurrentPassword => Some("current_password"),
            Error::CodeRefused => Some("token"),
            Error::InvertedRange { .. } => Some("from"),
            Error::SectionNotInContract(_) => Some("section"),
            Error::AccountTaken(_) => Some("account"),
            Error::NotInCatalog(_) => Some("sections"),
            Error::UnknownCustomers(_) | Error::UnknownCatalogNode(_) => Some("audience"),
            Error::UnknownProduct(_) => Some("product"),
            Error::VersionExists { .. } => Some("version"),
            Error::StaffCannotSetPasswords => Some("password"),
            _ => None,
        }
    }
}

impl crate::server::store::Retryable for Error {
    fn is_retry(&self) -> bool {
        matches!(self, Error::Store(StoreError::Retry))
    }
}

/// In English, as a person reads it (logs, workers); the API and the pages choose the
/// language with `server::i18n`.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(e) => write!(f, "{e}"),
            e => f.write_str(&crate::server::i18n::en::problem(
                e,
                crate::server::i18n::Surface::Page,
            )),
        }
    }
}
