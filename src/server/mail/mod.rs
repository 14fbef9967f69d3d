//! E-mail: the texts of every notification (queued in the outbox inside the transaction of the
//! change that causes it; [`texts`]) and the worker that delivers the outbox over SMTP with
//! retries ([`delivery`]).
//!
//! Delivery is at-least-once: a mail is marked sent only after the SMTP server accepted it, so
//! a crash between the two re-sends rather than loses it.
//!
//! No password is ever mailed. Mails that carry a single-use code (password reset, invitation
//! to choose a first password) keep the code apart from the body ([`CODE_PLACEHOLDER`] marks
//! its place) and the store erases it once the mail is sent or the code expires. The mails
//! tell people to paste codes at `lhs`'s prompt, never to put them on a command line.

pub mod delivery;
pub mod texts;

pub use delivery::{MAX_ATTEMPTS, Transport, check_sender, purge, transport, worker};
pub use texts::{
    CODE_PLACEHOLDER, TicketEvent, invitation, order_event, password_changed, password_reset,
    ticket_event, user_created,
};
