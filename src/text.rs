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
            c if (c as u32) < 0x100 => shown.push_str(&format!("\\x{:02x}", c as u32)),
            c => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(shown)
}

/// Replaces `text` with its safe form, in place.
pub fn make_safe(text: &mut String) {
    if let Cow::Owned(shown) = safe(text) {
        *text = shown;
    }
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
}
