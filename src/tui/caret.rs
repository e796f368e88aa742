//! Editing a one-line text field as in a shell or a readline prompt: the
//! caret moves (←/→, Home/End, Ctrl-A/E/B/F), text is typed, pasted and
//! deleted where it stands (Backspace/Ctrl-H, Delete/Ctrl-D), and Ctrl-U,
//! Ctrl-K and Ctrl-W cut before it, after it, and the word before it.
//!
//! The caret is kept as the number of characters after it (`tail`): 0 is
//! the end, where a field's caret starts, so code that only ever appends
//! (completion, the level field's replace-the-default) stays right.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Byte index of the caret in `text`, `tail` characters before the end
/// (clamped: a tail longer than the text is its start).
fn at(text: &str, tail: usize) -> usize {
    match tail {
        0 => text.len(),
        n => text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i),
    }
}

/// Inserts `s` at the caret (a paste, or one typed character).
pub fn insert(text: &mut String, tail: usize, s: &str) {
    let i = at(text, tail);
    text.insert_str(i, s);
}

/// Applies `key` to the field; `false` when it is not an editing key (the
/// mode then handles it). Typing and Backspace at the end are left to the
/// mode too (`typing_at_end`), which may complete or replace as it types.
pub fn edit(text: &mut String, tail: &mut usize, key: &KeyEvent) -> bool {
    let len = text.chars().count();
    *tail = (*tail).min(len);
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let code = match (control, key.code) {
        (true, KeyCode::Char(c)) => match c {
            'a' => KeyCode::Home,
            'e' => KeyCode::End,
            'b' => KeyCode::Left,
            'f' => KeyCode::Right,
            'h' => KeyCode::Backspace,
            'd' => KeyCode::Delete,
            'u' | 'k' | 'w' => {
                cut(text, tail, c);
                return true;
            }
            // Any other chord is not text.
            _ => return true,
        },
        (false, code) => code,
        (true, _) => return false,
    };
    match code {
        KeyCode::Home => *tail = len,
        KeyCode::End => *tail = 0,
        KeyCode::Left => *tail = (*tail + 1).min(len),
        KeyCode::Right => *tail = tail.saturating_sub(1),
        KeyCode::Backspace if *tail > 0 && *tail < len => {
            let i = at(text, *tail);
            if let Some((j, _)) = text[..i].char_indices().next_back() {
                text.replace_range(j..i, "");
            }
        }
        KeyCode::Backspace if *tail > 0 => {}
        KeyCode::Delete if *tail > 0 => {
            let i = at(text, *tail);
            if let Some(c) = text[i..].chars().next() {
                text.replace_range(i..i + c.len_utf8(), "");
                *tail -= 1;
            }
        }
        KeyCode::Delete => {}
        KeyCode::Char(c) if *tail > 0 => insert(text, *tail, c.encode_utf8(&mut [0; 4])),
        _ => return false,
    }
    true
}

/// Ctrl-U, Ctrl-K, Ctrl-W.
fn cut(text: &mut String, tail: &mut usize, c: char) {
    let i = at(text, *tail);
    match c {
        'u' => text.replace_range(..i, ""),
        'k' => {
            text.truncate(i);
            *tail = 0;
        }
        _ => {
            let before = text[..i].trim_end();
            let start = before
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(j, c)| j + c.len_utf8());
            text.replace_range(start..i, "");
        }
    }
}

/// The field as shown: the text with the caret mark where the caret is.
pub fn shown(text: &str, tail: usize, mark: &str) -> String {
    let i = at(text, tail);
    format!("{}{mark}{}", &text[..i], &text[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn control_keys_cut_like_a_shell() {
        let (mut s, mut t) = (String::from("assign 1042 王磊  "), 0);
        edit(&mut s, &mut t, &ctrl('w'));
        assert_eq!(s, "assign 1042 ");
        edit(&mut s, &mut t, &ctrl('w'));
        assert_eq!(s, "assign ");
        edit(&mut s, &mut t, &ctrl('x'));
        assert_eq!(s, "assign ");
        edit(&mut s, &mut t, &ctrl('u'));
        assert_eq!(s, "");
        edit(&mut s, &mut t, &ctrl('w'));
        assert_eq!(s, "");
    }

    #[test]
    fn the_caret_moves_over_chinese_and_text_goes_in_where_it_stands() {
        let (mut s, mut t) = (String::from("张江机房"), 0);
        edit(&mut s, &mut t, &k(KeyCode::Left));
        edit(&mut s, &mut t, &k(KeyCode::Left));
        assert_eq!(shown(&s, t, "|"), "张江|机房");
        edit(&mut s, &mut t, &k(KeyCode::Char('A')));
        assert_eq!(shown(&s, t, "|"), "张江A|机房");
        edit(&mut s, &mut t, &k(KeyCode::Backspace));
        edit(&mut s, &mut t, &k(KeyCode::Backspace));
        assert_eq!(shown(&s, t, "|"), "张|机房");
        edit(&mut s, &mut t, &k(KeyCode::Delete));
        assert_eq!(shown(&s, t, "|"), "张|房");
        edit(&mut s, &mut t, &ctrl('a'));
        assert_eq!(shown(&s, t, "|"), "|张房");
        edit(&mut s, &mut t, &k(KeyCode::Left));
        assert_eq!(t, 2, "stops at the start");
        edit(&mut s, &mut t, &ctrl('f'));
        edit(&mut s, &mut t, &ctrl('k'));
        assert_eq!(shown(&s, t, "|"), "张|");
        edit(&mut s, &mut t, &ctrl('a'));
        insert(&mut s, t, "苏州");
        assert_eq!(shown(&s, t, "|"), "苏州|张");
        edit(&mut s, &mut t, &ctrl('e'));
        assert_eq!(shown(&s, t, "|"), "苏州张|");
    }

    #[test]
    fn at_the_end_typing_and_backspace_are_the_modes_own() {
        let (mut s, mut t) = (String::from("13:5"), 0);
        assert!(!edit(&mut s, &mut t, &k(KeyCode::Char('0'))));
        assert!(!edit(&mut s, &mut t, &k(KeyCode::Backspace)));
        assert_eq!(s, "13:5");
    }

    #[test]
    fn ctrl_u_cuts_only_before_the_caret() {
        let (mut s, mut t) = (String::from("昨天 13:50"), 5);
        edit(&mut s, &mut t, &ctrl('u'));
        assert_eq!(shown(&s, t, "|"), "|13:50");
    }
}
