//! A small blocking connection pool shared by both backends: up to `size` connections, made on
//! demand, handed out one at a time, returned when the guard drops (unless it was marked
//! broken). A caller that finds every connection busy waits up to `wait`, then gets
//! [`StoreError::Unavailable`].

use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::{StoreError, StoreResult};

type Make<C> = Box<dyn Fn() -> StoreResult<C> + Send + Sync>;

pub struct Pool<C> {
    state: Mutex<State<C>>,
    returned: Condvar,
    make: Make<C>,
    size: usize,
    wait: Duration,
}

struct State<C> {
    idle: Vec<C>,
    open: usize,
}

impl<C> Pool<C> {
    pub fn new(size: usize, wait: Duration, make: Make<C>) -> Pool<C> {
        Pool {
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
            make,
            size: size.max(1),
            wait,
        }
    }

    /// A connection, waiting for one to come back if all are in use.
    pub fn get(&self) -> StoreResult<Pooled<'_, C>> {
        let deadline = Instant::now() + self.wait;
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            if let Some(c) = st.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    conn: Some(c),
                });
            }
            if st.open < self.size {
                st.open += 1;
                drop(st);
                return match (self.make)() {
                    Ok(c) => Ok(Pooled {
                        pool: self,
                        conn: Some(c),
                    }),
                    Err(e) => {
                        self.forget();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::Unavailable(format!(
                    "all {} database connections stayed busy for {:?}",
                    self.size, self.wait
                )));
            }
            st = self
                .returned
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Takes the idle connections out of the pool (to close them somewhere that may block).
    pub fn drain(&self) -> Vec<C> {
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let idle = std::mem::take(&mut st.idle);
        st.open = st.open.saturating_sub(idle.len());
        idle
    }

    fn forget(&self) {
        let mut st = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        st.open = st.open.saturating_sub(1);
        drop(st);
        self.returned.notify_one();
    }

    fn give_back(&self, c: C) {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .idle
            .push(c);
        self.returned.notify_one();
    }
}

/// A connection on loan; back to the pool when dropped.
pub struct Pooled<'a, C> {
    pool: &'a Pool<C>,
    conn: Option<C>,
}

impl<C> Pooled<'_, C> {
    /// Drops the connection instead of returning it (it failed in a way that may leave it
    /// unusable); the pool opens a new one when needed.
    pub fn discard(mut self) {
        self.conn = None;
        self.pool.forget();
    }
}

impl<C> Deref for Pooled<'_, C> {
    type Target = C;
    fn deref(&self) -> &C {
        self.conn
            .as_ref()
            .expect("a pooled connection until dropped")
    }
}

impl<C> DerefMut for Pooled<'_, C> {
    fn deref_mut(&mut self) -> &mut C {
        self.conn
            .as_mut()
            .expect("a pooled connection until dropped")
    }
}

impl<C> Drop for Pooled<'_, C> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            self.pool.give_back(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn lends_reuses_and_times_out() {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let pool: Pool<usize> = Pool::new(
            2,
            Duration::from_millis(50),
            Box::new(|| Ok(MADE.fetch_add(1, Ordering::SeqCst))),
        );
        let a = pool.get().unwrap();
        let b = pool.get().unwrap();
        assert_ne!(*a, *b);
        assert!(matches!(pool.get(), Err(StoreError::Unavailable(_))));
        drop(a);
        let c = pool.get().unwrap();
        assert_eq!(MADE.load(Ordering::SeqCst), 2, "reused, not made again");
        c.discard();
        let _d = pool.get().unwrap();
        assert_eq!(MADE.load(Ordering::SeqCst), 3);
        drop(b);
    }
}
