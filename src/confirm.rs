//! A yes/no question at the terminal before something that cannot be undone (`forget`) or
//! that changes whose results the history holds (`import` of a single result), and what
//! every question at the terminal shares: how a signal ends it, and how its failure reads.

use crate::error::{Error, Result};
use crate::output::Terminals;

/// Asks `prompt`, defaulting to no. Without a terminal to ask on, `no_terminal` is the
/// error (the command then wants `--yes`). Ctrl-C shows the cursor again, prints
/// `interrupted` and exits 130.
pub fn confirm(
    prompt: &str,
    terminals: Terminals,
    interrupted: &'static str,
    no_terminal: impl FnOnce() -> Error,
) -> Result<bool> {
    if !terminals.stdin || !terminals.stderr {
        return Err(no_terminal());
    }
    asking(interrupted, || {
        dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact()
    })
    .map_err(prompt_error)
}

/// Runs `ask`, a question at the terminal, with a signal ending it as
/// [`restore_cursor_on_interrupt`] says, and the signals' effect given back after.
pub(crate) fn asking<T>(interrupted: &'static str, ask: impl FnOnce() -> T) -> T {
    let on_interrupt = restore_cursor_on_interrupt(interrupted);
    let answer = ask();
    for id in on_interrupt {
        signal_hook::low_level::unregister(id);
    }
    answer
}

/// A prompt's failure: dialoguer's only kind is a terminal I/O error.
pub(crate) fn prompt_error(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(e) => Error::Prompt(e),
    }
}

/// dialoguer hides the cursor while it asks, and on Ctrl-C console raises SIGINT, which
/// would end balance with the cursor still hidden: show it again, say what was left
/// undone, and exit as an interrupted command does (128 + the signal). SIGTERM and SIGHUP
/// end the question the same way: once the quiz's own handlers are gone, signal-hook's
/// handler stays installed and would otherwise ignore them.
#[cfg(unix)]
fn restore_cursor_on_interrupt(interrupted: &'static str) -> Vec<signal_hook::SigId> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter_map(|signal| {
            let action = move || {
                const SHOW_CURSOR: &[u8] = b"\x1b[?25h\n";
                // SAFETY: write(2) is async-signal-safe, and both buffers are static.
                unsafe {
                    libc::write(
                        libc::STDERR_FILENO,
                        SHOW_CURSOR.as_ptr().cast(),
                        SHOW_CURSOR.len(),
                    );
                    libc::write(
                        libc::STDERR_FILENO,
                        interrupted.as_ptr().cast(),
                        interrupted.len(),
                    );
                }
                signal_hook::low_level::exit(crate::error::exit::SIGNAL_BASE + signal);
            };
            // SAFETY: the action only writes static buffers and exits, both
            // async-signal-safe.
            unsafe { signal_hook::low_level::register(signal, action) }.ok()
        })
        .collect()
}

#[cfg(not(unix))]
fn restore_cursor_on_interrupt(_interrupted: &'static str) -> Vec<signal_hook::SigId> {
    Vec::new()
}
