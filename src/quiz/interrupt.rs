//! Ctrl-C, a closed terminal (SIGHUP) or SIGTERM during a quiz: save the answers so far,
//! leave the terminal usable, say how to continue, and exit.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::Progress;

/// Set by whichever of the signal thread and the quiz handles the interruption first, so
/// that the answers are saved and the person told once.
static HANDLED: AtomicBool = AtomicBool::new(false);

/// Keeps the latest progress where the signal thread can save it.
pub struct Guard {
    latest: Arc<Mutex<Progress>>,
    path: PathBuf,
    /// SIGTERM or SIGHUP, once one has arrived.
    cause: Arc<AtomicUsize>,
}

impl Guard {
    /// Starts watching for signals. Until it is dropped, a signal ends the process.
    pub fn install(progress: &Progress, path: PathBuf) -> std::io::Result<Guard> {
        let latest = Arc::new(Mutex::new(progress.clone()));
        let terminal = TerminalState::capture();
        // console's key reader answers any interrupted read by raising SIGINT itself, so the
        // signal that really came must be noted the moment it arrives.
        let cause = Arc::new(AtomicUsize::new(0));
        for signal in [SIGTERM, SIGHUP] {
            signal_hook::flag::register_usize(signal, Arc::clone(&cause), signal as usize)?;
        }
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        let noted = Arc::clone(&cause);
        let (shared, saved_to) = (Arc::clone(&latest), path.clone());
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if HANDLED.swap(true, Ordering::SeqCst) {
                    return;
                }
                terminal.restore();
                let progress = shared.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let code = 128
                    + match noted.load(Ordering::SeqCst) {
                        0 => signal,
                        other => other as i32,
                    };
                std::process::exit(match save_and_tell(&progress, &saved_to) {
                    true => code,
                    false => 1,
                });
            }
        });
        Ok(Guard {
            latest,
            path,
            cause,
        })
    }

    pub fn update(&self, progress: &Progress) {
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = progress.clone();
    }

    /// Saves the progress after a Ctrl-C seen as a key press; true when saved.
    pub fn save(&self, progress: &Progress) -> bool {
        let signalled = self.cause.load(Ordering::SeqCst) != 0;
        if signalled || HANDLED.swap(true, Ordering::SeqCst) {
            // The signal thread is saving and will end the process.
            loop {
                std::thread::park();
            }
        }
        save_and_tell(progress, &self.path)
    }
}

fn save_and_tell(progress: &Progress, path: &std::path::Path) -> bool {
    let mut err = std::io::stderr();
    match progress.save(path) {
        Ok(()) => {
            let _ = writeln!(
                err,
                "\nPaused after {} of {} statements. Your answers are saved; continue with `balance quiz --resume`.",
                progress.position,
                progress.items.len()
            );
            true
        }
        Err(e) => {
            let _ = writeln!(err, "\nbalance: {e}");
            false
        }
    }
}

/// The terminal's settings before the quiz put it in raw mode, and a visible cursor.
struct TerminalState {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl TerminalState {
    fn capture() -> Self {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr only writes into the zeroed struct we own.
            let mut termios: libc::termios = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut termios) } == 0;
            TerminalState {
                saved: ok.then_some(termios),
            }
        }
        #[cfg(not(unix))]
        TerminalState {}
    }

    fn restore(&self) {
        #[cfg(unix)]
        if let Some(termios) = &self.saved {
            // SAFETY: restores settings captured from the same descriptor.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, termios) };
        }
        let term = console::Term::stderr();
        let _ = term.show_cursor();
        let _ = term.clear_line();
    }
}
