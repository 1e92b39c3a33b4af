//! Long output on a terminal goes through a pager, as git does: `$PAGER`, or `less -R` when
//! it is unset (with `LESS=FRX` unless `LESS` is set). An empty `PAGER`, `PAGER=cat` or
//! `--no-pager` writes straight to the terminal; output that is not a terminal is never paged.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// What to run as the pager, when there is one.
pub fn command(pager: Option<&str>) -> Option<String> {
    match pager {
        None => Some("less -R".to_string()),
        Some(p) if p.trim().is_empty() || p.trim() == "cat" => None,
        Some(p) => Some(p.to_string()),
    }
}

/// Shows `text`: through the pager when it is longer than the screen's `rows`, else as it is.
pub fn show(out: &mut dyn Write, text: &[u8], rows: usize, pager: Option<&str>) -> io::Result<()> {
    let lines = text.iter().filter(|b| **b == b'\n').count();
    match command(pager) {
        Some(pager) if lines >= rows => match spawn(&pager) {
            Ok(mut child) => {
                if let Some(mut stdin) = child.stdin.take() {
                    // A pager quit before the end closes its input: that is no error.
                    match stdin.write_all(text) {
                        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
                        _ => {}
                    }
                }
                child.wait().map(|_| ())
            }
            // No such pager: the text is shown as it is.
            Err(_) => out.write_all(text),
        },
        _ => out.write_all(text),
    }
}

#[cfg(unix)]
fn spawn(pager: &str) -> io::Result<std::process::Child> {
    let mut command = Command::new("sh");
    command.arg("-c").arg(pager);
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.stdin(Stdio::piped()).spawn()
}

#[cfg(not(unix))]
fn spawn(pager: &str) -> io::Result<std::process::Child> {
    let mut words = pager.split_whitespace();
    let program = words.next().unwrap_or("more");
    Command::new(program)
        .args(words)
        .stdin(Stdio::piped())
        .spawn()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_is_less_unless_said_otherwise() {
        assert_eq!(command(None).as_deref(), Some("less -R"));
        assert_eq!(command(Some("")), None);
        assert_eq!(command(Some("cat")), None);
        assert_eq!(command(Some("most")).as_deref(), Some("most"));
    }

    #[test]
    fn short_text_is_written_as_it_is() {
        let mut out = Vec::new();
        show(&mut out, b"one\ntwo\n", 10, Some("false")).unwrap();
        assert_eq!(out, b"one\ntwo\n");
    }
}
