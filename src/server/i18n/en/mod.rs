//! English: the API's default language.

pub mod mail;

/// The web pages' words.
pub static UI: super::Ui = super::Ui {
    lang: "en",
    portal: "Customer portal",
    skip_to_content: "Skip to the content",
    language: "Language",
    change: "Change",
    error_prefix: "Error",
    there_is_a_problem: "There is a problem",
    sign_in_title: "Sign in to the customer portal",
    sign_in: "Sign in",
    sign_out: "Sign out",
    account_label: "Account",
    account_hint: "Your account (the Administrator signs in with the customer code)",
    password_label: "Password",
    forgot_password: "Forgot your password? Click here!",
    signed_out: "You have signed out.",
    session_ended: "Your session has ended: sign in again.",
    home: "Home",
    welcome: "Welcome",
    menu: "Menu",
    package_title: "Your remaining SMART package",
    no_package: "There are no SMART packages available",
    minutes: "minutes",
    enter_account: "Enter your account",
    enter_password: "Enter your password",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address.",
    back_home: "Back to the home page",
    refused_title: "Request refused",
    refused_text: "The form did not come from this portal's page, or it expired: go back, reload the page and try again.",
    forgot_title: "Forgot your password?",
    forgot_intro: "Enter your account: a single-use code to choose a new password is sent to its e-mail address.",
    send_code: "Send the code",
    have_a_code: "I already have a code",
    code_sent: "If the account exists, a code has been sent to its e-mail address: paste it below.",
    reset_title: "Choose a new password",
    reset_intro: "Paste the code you received by e-mail (a reset code, or the invitation code of a new account) and choose your password.",
    code_label: "Code received by e-mail",
    code_hint: "It starts with lhs_r_ or lhs_i_",
    enter_code: "Enter the code you received by e-mail",
    new_password_label: "New password",
    password_rule: "At least 8 characters, with letters and digits",
    confirm_label: "Confirm the new password",
    enter_new_password: "Enter the new password",
    passwords_differ: "The two passwords differ: type the same one twice",
    set_password: "Save the password",
    ask_a_code: "Ask for a new code",
    password_set: "Your password is set: sign in with it.",
    change_title: "Change your password",
    change_forced: "Before going on, choose your own password: the one you were given must be changed.",
    current_password_label: "Current password",
    section_support: "Online support",
    tickets_title: "Web tickets",
    new_ticket: "Open a new ticket",
    state_label: "State",
    from_label: "From",
    to_label: "To",
    search_label: "Free search",
    apply_filters: "Apply the filters",
    active_filters: "Filters in force",
    remove_filter: "Remove the filter",
    no_tickets: "No ticket matches these filters.",
    col_number: "Ticket number",
    col_created: "Created",
    col_user: "User",
    col_technician: "Technician",
    col_closed: "Closed",
    col_state: "State",
    col_section: "Section",
    col_subject: "Subject",
    col_minutes: "S.O.L. min",
    col_priority: "Priority",
    col_details: "Details",
    close_ticket: "Close ticket",
    pages: "Pages",
    previous_page: "Previous page",
    next_page: "Next page",
    ticket_closed: "Ticket {n} closed.",
    date_format: "Enter the date as day, month and year (e.g. 31/12/2026)",
    ticket_word: "Ticket",
    customer_label: "Customer",
    notify_label: "Notification e-mail",
    description_label: "Description",
    ok_resolved: "Ok, resolved",
    reopen: "Reopen",
    reopen_why: "Why (optional)",
    attachments_label: "Attachments",
    no_attachments: "No attachments.",
    comments_label: "Comments",
    no_comments: "No comments yet.",
    add_comment: "Add a comment",
    send_comment: "Send the comment",
    enter_comment: "Write the comment",
    reply_word: "answer",
    back_to_list: "Back to the list",
    comment_added: "Comment added.",
    ticket_reopened: "Ticket reopened.",
    ticket_closed_here: "Ticket closed: thank you.",
    notice_word: "NOTICE:",
    one_problem: "open one ticket for each problem: a ticket about several problems is harder to follow and to close.",
    notify_hint: "Another address that receives this ticket's e-mails (optional)",
    section_choice: "Macro area › Area › Section",
    section_hint: "Only the sections of your contract",
    choose: "Choose…",
    notices_title: "Notices of the help desk",
    add_attachments: "Add attachments",
    attachment_rules: "Up to 3 files: JPG, JPEG, PNG, PDF, XML or ZIP, at most 1000 KB each",
    cancel: "Cancel",
    send_ticket: "Send ticket",
    choose_section: "Choose the section of your request",
    enter_subject: "Write the subject",
    enter_description: "Describe the problem",
    upload_failed: "The files did not arrive whole: choose them again",
    ticket_opened: "Ticket opened: its number is in the title. The help desk will take it in charge.",
    users_title: "User management",
    insert: "Insert",
    insert_user: "Insert a user",
    search_button: "Search",
    no_users: "No users match.",
    surname_label: "Surname",
    name_label: "Name",
    role_label: "Role",
    role_user: "Operative user",
    username_label: "UserName",
    active_label: "Active",
    yes: "yes",
    no: "no",
    account_rule: "2 to 64 letters, digits, `.`, `_` or `-` (for example rossi.mario)",
    initial_password: "Initial password (optional)",
    initial_password_hint: "At least 8 characters with letters and digits; the user changes it at the first sign-in. Without it the user is mailed an invitation to choose one.",
    permissions_title: "Permissions",
    area_label: "Area",
    read_label: "Read",
    advanced_label: "Advanced",
    support_none: "No tickets",
    support_own: "Sees only the tickets they created",
    support_all: "Can see all the tickets",
    purchases: "Purchases (Store)",
    user_created: "User {account} created: they have been mailed their configuration.",
    profile_title: "Profile",
    role_admin: "Administrator",
    role_staff: "Help desk",
    tokens_title: "Personal API tokens",
    tokens_intro: "For the command line and CI jobs: a token acts as you, with your permissions. To sign in from a terminal instead:",
    no_tokens: "You have no personal tokens.",
    token_name: "Token name",
    token_name_hint: "What it is for, e.g. the CI job that opens tickets",
    token_expires: "Expires",
    token_state: "State",
    token_live: "active",
    token_revoked: "revoked",
    token_expired: "expired",
    revoke: "Revoke",
    create_token: "Create a token",
    token_label: "New token",
    token_shown_once: "Copy the token now: it is shown only this once.",
    token_revoked_notice: "Token revoked.",
    upload: "Upload",
    choose_files: "Choose at least one file",
    files_attached: "Files attached.",
    edit_user: "Edit the user",
    save: "Save",
    set_password_label: "New password (optional)",
    send_reset: "Send a password reset",
    user_saved: "Saved.",
    reset_sent: "A code to choose a new password has been mailed to the user.",
    import_title: "Import users from a CSV file",
    import_intro: "The file of `lhs users import`: a header row (name, surname, email, account; optional password, active, language and one column per permission area), `,` or `;` separated. Preview shows every row's outcome before anything is written.",
    import_rows: "Rows of the file",
    row_label: "Row",
    outcome_label: "Outcome",
    detail_label: "Detail",
    csv_file: "CSV file",
    csv_hint: "UTF-8, UTF-16 or Excel's CSV",
    update_existing: "Update the users that exist and differ",
    preview: "Preview",
    import_button: "Import",
    export_csv: "Export the users (CSV)",
    choose_csv: "Choose the CSV file",
    outcome_create: "to create",
    outcome_update: "to update",
    outcome_unchanged: "unchanged",
    outcome_skip: "skipped",
    outcome_error: "error",
    outcome_created: "created",
    outcome_updated: "updated",
    import_differs: "exists with a different {fields}; tick the update box to apply the file",
    import_invalid: "{n} rows are invalid: nothing was written. Fix them and preview again.",
    import_preview: "Preview: {create} to create, {update} to update, {unchanged} unchanged, {skip} skipped. Nothing was written.",
    import_done: "{created} created, {updated} updated, {failed} failed.",
    no_items: "Nothing here matches.",
    files_word: "files",
    detail_needs: "Your permission shows titles and summaries: ask your company's Administrator for the advanced level to open the items.",
    watch_video: "Watch the video",
    courses_upcoming: "Calendar",
    courses_mine: "My courses",
    date_label: "Date",
    course_label: "Course",
    seats_left: "Seats left",
    seats_of: "{left} of {seats}",
    enrolled_badge: "Enrolled",
    full_badge: "Full",
    enrol: "Enrol",
    withdraw: "Withdraw",
    enrolled_notice: "You are enrolled in “{title}”.",
    withdrawn_notice: "You withdrew from “{title}”.",
    enrol_needs: "Your permission shows the calendar: ask your company's Administrator for the advanced level to enrol.",
    no_courses: "No courses are scheduled.",
    no_my_courses: "You are not enrolled in any course.",
    product_label: "Product",
    version_label: "Version",
    release_notes: "Release notes",
    files_label: "Files",
    size_label: "Size",
    download: "Download",
    sha256_hint: "Before installing, compare the downloaded file's SHA-256 with the one below (for instance with sha256sum or Get-FileHash).",
    no_updates: "No update matches.",
    contract_title: "Contract",
    contract_hint: "The catalog sections its users may open tickets in.",
    add_customer: "Add a customer",
    customer_code_hint: "2 to 32 letters and digits (for instance C0042): also its Administrator's account",
    company_name_label: "Company name",
    admin_email_label: "Administrator's e-mail",
    admin_email_hint: "Receives the invitation code to choose a password",
    desk_orders: "Store orders",
    confirm_order: "Confirm",
    reject_order: "Reject",
    enter_reason: "Write why the order is rejected: the buyer receives it",
    order_decided: "Order {n} decided: the buyer was told.",
    desk_customers: "Customers",
    standing_label: "Standing",
    standing_ok: "In order",
    standing_temporary: "Access allowed for now",
    standing_suspended: "Suspended: access locked",
    standing_message: "Banner or refusal text (optional)",
    standing_hint: "Without a text, the manual's banner: “Accesso abilitato temporaneamente. Vi invitiamo a regolare la vostra posizione.”",
    grant_minutes: "Minutes to add or take away",
    grant_button: "Add minutes",
    enter_grant: "Enter the minutes as a whole number: 1 to 1,000,000 to add them, -1 to -1,000,000 to take them away",
    movements_caption: "SMART package movements",
    by_label: "By",
    desk_mail: "Mail",
    mail_caption: "The portal's e-mails, newest first",
    mail_pending: "Queued",
    mail_sent: "Sent",
    mail_failed: "Failed",
    mail_to: "To",
    mail_attempts: "Attempts",
    mail_error: "Error",
    mail_sent_at: "Sent at",
    retry: "Retry",
    retry_all_failed: "Retry every failed mail",
    no_mail: "No mail.",
    mail_requeued: "{n} mails queued again.",
    live_changed: "The ticket changed while you were typing: reload the page to see it (copy your text first).",
    desk_queue: "Queue",
    desk_queue_caption: "Every customer's tickets, the longest waiting first",
    desk_link: "Help desk queue",
    col_waiting: "Waiting for",
    customer_code_label: "Customer code",
    tech_all: "All",
    tech_mine: "Mine",
    tech_nobody: "Nobody (Submitted)",
    take: "Take in charge",
    desk_taken: "Ticket taken in charge: you are its technician.",
    desk_answered: "Answer sent: the customer was told and the minutes debited.",
    balance_label: "SMART balance",
    reply_label: "Answer to the customer",
    enter_reply: "Write the answer",
    minutes_spent: "Minutes spent",
    minutes_hint: "Debited from the customer's SMART package; balance:",
    enter_minutes: "Enter the minutes as a whole number (0 to debit nothing)",
    allow_overdraft: "Allow the balance to go below zero",
    send_reply: "Send the answer",
    change_priority: "Change",
    unknown_state: "There is no state “{value}”: choose among Submitted, In progress, Answered and Closed",
    language_hint: "of the pages and the e-mails; change it at the top of any page",
    macro_area_label: "Macro area",
    drop_files: "Drag the files here, or choose",
    suggest_title: "Before you send",
    suggest_hint: "As you type the subject and description, the FAQ and documents about them show here: the answer may already be there.",
    suggest_button: "Search the FAQ and documents",
    suggestions_found: "These may help:",
    no_suggestions: "No FAQ or document matches what you typed.",
    new_tab: "opens in a new tab",
    enter_name: "Enter the first name",
    enter_surname: "Enter the surname",
    enter_email: "Enter the e-mail address",
    enter_user_account: "Enter the user's account (for instance rossi.mario)",
    download_needs: "Your permission shows the list and the release notes: ask your company's Administrator for the Download permission to get the files.",
    packages_title: "SMART packages on sale",
    package_label: "Package",
    minutes_label: "Minutes",
    price_label: "Price",
    buy: "Buy",
    buy_title: "Confirm the purchase",
    buy_text: "You are ordering “{name}”: {minutes} minutes of support for {price}. The help desk confirms the order and adds the minutes to your company's SMART package.",
    place_order: "Place the order",
    orders_title: "Orders",
    order_label: "Order",
    buyer_label: "Buyer",
    reason_label: "Reason",
    order_pending: "Pending",
    order_confirmed: "Confirmed",
    order_rejected: "Rejected",
    ordered_notice: "Order {n} placed: it waits for the help desk to confirm it.",
    buy_needs: "Buying needs the Purchases permission: ask your company's Administrator.",
    no_packages: "No package is on sale.",
    no_orders: "No orders.",
    desk_staff: "Technicians",
    staff_caption: "The help desk's technicians",
    add_technician: "Add a technician",
    technician_added: "Technician {account} added: they are e-mailed an invitation to choose a password.",
    staff_admin_label: "Help desk administrator",
    staff_admin_hint: "Also manages customers, catalog, contracts and technicians",
    role_technician: "Technician",
    state_active: "Active",
    state_disabled: "Disabled",
    invitation_pending: "Invitation pending",
    disable: "Disable",
    enable: "Enable",
    make_admin: "Make administrator",
    drop_admin: "Remove administrator",
    staff_only_admins: "Only help desk administrators add and change technicians.",
    you_label: "(you)",
    actions_label: "Actions",
    technician_saved: "Technician {account} updated.",
    invitation_sent: "{account} was e-mailed a code to choose a password.",
    enter_staff_account: "Enter the technician's account (for example bianchi.luca)",
    desk_catalog: "Catalog",
    catalog_intro: "Macro areas, areas and sections customers choose from when they open a ticket (only those of their contract). A node's notice shows in the new-ticket form when it is chosen.",
    area_word: "Area",
    section_word: "Section",
    no_notice: "No notice.",
    edit_notice: "Edit the notice",
    notice_label: "Notice",
    notice_hint: "At most 500 characters; empty removes the notice.",
    notice_saved: "Notice saved.",
    add_section: "Add a section",
    add_section_hint: "The macro area and the area are created if they do not exist; then enable the section in the contract of each customer who uses it.",
    section_added: "Section added to the catalog.",
    catalog_admins_only: "Only help desk administrators change the catalog.",
    enter_macro_area: "Enter the macro area",
    enter_area: "Enter the area",
    enter_section: "Enter the section",
    desk_stats: "Statistics",
    stats_period: "Period",
    stats_weeks_option: "last {n} weeks",
    show_button: "Show",
    stats_since: "From {since} to {until} (weeks Monday to Sunday, UTC).",
    median_first_answer: "Median time to the first answer",
    median_close: "Median time to closing",
    stats_weekly_title: "Tickets opened and closed per week",
    stats_weekly_chart: "Chart of the tickets opened and closed per week; the figures are in the table that follows.",
    col_week: "Week from",
    col_opened: "Opened",
    col_closed_count: "Closed",
    stats_minutes_title: "SMART minutes spent per customer and month",
    stats_minutes_chart: "Chart of the SMART minutes each customer spent in the period; the figures are in the table that follows.",
    col_month: "Month",
    no_minutes_spent: "No SMART minutes were spent in the period.",
    stats_queue_title: "Age of the queue",
    stats_queue_intro: "The tickets waiting for the help desk now, by how long ago they were opened.",
    stats_queue_chart: "Chart of the waiting tickets by age; the figures are in the table that follows.",
    col_age: "Opened",
    age_under_1h: "under 1 hour",
    age_1h_8h: "1 to 8 hours",
    age_8h_24h: "8 to 24 hours",
    age_1d_3d: "1 to 3 days",
    age_3d_7d: "3 to 7 days",
    age_over_7d: "over 7 days",
    stats_cli_hint: "The same figures as CSV or JSON, from the command line:",
    total_label: "Total",
    desk_store: "Store",
    store_orders_tab: "Orders",
    store_packages_tab: "Packages on sale",
    package_code_label: "Package code",
    package_code_hint: "2 to 32 letters, digits or dashes, for example SMART-600; it cannot be changed later.",
    price_euro_label: "Price in euro",
    enter_price: "Enter the price in euro, with at most two decimals (for example 99 or 99.50)",
    enter_package_minutes: "Enter the minutes as a whole number, 1 to 1,000,000",
    enter_package_name: "Enter the package's name",
    on_sale_label: "On sale",
    withdrawn_label: "Withdrawn from sale",
    add_package: "Put a package on sale",
    edit_word: "Edit",
    package_saved: "Package {code} saved.",
    package_added: "Package {code} put on sale.",
    packages_caption: "The Store's SMART packages, withdrawn ones too",
    orders_keep_price: "Orders already placed keep the minutes and price they were placed at.",
    desk_contents: "Contents",
    contents_intro: "The reading areas' items, withdrawn ones too. Each customer sees only those meant for them, and only if their permission for the area allows it.",
    new_item: "Publish a new item",
    edit_item: "Edit the item",
    title_label: "Title",
    summary_label: "Summary (optional)",
    summary_hint: "What those with the read permission only see; at most 2,000 characters.",
    body_label: "Text",
    video_url_label: "Video address (optional)",
    duration_label: "Length in seconds (optional)",
    audience_label: "Who sees it",
    audience_all: "Every customer",
    audience_customers: "Only these customers",
    audience_customers_label: "Customer codes",
    audience_customers_hint: "Separated by commas or spaces, for example C0001, C0002",
    audience_contract: "Customers whose contract includes the macro area (and the area, if given)",
    area_optional: "Area (optional)",
    published_state: "Published",
    unpublished_state: "Withdrawn",
    unpublish: "Withdraw",
    item_published: "“{title}” published.",
    item_saved: "Changes saved.",
    item_unpublished: "Item withdrawn: customers no longer see it.",
    content_files_hint: "Up to 5 files of 5 MB each: PDF, ZIP, PNG, JPG, XML, TXT, CSV, DOCX, XLSX.",
    files_fixed_note: "Files do not change after publishing: for other files publish a new item and withdraw this one.",
    enter_title: "Enter the title",
    enter_body: "Enter the text",
    enter_customer_codes: "Enter at least one customer code",
    publish_button: "Publish",
    view_as_customer: "Open in the area",
    desk_updates: "Updates",
    updates_desk_intro: "The published versions of the products (the catalog's macro areas), withdrawn ones too. Customers see them by their contract and permission.",
    publish_update: "Publish an update",
    notes_label: "Release notes",
    version_hint: "Letters, digits and . _ + -, for example 2026.2 or 5.1.0-rc1",
    update_files_hint: "1 to 10 files of any type, up to 4 GiB each, stored as they arrive. With JavaScript a bar shows the progress; without, the browser does.",
    enter_version: "Enter the version",
    enter_notes: "Write the release notes",
    update_published: "Update {what} published.",
    update_unpublished: "Update withdrawn: customers no longer see it.",
    upload_progress: "Uploading the files",
    files_again: "Choose the files again: they were not kept.",
    desk_courses: "Courses",
    courses_desk_intro: "The courses on the calendar. The users of customers subscribed to courses enrol, with the advanced Courses permission.",
    add_course: "Add a course",
    course_title_label: "Course title",
    course_description_label: "Description (optional)",
    course_date_label: "Day",
    course_time_label: "Start time",
    course_time_hint: "Server time ({zone}).",
    seats_label: "Seats",
    enter_course_title: "Enter the course title",
    enter_course_start: "Enter the start day and time, in the future (for example 2027-01-15 and 09:30)",
    enter_seats: "Enter the seats as a whole number, 1 to 10,000",
    course_added: "Course “{title}” added to the calendar.",
    enrolments_title: "Enrolled",
    no_enrolments: "Nobody has enrolled yet.",
    col_starts: "Starts",
    enrolled_at_label: "Enrolled on",
    courses_subscription_title: "Courses subscription",
    courses_subscription_on: "Subscribed: users with the advanced Courses permission enrol in courses",
    courses_subscription_off: "Not subscribed: users see the calendar but do not enrol",
    grant_hint: "A positive number adds the minutes; a negative one takes them away (a correction, which needs the reason).",
    notified_label: "Customer notifications",
    states: ["Submitted", "In progress", "Answered", "Closed"],
    priorities: ["Normal", "Blocking", "Priority"],
    sections: [
        "Profile",
        "Users",
        "Software updates",
        "Online courses",
        "Online support",
        "Technical documents",
        "Videos",
        "Tax notices",
        "Technical news",
        "Commercial news",
        "FAQ",
        "Store",
    ],
};

use super::Surface;
use crate::domain::ticket::Refusal;
use crate::server::service::error::{
    Attempts, CompanyTask, Error, Missing, Published, Reach, StaffTask, TokenProblem,
};
use crate::server::store::Unique;

pub fn problem(e: &Error, surface: Surface) -> String {
    let api = surface == Surface::Api;
    match e {
        Error::Token(TokenProblem::Invalid) => "the token is not valid".into(),
        Error::Token(TokenProblem::Revoked) => {
            "the token has been revoked (logged out, password changed, or revoked by its owner)"
                .into()
        }
        Error::Token(TokenProblem::Expired) => "the token has expired".into(),
        Error::InvalidCredentials => "wrong account or password".into(),
        Error::LoginDisabled => "this account is disabled; ask your company's Administrator".into(),
        Error::Suspended { customer, message } => format!(
            "access for {} is suspended{}; contact the help desk",
            customer.as_deref().unwrap_or("your company"),
            message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ),
        Error::PasswordChangeRequired => format!(
            "you must choose your own password first{}",
            if api {
                " (POST /api/v1/auth/password, or `lhs passwd`)"
            } else {
                ""
            }
        ),
        Error::SamePassword => "the new password must differ from the current one".into(),
        Error::WrongCurrentPassword => "the current password is wrong".into(),
        Error::CodeRefused => format!(
            "the code is invalid, expired or already used; ask for a new one{}",
            if api { " (`lhs password forgot`)" } else { "" }
        ),
        Error::TooMany { what, wait } => format!(
            "{}; try again in {wait} seconds",
            match what {
                Attempts::FailedLogins => "too many failed logins",
                Attempts::WrongPasswords => "too many wrong passwords",
                Attempts::ResetRequests => "too many reset requests",
                Attempts::WrongCodes => "too many wrong codes",
            }
        ),
        Error::Busy => {
            "the server is busy with other password operations; try again shortly".into()
        }
        Error::StaffOnly(task) => match task {
            StaffTask::Any => "only help-desk staff can do this".into(),
            StaffTask::PublishContents => {
                "only the help desk publishes in the portal's areas".into()
            }
            StaffTask::PublishUpdates => "only the help desk publishes software updates".into(),
            StaffTask::ManageStore => {
                "only the help desk manages the Store's packages and decides orders".into()
            }
            StaffTask::ManageCourses => {
                "only the help desk adds courses and reads their enrolments".into()
            }
            StaffTask::FilterByCustomer => "only staff can filter by customer".into(),
        },
        Error::StaffAdminOnly => {
            "only staff administrators can manage customers, catalog, contracts and technicians".into()
        }
        Error::AdminOnly => "only the company's Administrator can manage users".into(),
        Error::AdminOnlyCreates => {
            "operative users are created by their company's Administrator".into()
        }
        Error::AccountTaken(account) => format!("the account `{account}` is already taken"),
        Error::StaffCannotSetPasswords => format!(
            "staff cannot set a user's password: only users choose their own; send a reset instead{}",
            if api {
                " (`lhs users reset-password ACCOUNT`)"
            } else {
                ""
            }
        ),
        Error::OwnStaffAccount => "you cannot disable your own account or drop your own administrator flag: another staff administrator can".into(),
        Error::AccountDisabled(account) => format!("`{account}` is disabled: enable it first"),
        Error::CustomerExists(code) => format!("a customer with code `{code}` already exists"),
        Error::CodeIsAnAccount(code) => {
            format!("`{code}` is already the account of a user; choose another customer code")
        }
        Error::NotInCatalog(unknown) => format!(
            "not in the catalog: {}; add them first{}",
            unknown.join("; "),
            if api {
                " (POST /api/v1/catalog/sections)"
            } else {
                ""
            }
        ),
        Error::NeedsPermission {
            reach: Reach::Buying,
            permission,
        } => format!(
            "buying and the company's orders need the permission {permission}; ask your company's Administrator"
        ),
        Error::NeedsPermission { reach, permission } => format!(
            "{} needs the permission {permission}; ask your company's Administrator",
            match reach {
                Reach::Area(k) => format!("the {} area", k.label()),
                Reach::OpenItems(k) => format!("opening {} items", k.label()),
                Reach::Courses => "the courses area".into(),
                Reach::Enrolling => "enrolling in courses".into(),
                Reach::Updates => "the software updates area".into(),
                Reach::DownloadingUpdates => "downloading software updates".into(),
                Reach::Buying => unreachable!("worded above"),
            }
        ),
        Error::CompanyUsersOnly(CompanyTask::EnrolCourses) => {
            "only the users of a customer enrol in courses".into()
        }
        Error::CompanyUsersOnly(CompanyTask::BuyPackages) => {
            "the help desk does not buy packages; customers do".into()
        }
        Error::NoCoursesSubscription => {
            "your company has no courses subscription; ask the help desk to activate one".into()
        }
        Error::AlreadyEnrolled(id) => format!("you are already enrolled in course {id}"),
        Error::CourseStarted { id, withdrawing } => format!(
            "course {id} has already started{}",
            if *withdrawing {
                ": the enrolment stays"
            } else {
                ""
            }
        ),
        Error::CourseFull(id) => format!("course {id} has no seats left"),
        Error::NotEnrolled(id) => format!("you are not enrolled in course {id}"),
        Error::PackageExists(code) => format!(
            "a package `{code}` already exists{}",
            if api {
                "; change it with `lhs desk store packages edit`"
            } else {
                ""
            }
        ),
        Error::OrderDecided { id, status } => format!("order {id} is already {status}"),
        Error::AlreadyUnpublished(Published::Content { kind, id }) => {
            format!("{} item {id} is already unpublished", kind.label())
        }
        Error::AlreadyUnpublished(Published::Update(id)) => {
            format!("software update {id} is already unpublished")
        }
        Error::UnknownCustomers(unknown) => format!(
            "no customer {}{}",
            unknown
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if api {
                "; see `lhs desk customers list`"
            } else {
                ""
            }
        ),
        Error::UnknownCatalogNode(path) => format!(
            "no catalog node `{path}`{}",
            if api { "; see `lhs catalog`" } else { "" }
        ),
        Error::UnknownProduct(p) => format!(
            "no product `{p}` in the catalog{}",
            if api { "; see `lhs catalog`" } else { "" }
        ),
        Error::VersionExists { product, version } => {
            format!("{product} {version} is already published")
        }
        Error::FileTooLarge { name, limit_gib } => {
            format!("`{name}` is over the limit of {limit_gib} GiB per file")
        }
        Error::MailSent(id) => format!("mail {id} was already sent"),
        Error::MailCodeExpired(id) => {
            format!("mail {id} carried a code that has expired; the user must ask for a new one")
        }
        Error::StaffHaveNoPackage => format!(
            "staff have no package of their own{}",
            if api {
                ": use GET /api/v1/customers/{code}/package"
            } else {
                ""
            }
        ),
        Error::AdminCannotManageTickets => format!(
            "the Administrator account cannot open or manage tickets: log in as an operative user (the Administrator creates them {})",
            if api {
                "with `lhs users add`"
            } else {
                "in Users"
            }
        ),
        Error::PermissionOff { area } => format!(
            "your `{area}` permission is off: ask your company's Administrator to enable it"
        ),
        Error::ReadOnlyCannotOpen => {
            "your `assistenza` permission is read-only: you cannot open tickets".into()
        }
        Error::CustomersOnly => "tickets are opened by the customers' operative users".into(),
        Error::Transition { refusal, .. } => refused(*refusal, api),
        Error::SectionNotInContract(p) => {
            let mut s = format!(
                "`{} › {} › {}` is not enabled in your contract",
                p.macro_area, p.area, p.section
            );
            if api {
                s.push_str("; see the enabled sections with `lhs catalog` (GET /api/v1/catalog)");
            }
            s
        }
        Error::ReopenWindowPassed {
            number,
            closed_at,
            until,
        } => {
            let why = if until.is_none() {
                "this server does not reopen tickets".to_owned()
            } else {
                format!("it was closed at {closed_at}, longer ago than the server's reopen window")
            };
            format!("ticket {number} cannot be reopened: {why}; open a new ticket")
        }
        Error::TicketChanged(n) => format!(
            "ticket {n} changed while you were looking at it (another technician or the customer): nothing was done; see how it is now and try again if need be"
        ),
        Error::InsufficientBalance {
            customer,
            balance,
            requested,
        } => format!(
            "customer {customer} has {balance} SMART minutes left, the reply needs {requested}; grant minutes first or reply with overdraft allowed"
        ),
        Error::IdempotencyKeyReused { ticket } => {
            let which = ticket.map_or_else(String::new, |n| format!(", for ticket {n},"));
            format!("this Idempotency-Key was already used{which} with a different request")
        }
        Error::NotFound(m) => match m {
            Missing::Ticket(n) => format!("ticket {n} not found"),
            Missing::Attachment { ticket, id } => {
                format!("attachment {id} of ticket {ticket} not found")
            }
            Missing::Customer(code) => format!("customer `{code}` not found"),
            Missing::Technician(acc) => format!("technician `{acc}` not found"),
            Missing::User(acc) => format!("user `{acc}` not found"),
            Missing::CatalogNode if api => "no such catalog node; see `lhs catalog`".into(),
            Missing::CatalogNode => "no such catalog node".into(),
            Missing::Area(s) => format!(
                "no area `{s}`; the areas are documents, news-tech, news-sales, videos, fiscal and faq"
            ),
            Missing::ContentItem { kind, id } => format!("no {} item {id}", kind.label()),
            Missing::ContentFile { item, file } => format!("no file {file} in item {item}"),
            Missing::Course(id) => format!("no course {id}"),
            Missing::Package(code) => format!(
                "no package `{code}` on sale{}",
                if api { "; see `lhs store list`" } else { "" }
            ),
            Missing::Order(id) => format!("no order {id}"),
            Missing::Update(id) => format!("no software update {id}"),
            Missing::UpdateFile { update, file } => format!("no file {file} in update {update}"),
            Missing::Product(p) => format!(
                "no product `{p}` in the catalog{}",
                if api { "; see `lhs catalog`" } else { "" }
            ),
            Missing::Mail(id) => format!("mail {id} not found"),
            Missing::Token(id) => format!("token {id} not found"),
            Missing::CatalogPath(path) => format!(
                "no catalog node `{path}`{}",
                if api { "; see `lhs catalog`" } else { "" }
            ),
        },
        Error::Invalid { reason, .. } | Error::BadFile { reason, .. } => reason.to_string(),
        Error::InvertedRange { from, to } => {
            format!("`from` ({from}) is after `to` ({to}): swap them, or leave one out")
        }
        Error::Taken(u) => match u {
            Unique::CustomerCode => "this customer code is taken",
            Unique::Account => "this account is taken",
            Unique::IdempotencyKey => "this Idempotency-Key is being used by another request",
            Unique::Other => "this conflicts with existing data",
        }
        .into(),
        Error::NotADevDatabase { account } => format!(
            "this database holds a portal that --dev did not make (it has no dev account `{account}`); dev mode seeds an empty database or reuses its own: leave out --dev to serve it, or give --dev another --db"
        ),
        Error::NotEmpty => "dev mode seeds an empty database; this one already has accounts".into(),
        Error::Store(_) => "internal server error; the server log has the details".into(),
    }
}

fn refused(r: Refusal, api: bool) -> String {
    match r {
        Refusal::ReadOnly => "your `assistenza` permission is read-only: ask your company's Administrator for `own` or `all`".into(),
        Refusal::StaffOnly => "only help-desk staff can take tickets in charge or reply".into(),
        Refusal::AlreadyClosed => "the ticket is already closed".into(),
        Refusal::Closed => format!(
            "the ticket is closed (chiuso): reopen it first{} or open a new ticket",
            if api { " (`lhs tickets reopen`)" } else { "" }
        ),
        Refusal::NotClosed(state) => {
            format!("the ticket is not closed (it is {state}): there is nothing to reopen")
        }
        Refusal::NotEditable(state) => format!(
            "the ticket is {state}: the help desk is already working on it, so it can no longer be edited; add a comment instead"
        ),
        Refusal::AlreadyYours => "the ticket is already in charge of you".into(),
        Refusal::NotTaken => "the ticket is inserito: take it in charge before replying".into(),
    }
}

/// What the HTTP layer refuses by itself.
pub fn http(h: super::Http<'_>) -> String {
    use super::{Expected, Http};
    let what = |part: Option<&str>| {
        part.map_or_else(
            || "the request body".to_owned(),
            |p| format!("the `{p}` part"),
        )
    };
    let expected = |e: Expected<'_>| match e {
        Expected::WholeNumber => "a whole number".to_owned(),
        Expected::TrueOrFalse => "true or false".to_owned(),
        Expected::Utf8 => "UTF-8 text".to_owned(),
        Expected::Valid => "a valid value".to_owned(),
        Expected::Said(s) => s.to_owned(),
    };
    match h {
        Http::MethodNotAllowed => "method not allowed on this endpoint".into(),
        Http::ContentType(t) => format!("expected `Content-Type: {t}`"),
        Http::BodyTooLarge => "request body too large".into(),
        Http::UploadTooLarge { files } => format!(
            "request body too large: at most {files} attachments of 1000 KB each per upload"
        ),
        Http::UnreadableBody => "cannot read the request body".into(),
        Http::Empty { part } => format!("{} is empty: expected a JSON object", what(part)),
        Http::NotAnObject { part } => format!("{} must be a JSON object", what(part)),
        Http::MalformedJson { part, detail } => {
            format!("malformed JSON in {}: {detail}", what(part))
        }
        Http::BadValue {
            field: Some(f),
            detail,
            ..
        } => format!("`{f}`: {detail}"),
        Http::BadValue {
            field: None,
            part,
            detail,
        } => format!("invalid {}: {detail}", what(part)),
        Http::PathValue {
            field: Some(f),
            expected: e,
        } => {
            format!("invalid `{f}` in the path: expected {}", expected(e))
        }
        Http::PathValue {
            field: None,
            expected: e,
        } => {
            format!("invalid path parameter: expected {}", expected(e))
        }
        Http::Query { detail } => format!("invalid query: {detail}"),
        Http::QueryValue {
            field,
            expected: Expected::Said(s),
        } => format!("invalid `{field}`: {s}"),
        Http::QueryValue { field, expected: e } => {
            format!("invalid `{field}`: expected {}", expected(e))
        }
        Http::NoBoundary { detail } => {
            format!("expected a multipart/form-data body with a boundary: {detail}")
        }
        Http::IdempotencyKey => {
            "the Idempotency-Key header must be 1 to 200 visible ASCII characters".into()
        }
        Http::UploadCut { name, why } => format!("the upload of `{name}` was cut short: {why}"),
        Http::NoEndpoint => "no such endpoint; see /api/v1/openapi.json".into(),
        Http::Internal => "internal server error; the server log has the details".into(),
    }
}

/// A ticket list's query string refused.
pub fn query(r: &crate::wire::QueryRefusal) -> String {
    use crate::wire::QueryRefusal as Q;
    match r {
        Q::UnknownState(s) => format!(
            "unknown state `{s}`; use inserito, in_carico, risposto, chiuso (comma-separated)"
        ),
        Q::UnknownPriority(v) => {
            format!("unknown priority `{v}`; use normale, bloccante or priority")
        }
        Q::Limit { max } => format!("`limit` must be a number from 1 to {max}"),
        Q::Cursor => "invalid cursor: pass next_cursor as received".into(),
        Q::UnknownSort(v) => format!("unknown sort `{v}`; use newest or oldest"),
        Q::UnknownParameter { name, known } => {
            format!(
                "unknown query parameter `{name}`; known: {}",
                known.join(", ")
            )
        }
        Q::NotBoolean(name) => format!("`{name}` must be true or false"),
        Q::Date { name, value } => {
            format!("`{name}`: invalid date `{value}`: use YYYY-MM-DD (e.g. 2024-06-18)")
        }
    }
}
