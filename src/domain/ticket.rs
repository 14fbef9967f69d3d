//! Ticket states, priorities and the state machine that says which action is allowed when.
//!
//! Pure logic shared by the server (which enforces it) and the CLI (which parses state names).
//! The machine, as documented in README.md:
//!
//! ```text
//!   inserito ──take──▶ in_carico ──reply──▶ risposto ──(no customer activity N days)──▶ chiuso
//!      │                 ▲    ▲                 │  │
//!      │                 │    └─customer comment┘  └──reply (follow-up)──▶ risposto
//!      │                 └──take (re-assign / re-open work from risposto)
//!      └────────────── close (customer "ok, risolto" or staff) from any open state ──▶ chiuso
//!
//!   chiuso ──reopen (within the server's --reopen-within, default 7 days)──▶ in_carico
//!                                                        (inserito when nobody took it yet)
//! ```
//! Past the reopen window nothing moves a closed ticket; the customer opens a new one. While
//! `inserito` the ticket can still be edited (subject, priority, notification e-mail).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Inserito,
    InCarico,
    Risposto,
    Chiuso,
}

impl TicketState {
    pub const ALL: [TicketState; 4] = [
        TicketState::Inserito,
        TicketState::InCarico,
        TicketState::Risposto,
        TicketState::Chiuso,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Inserito => "inserito",
            TicketState::InCarico => "in_carico",
            TicketState::Risposto => "risposto",
            TicketState::Chiuso => "chiuso",
        }
    }

    /// The portal's label, for tables.
    pub fn label(self) -> &'static str {
        match self {
            TicketState::Inserito => "Inserito",
            TicketState::InCarico => "In carico",
            TicketState::Risposto => "Risposto",
            TicketState::Chiuso => "Chiuso",
        }
    }

    pub fn is_open(self) -> bool {
        self != TicketState::Chiuso
    }
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TicketState {
    type Err = String;
    /// Italian names (`in-carico`, `in_carico`, `in carico`) and English aliases
    /// (`new`, `in-progress`, `answered`, `closed`), case-insensitive.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Ok(match norm.as_str() {
            "inserito" | "new" => TicketState::Inserito,
            "in_carico" | "in_progress" => TicketState::InCarico,
            "risposto" | "answered" => TicketState::Risposto,
            "chiuso" | "closed" => TicketState::Chiuso,
            _ => {
                return Err(format!(
                    "unknown ticket state `{s}`; valid states: inserito, in-carico, risposto, chiuso (or new, in-progress, answered, closed)"
                ));
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Normale,
    Bloccante,
    Priority,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Normale => "normale",
            Priority::Bloccante => "bloccante",
            Priority::Priority => "priority",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Priority::Normale => "Normale",
            Priority::Bloccante => "Bloccante",
            Priority::Priority => "Priority",
        }
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "normale" | "normal" => Ok(Priority::Normale),
            "bloccante" | "blocking" => Ok(Priority::Bloccante),
            "priority" | "urgent" => Ok(Priority::Priority),
            _ => Err(format!(
                "unknown priority `{s}`; valid priorities: normale, bloccante, priority"
            )),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a caller can do to a ticket. Listed in every ticket response as `actions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Comment,
    Attach,
    Close,
    Take,
    Reply,
    /// Back from `chiuso`, within the server's reopen window.
    Reopen,
    /// Subject, priority or notification e-mail, while `inserito`.
    Edit,
}

/// Who is acting, as far as the state machine cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A customer user allowed to manage the ticket (`assistenza` own on their own tickets, or all).
    Customer,
    /// A customer user who may only read (`assistenza=read`).
    Reader,
    /// A help-desk technician; `holds` is true when the ticket is in charge of this technician.
    Staff { holds: bool },
}

/// The outcome of a valid action: the state the ticket moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub to: TicketState,
}

/// Why an action is refused. The server renders it (403 for the first two, which no state
/// changes; 409 `invalid_transition` for the others) in the caller's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `assistenza` is read-only: the user may look, never act.
    ReadOnly,
    /// Taking in charge and replying are the help desk's.
    StaffOnly,
    /// Closing a closed ticket.
    AlreadyClosed,
    /// Anything but reopening, on a closed ticket.
    Closed,
    /// Reopening a ticket that is not closed (it is in this state).
    NotClosed(TicketState),
    /// Editing once the help desk works on it (it is in this state).
    NotEditable(TicketState),
    /// Taking a ticket already in the caller's charge.
    AlreadyYours,
    /// Replying before anyone took the ticket.
    NotTaken,
}

impl Refusal {
    /// True for refusals of the role, which no state would change.
    pub fn is_permission(self) -> bool {
        matches!(self, Refusal::ReadOnly | Refusal::StaffOnly)
    }
}

/// Decides whether `actor` may perform `action` on a ticket in `state`, and where it leads.
pub fn transition(state: TicketState, actor: Actor, action: Action) -> Result<Transition, Refusal> {
    use Action::{Attach, Close, Comment, Edit, Reopen, Reply, Take};
    use TicketState::{Chiuso, InCarico, Inserito, Risposto};
    if let Actor::Reader = actor {
        return Err(Refusal::ReadOnly);
    }
    let staff = matches!(actor, Actor::Staff { .. });
    if matches!(action, Take | Reply) && !staff {
        return Err(Refusal::StaffOnly);
    }
    if state == Chiuso {
        return match action {
            // Where it goes depends on whether someone took it: the server decides.
            Reopen => Ok(Transition { to: Inserito }),
            Close => Err(Refusal::AlreadyClosed),
            _ => Err(Refusal::Closed),
        };
    }
    let to = match (action, actor) {
        (Close, _) => Chiuso,
        (Reopen, _) => {
            return Err(Refusal::NotClosed(state));
        }
        (Edit, _) => {
            if state != Inserito {
                return Err(Refusal::NotEditable(state));
            }
            state
        }
        (Take, Actor::Staff { holds }) => {
            if state == InCarico && holds {
                return Err(Refusal::AlreadyYours);
            }
            InCarico
        }
        (Reply, _) => {
            if state == Inserito {
                return Err(Refusal::NotTaken);
            }
            Risposto
        }
        // A customer's comment or attachment on an answered ticket reopens the work.
        (Comment | Attach, Actor::Customer) if state == Risposto => InCarico,
        (Comment | Attach, _) => state,
        (Take, _) => unreachable!("checked above"),
    };
    Ok(Transition { to })
}

/// The actions `actor` may take now on a ticket in `state`.
pub fn allowed_actions(state: TicketState, actor: Actor) -> Vec<Action> {
    [
        Action::Comment,
        Action::Attach,
        Action::Close,
        Action::Take,
        Action::Reply,
        Action::Reopen,
        Action::Edit,
    ]
    .into_iter()
    .filter(|a| transition(state, actor, *a).is_ok())
    .collect()
}

/// The words of a search text: whole words to find (case and accents are ignored by the
/// search index). Pieces with no letter or digit (`-`, `"`) are dropped; punctuation inside a
/// piece is kept, so `fattura-2024` or `C++` are searched as written.
pub fn search_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOMER: Actor = Actor::Customer;
    const STAFF: Actor = Actor::Staff { holds: false };

    #[test]
    fn happy_path() {
        assert_eq!(
            transition(TicketState::Inserito, STAFF, Action::Take)
                .unwrap()
                .to,
            TicketState::InCarico
        );
        assert_eq!(
            transition(
                TicketState::InCarico,
                Actor::Staff { holds: true },
                Action::Reply
            )
            .unwrap()
            .to,
            TicketState::Risposto
        );
        assert_eq!(
            transition(TicketState::Risposto, CUSTOMER, Action::Comment)
                .unwrap()
                .to,
            TicketState::InCarico
        );
        assert_eq!(
            transition(TicketState::Risposto, CUSTOMER, Action::Close)
                .unwrap()
                .to,
            TicketState::Chiuso
        );
    }

    #[test]
    fn refusals() {
        assert!(matches!(
            transition(TicketState::Chiuso, CUSTOMER, Action::Comment),
            Err(Refusal::Closed)
        ));
        assert!(matches!(
            transition(TicketState::Inserito, STAFF, Action::Reply),
            Err(Refusal::NotTaken)
        ));
        assert!(matches!(
            transition(TicketState::Inserito, CUSTOMER, Action::Take),
            Err(Refusal::StaffOnly)
        ));
        assert!(matches!(
            transition(
                TicketState::InCarico,
                Actor::Staff { holds: true },
                Action::Take
            ),
            Err(Refusal::AlreadyYours)
        ));
        assert!(matches!(
            transition(TicketState::Inserito, Actor::Reader, Action::Comment),
            Err(Refusal::ReadOnly)
        ));
        assert!(matches!(
            transition(TicketState::InCarico, CUSTOMER, Action::Edit),
            Err(Refusal::NotEditable(TicketState::InCarico))
        ));
        assert!(matches!(
            transition(TicketState::Risposto, CUSTOMER, Action::Reopen),
            Err(Refusal::NotClosed(TicketState::Risposto))
        ));
        assert!(matches!(
            transition(TicketState::Chiuso, Actor::Reader, Action::Reopen),
            Err(Refusal::ReadOnly)
        ));
    }

    #[test]
    fn actions_listed() {
        assert_eq!(
            allowed_actions(TicketState::Inserito, CUSTOMER),
            vec![Action::Comment, Action::Attach, Action::Close, Action::Edit]
        );
        assert_eq!(
            allowed_actions(TicketState::Chiuso, STAFF),
            vec![Action::Reopen]
        );
        assert!(allowed_actions(TicketState::Chiuso, Actor::Reader).is_empty());
        assert_eq!(
            allowed_actions(TicketState::Inserito, STAFF),
            vec![
                Action::Comment,
                Action::Attach,
                Action::Close,
                Action::Take,
                Action::Edit
            ]
        );
        assert_eq!(
            allowed_actions(TicketState::Risposto, CUSTOMER),
            vec![Action::Comment, Action::Attach, Action::Close]
        );
    }

    #[test]
    fn state_names() {
        for s in ["in-carico", "IN_CARICO", "in carico", "in-progress"] {
            assert_eq!(s.parse::<TicketState>().unwrap(), TicketState::InCarico);
        }
        assert_eq!(
            "closed".parse::<TicketState>().unwrap(),
            TicketState::Chiuso
        );
        assert!("aperto".parse::<TicketState>().is_err());
    }

    #[test]
    fn search_words_keep_punctuation_inside_and_drop_noise() {
        assert_eq!(
            search_words("C++ fattura-2024  a\"b"),
            ["C++", "fattura-2024", "a\"b"]
        );
        assert!(search_words("\" ( ) *").is_empty());
        assert!(search_words("   ").is_empty());
    }
}
