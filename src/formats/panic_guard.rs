//! Running a library that panics on bad files, as a refusal instead of a
//! crash: [`contain`] catches the panic and keeps the panic hook quiet for
//! that call, so the user reads a plain refusal and not `thread 'main'
//! panicked at …` (or a backtrace under `RUST_BACKTRACE`).
//!
//! The hook is installed once, on the first call, in front of whatever hook
//! was there (the default one, or a test harness's or fuzzer's). It stays
//! silent only while a [`contain`] call is running on the same thread — a
//! thread-local flag, restored when the call ends (nested calls included) —
//! and hands every other panic to the previous hook unchanged.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// Whether a [`contain`] call is running on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The panic caught by the quiet hook, until [`contain`] takes it.
    static CAUGHT: RefCell<Option<Caught>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// A panic that [`contain`] caught: what it said and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caught {
    /// The panic's message (`"missing object reference: …"`).
    pub message: String,
    /// `file:line:column` of the panic, when known (for bug reports and
    /// the fuzzer; users are shown the message).
    pub location: String,
}

/// Runs `f`; a panic inside it is returned as [`Caught`], with nothing
/// printed. Panics on other threads, and after `f` returns, are reported
/// as before.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                CAUGHT.with(|c| *c.borrow_mut() = Some(caught(info)));
            } else {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    result.map_err(|payload| {
        CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| Caught {
                // Another hook was installed after ours: the message is all
                // there is.
                message: message(payload.as_ref()),
                location: String::new(),
            })
    })
}

fn caught(info: &PanicHookInfo<'_>) -> Caught {
    Caught {
        message: message(info.payload()),
        location: info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default(),
    }
}

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_panic_comes_back_with_its_message_and_place() {
        let got = contain(|| -> u32 { panic!("missing object reference: {}", 5) });
        let caught = got.unwrap_err();
        assert_eq!(caught.message, "missing object reference: 5");
        assert!(
            caught.location.starts_with("src/formats/panic_guard.rs:"),
            "{caught:?}"
        );
        assert_eq!(contain(|| 7), Ok(7));
    }

    #[test]
    fn the_quiet_flag_is_restored_after_each_call_even_nested() {
        let inner = contain(|| {
            let nested = contain(|| panic!("inner"));
            assert!(QUIET.with(Cell::get), "still inside the outer call");
            nested
        });
        assert_eq!(inner.unwrap().unwrap_err().message, "inner");
        assert!(!QUIET.with(Cell::get));
        let _ = contain(|| panic!("again"));
        assert!(!QUIET.with(Cell::get));
    }

    #[test]
    fn another_thread_is_never_quiet_and_its_panics_still_unwind() {
        // The quiet hook is installed; a panic on another thread, outside
        // any contained call, is not caught by it and unwinds as before.
        let _ = contain(|| panic!("quiet"));
        let outside = std::thread::spawn(|| {
            assert!(!QUIET.with(Cell::get));
            panic!("loud, on purpose");
        })
        .join();
        assert!(outside.is_err());
    }
}
