//! `lhs desk`: the help desk's side — the queue across companies, taking tickets in charge,
//! replying with the minutes spent, closing; customers, SMART packages, the mail outbox, and
//! publishing in the portal's reading areas and software updates, and the technicians.

pub mod close;
pub mod courses;
pub mod customers;
pub mod edit;
pub mod notice;
pub mod orders;
pub mod outbox;
pub mod package;
pub mod publish;
pub mod published;
pub mod queue;
pub mod reply;
pub mod report;
pub mod section;
pub mod staff;
pub mod store;
pub mod take;
pub mod unpublish;
pub mod updates;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Queue(queue::Args),
    Take(take::Args),
    Reply(reply::Args),
    Close(close::Args),
    /// Customers and their Administrators
    #[command(subcommand)]
    Customers(customers::Command),
    /// SMART packages
    #[command(subcommand)]
    Package(package::Command),
    Outbox(outbox::Args),
    Publish(publish::Args),
    Published(published::Args),
    Edit(edit::Args),
    Unpublish(unpublish::Args),
    /// Software updates: publish, unpublish
    #[command(subcommand)]
    Updates(updates::Command),
    /// Courses: add, enrolments
    #[command(subcommand)]
    Courses(courses::Command),
    /// The Store's packages: list, add, edit
    #[command(subcommand)]
    Store(store::Command),
    /// The Store's orders: list, confirm, reject
    #[command(subcommand)]
    Orders(orders::Command),
    Notice(notice::Args),
    Section(section::Args),
    Report(report::Args),
    /// The help desk's technicians: add, list, disable, enable, admin
    #[command(subcommand)]
    Staff(staff::Command),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Queue(a) => queue::run(ctx, a).await,
        Command::Take(a) => take::run(ctx, a).await,
        Command::Reply(a) => reply::run(ctx, a).await,
        Command::Close(a) => close::run(ctx, a).await,
        Command::Customers(c) => customers::run(ctx, c).await,
        Command::Package(c) => package::run(ctx, c).await,
        Command::Outbox(a) => outbox::run(ctx, a).await,
        Command::Publish(a) => publish::run(ctx, a).await,
        Command::Published(a) => published::run(ctx, a).await,
        Command::Edit(a) => edit::run(ctx, a).await,
        Command::Unpublish(a) => unpublish::run(ctx, a).await,
        Command::Updates(c) => updates::run(ctx, c).await,
        Command::Courses(c) => courses::run(ctx, c).await,
        Command::Store(c) => store::run(ctx, c).await,
        Command::Orders(c) => orders::run(ctx, c).await,
        Command::Notice(a) => notice::run(ctx, a).await,
        Command::Section(a) => section::run(ctx, a).await,
        Command::Report(a) => report::run(ctx, a).await,
        Command::Staff(c) => staff::run(ctx, c).await,
    }
}
