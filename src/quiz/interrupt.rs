//! Ctrl-C, a closed terminal (SIGHUP), SIGTERM and a resized window during a quiz.
//!
//! The handlers only set flags. A signal interrupts the key reader's wait, the prompter
//! looks at the flags and returns, and the quiz saves its progress and returns an
//! interruption that `run` turns into the exit code 128 + signal. Nothing exits from a signal
//! handler or another thread, so the terminal is always restored by the code that changed it.
//! The handlers are removed as soon as the quiz is over: a signal after that has its usual
//! effect and cannot save a second copy.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use signal_hook::SigId;

/// SIGINT's number, which is the same on every platform balance runs on.
pub const SIGINT: i32 = 2;

/// The signals watched while a quiz runs.
pub struct Signals {
    /// The first ending signal that arrived (0: none yet).
    cause: Arc<AtomicUsize>,
    resized: Arc<AtomicBool>,
    registered: Vec<SigId>,
}

impl Signals {
    /// Starts watching; the handlers stay until the value is dropped.
    pub fn watch() -> std::io::Result<Signals> {
        let mut signals = Signals {
            cause: Arc::new(AtomicUsize::new(0)),
            resized: Arc::new(AtomicBool::new(false)),
            registered: Vec::new(),
        };
        // A second ending signal while the first is being handled ends the process at once
        // (the default action), as a person pressing Ctrl-C twice expects.
        let stopping = Arc::new(AtomicBool::new(false));
        for signal in ending_signals() {
            let ids = [
                signal_hook::flag::register_conditional_default(signal, Arc::clone(&stopping))?,
                signal_hook::flag::register(signal, Arc::clone(&stopping))?,
                signal_hook::flag::register_usize(
                    signal,
                    Arc::clone(&signals.cause),
                    signal as usize,
                )?,
            ];
            signals.registered.extend(ids);
        }
        // A resized window, or coming back after a stop (`fg`), needs the statement drawn
        // again; the wait for a key is cut short so that it can be.
        #[cfg(unix)]
        for signal in [signal_hook::consts::SIGWINCH, signal_hook::consts::SIGCONT] {
            signals.registered.push(signal_hook::flag::register(
                signal,
                Arc::clone(&signals.resized),
            )?);
        }
        Ok(signals)
    }

    /// The ending signal that arrived, if one did.
    pub fn interrupted(&self) -> Option<i32> {
        match self.cause.load(Ordering::SeqCst) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }

    /// True once after the terminal was resized or the process continued after a stop.
    pub fn take_resized(&self) -> bool {
        self.resized.swap(false, Ordering::SeqCst)
    }

    /// Notes a Ctrl-C read as a key, as if SIGINT had arrived.
    pub fn note_ctrl_c(&self) {
        let _ = self
            .cause
            .compare_exchange(0, SIGINT as usize, Ordering::SeqCst, Ordering::SeqCst);
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.registered.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(unix)]
fn ending_signals() -> [i32; 3] {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    [SIGINT, SIGTERM, SIGHUP]
}

#[cfg(not(unix))]
fn ending_signals() -> [i32; 2] {
    use signal_hook::consts::{SIGINT, SIGTERM};
    [SIGINT, SIGTERM]
}
