//! Text from files and arguments, made safe for a terminal: control characters (C0 other than
//! newline and tab, DEL, C1) and the bidirectional overrides that can reorder what a reader
//! sees are shown escaped, never sent. balance's own styling is added after this, so every
//! escape sequence that reaches the terminal is balance's own.

use std::borrow::Cow;

/// `text` with every unsafe character written as a visible escape (`\x1b`, `\u{202e}`).
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => shown.push(c),
            c => shown.push_str(&escape(c)),
        }
    }
    Cow::Owned(shown)
}

fn escape(c: char) -> String {
    match c as u32 {
        code if code < 0x100 => format!("\\x{code:02x}"),
        code => format!("\\u{{{code:x}}}"),
    }
}

/// The columns a character may take on a terminal once made safe, for cutting text to a
/// width: two for a CJK character, up to eight for a tab, the length of its escape for one
/// that [`safe`] escapes, and at least one, so that a run of characters that take none (a
/// zero-width space) is cut too.
pub fn columns(c: char) -> usize {
    match c {
        '\t' => 8,
        c if unsafe_char(c) => escape(c).len(),
        c => unicode_width::UnicodeWidthChar::width(c)
            .unwrap_or(0)
            .max(1),
    }
}

/// Replaces `text` with its safe form, in place.
pub fn make_safe(text: &mut String) {
    if let Cow::Owned(shown) = safe(text) {
        *text = shown;
    }
}

/// `text` as one line: runs of white space, newlines among them, become one space, and none
/// is left at either end.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Makes `text` one line, then safe.
pub fn make_safe_line(text: &mut String) {
    if text.contains(char::is_whitespace) {
        *text = one_line(text);
    }
    make_safe(text);
}

fn unsafe_char(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true,
        // Bidirectional embeddings, overrides and isolates.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// A writer that passes text on made safe: for data written to a terminal that balance does
/// not style (the rows of `score`), where a respondent's id comes from the file.
pub struct SafeWriter<W> {
    inner: W,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            // An incomplete character at the end waits for the next write; invalid bytes
            // are shown as the replacement character.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.pending.len(),
        };
        let text = String::from_utf8_lossy(&self.pending[..valid]).into_owned();
        self.inner.write_all(safe(&text).as_bytes())?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&self.pending).into_owned();
            self.inner.write_all(safe(&rest).as_bytes())?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(safe("plain text\nline two\tok"), "plain text\nline two\tok");
        assert_eq!(
            safe("\u{1b}]0;owned\u{7}\u{1b}[2J"),
            "\\x1b]0;owned\\x07\\x1b[2J"
        );
        assert_eq!(safe("a\rb\u{7f}c\u{9b}d"), "a\\x0db\\x7fc\\x9bd");
        assert_eq!(safe("left\u{202e}right"), "left\\u{202e}right");
        assert!(matches!(safe("clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_safe_writer_keeps_characters_split_across_writes() {
        use std::io::Write;
        let mut out = SafeWriter::new(Vec::new());
        let text = "é\u{1b}[2J,ok\n".as_bytes();
        out.write_all(&text[..1]).unwrap();
        out.write_all(&text[1..]).unwrap();
        out.flush().unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "é\\x1b[2J,ok\n");
    }
}
