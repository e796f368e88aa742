//! Customer text made inert, and CJK-aware column layout.
//!
//! Titles, notes and site names come from customers. Escape sequences,
//! control characters and bidi overrides are removed once, where text leaves
//! the store or enters from the command line, so nothing downstream (ratatui
//! drops `char::is_control` but not the rest of an escape sequence) can be
//! made to move the cursor, recolour the screen or reorder a line.

use crate::msg::labels;
use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use icu_properties::props::{DefaultIgnorableCodePoint, ExtendedPictographic, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};

/// Control (Cc), format (Cf, which holds the bidi controls) and every
/// Default_Ignorable_Code_Point (zero-width and invisible characters, the
/// Hangul filler, tag characters, variation selectors): invisible or
/// terminal-moving, so removed. Properties come from ICU's Unicode data.
fn is_unwanted(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        GeneralCategory::Control | GeneralCategory::Format
    ) || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

fn is_pictographic(c: char) -> bool {
    CodePointSetData::new::<ExtendedPictographic>().contains(c)
        || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Skips a string command (OSC, DCS, SOS, PM, APC) up to its terminator:
/// BEL, ST (U+009C) or ESC \.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
            chars.next();
            break;
        }
    }
}

/// Skips a CSI sequence's parameters up to its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Removes escape sequences whole (CSI, OSC, DCS, SOS, PM, APC in their
/// 7-bit ESC forms and their C1 forms), then every control, format and
/// default-ignorable character, keeping a ZWJ that joins two emoji
/// (👨‍👩‍👧). Newlines and tabs become spaces: every field is shown on one line.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unwanted) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\t' | '\r' => out.push(' '),
            '\u{200d}'
                if out.chars().next_back().is_some_and(is_pictographic)
                    && chars.peek().is_some_and(|&n| is_pictographic(n)) =>
            {
                out.push(c)
            }
            c if is_unwanted(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A person's or place's name as stored and compared: inert, NFC-normalized,
/// trimmed. `王磊`, `王\u{2060}磊` and `王磊\u{00ad}` are one name.
pub fn name(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    sanitize(s).nfc().collect::<String>().trim().to_string()
}

pub fn clean(s: &str) -> String {
    sanitize(s).into_owned()
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` terminal columns, ending in `…` when cut. A wide
/// character that would straddle the edge is dropped, never split.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Breaks `s` into lines of at most `max` columns, the first `max` wide and
/// the rest after `indent` (wide characters are never split). For reading
/// a long note in full where a line would cut it.
pub fn wrap(s: &str, max: usize, indent: &str) -> Vec<String> {
    let room = max.saturating_sub(width(indent)).max(1);
    let mut lines = vec![String::new()];
    let (mut w, mut limit) = (0, max.max(1));
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > limit {
            lines.push(indent.to_string());
            w = 0;
            limit = room;
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
        w += cw;
    }
    lines
}

/// Breaks `s` into lines of at most `max` columns at spaces where it can
/// (a word longer than a line, or CJK text without spaces, breaks between
/// characters): a label in a narrow column reads whole, not cut.
pub fn wrap_words(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!line.is_empty());
        if width(&line) + sep + width(word) <= max {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(word, max, "");
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Free-text fields inside an event, made inert.
pub fn clean_kind(kind: crate::sla::EventKind) -> crate::sla::EventKind {
    use crate::sla::EventKind as K;
    match kind {
        K::Assigned { engineer } => K::Assigned {
            engineer: clean(&engineer),
        },
        K::Unassigned { engineer } => K::Unassigned {
            engineer: clean(&engineer),
        },
        K::SetLevel { level, reason } => K::SetLevel {
            level,
            reason: clean(&reason),
        },
        K::Waived { agreed_by, reason } => K::Waived {
            agreed_by: clean(&agreed_by),
            reason: clean(&reason),
        },
        K::Void { event, reason } => K::Void {
            event,
            reason: clean(&reason),
        },
        K::Call { caller, phone } => K::Call {
            caller: clean(&caller).into(),
            phone: clean(&phone).into(),
        },
        K::WorkOrder(w) => K::WorkOrder(Box::new(crate::sla::WorkOrder {
            environment: clean(&w.environment),
            problem: clean(&w.problem),
            request: clean(&w.request),
        })),
        K::Decision { solution, experts } => K::Decision {
            solution: clean(&solution).into(),
            experts: experts.iter().map(|e| clean(e)).collect(),
        },
        K::Investigation { findings } => K::Investigation {
            findings: clean(&findings),
        },
        K::Opinion(o) => K::Opinion(Box::new(crate::sla::Opinion {
            customer: clean(&o.customer),
            pm: clean(&o.pm),
            remarks: o.remarks.as_deref().map(clean),
        })),
        K::Followup(f) => K::Followup(Box::new(crate::sla::Followup {
            contact: clean(&f.contact),
            ..*f
        })),
        other => other,
    }
}

/// `s` truncated and padded with spaces to exactly `cols` columns.
pub fn fit(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let pad = cols.saturating_sub(width(&t));
    let mut out = String::with_capacity(t.len() + pad);
    out.push_str(&t);
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Right-aligned variant of [`fit`].
pub fn fit_right(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let pad = cols.saturating_sub(width(&t));
    let mut out: String = std::iter::repeat_n(' ', pad).collect();
    out.push_str(&t);
    out
}

/// `1:42:07`, or `-0:12:30` when overdue. From a day on, days and hours:
/// `3天 04:10` / `3d 04:10` (`75:50:00` read as a time of day).
pub fn countdown(seconds: i64, lang: crate::i18n::Lang) -> String {
    countdown_days(seconds, labels::day_unit(lang))
}

/// [`countdown`] with the day unit given: the wall's block font draws `d`.
pub fn countdown_days(seconds: i64, day: &str) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    if s >= 86_400 {
        return format!(
            "{sign}{}{day} {:02}:{:02}",
            s / 86_400,
            s / 3600 % 24,
            s / 60 % 60
        );
    }
    format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap_words;

    #[test]
    fn labels_wrap_at_spaces_and_cjk_between_characters() {
        assert_eq!(
            wrap_words("contract: handled 2h after arrival", 20),
            ["contract: handled 2h", "after arrival"]
        );
        assert_eq!(
            wrap_words("合同 到场后2h处理", 8),
            ["合同", "到场后2h", "处理"]
        );
        assert_eq!(wrap_words("short", 20), ["short"]);
        assert_eq!(wrap_words("", 5), [""]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_free_text_field_of_a_record_is_made_inert() {
        use crate::sla::EventKind as K;
        let bad = "周\u{1b}]0;x\u{7}主任\u{1b}[2J";
        let kinds = [
            K::Call {
                caller: bad.into(),
                phone: bad.into(),
            },
            K::WorkOrder(Box::new(crate::sla::WorkOrder {
                environment: bad.into(),
                problem: bad.into(),
                request: bad.into(),
            })),
            K::Decision {
                solution: bad.into(),
                experts: vec![bad.into()],
            },
            K::Investigation {
                findings: bad.into(),
            },
            crate::sla::Opinion::kind(bad, bad, Some(bad)),
            K::Void {
                event: 1,
                reason: bad.into(),
            },
        ];
        for k in kinds {
            let json = serde_json::to_string(&clean_kind(k)).unwrap_or_default();
            assert!(
                !json.contains("\\u001b") && json.contains("周主任"),
                "{json}"
            );
        }
    }

    #[test]
    fn a_long_cjk_note_wraps_by_display_width_without_splitting_a_character() {
        let lines = wrap("客户来电：控制器A再次告警", 10, "  ");
        assert_eq!(lines, vec!["客户来电：", "  控制器A", "  再次告警"]);
        assert!(lines.iter().all(|l| width(l) <= 10));
        assert_eq!(wrap("short", 10, "  "), vec!["short"]);
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(sanitize("阵列\u{1b}[31m离线\u{1b}[0m"), "阵列离线");
        assert_eq!(sanitize("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(
            sanitize("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(
            sanitize("a\u{7}b\u{8}c\u{202e}d\u{2066}e\u{200b}f"),
            "abcdef"
        );
        assert_eq!(sanitize("line1\nline2\tx"), "line1 line2 x");
    }

    #[test]
    fn invisible_and_format_characters_are_removed() {
        for s in [
            "王\u{2060}磊",
            "王磊\u{00ad}",
            "王\u{2061}\u{2062}\u{2063}\u{2064}磊",
            "王\u{180e}磊\u{034f}",
            "王磊\u{e0041}\u{e007f}",
            "\u{feff}王磊",
        ] {
            assert_eq!(sanitize(s), "王磊", "{s:?}");
        }
        assert_eq!(sanitize("a\u{3164}b"), "ab", "Hangul filler");
    }

    #[test]
    fn a_lone_c1_string_command_is_removed_whole() {
        assert_eq!(sanitize("a\u{9d}0;pwned\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{90}q\u{1b}\\b"), "ab");
        assert_eq!(sanitize("a\u{9d}0;title\u{7}b"), "ab");
    }

    #[test]
    fn a_zero_width_joiner_inside_an_emoji_sequence_stays() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize(family), family);
        assert_eq!(sanitize("王\u{200d}磊"), "王磊");
    }

    #[test]
    fn names_compare_after_cleaning_and_nfc() {
        assert_eq!(name("王\u{2060}磊"), name("王磊\u{00ad}"));
        assert_eq!(name("Cafe\u{301}"), name("Café"));
        assert_eq!(name("  王磊 "), "王磊");
    }

    #[test]
    fn clean_text_is_borrowed_untouched() {
        assert!(matches!(sanitize("苏州数据中心"), Cow::Borrowed(_)));
    }

    #[test]
    fn cjk_is_truncated_by_display_width_without_splitting() {
        assert_eq!(width("苏州数据中心"), 12);
        assert_eq!(truncate("苏州数据中心", 8), "苏州数…");
        assert_eq!(width(&fit("苏州数据中心", 8)), 8);
        assert_eq!(fit("苏州", 6), "苏州  ");
        // A wide char would straddle the edge: dropped, padded instead.
        assert_eq!(fit("苏州数据", 6), "苏州… ");
    }

    #[test]
    fn countdowns_show_sign_hours_minutes_seconds() {
        let zh = crate::i18n::Lang::Zh;
        assert_eq!(countdown(6127, zh), "1:42:07");
        assert_eq!(countdown(-750, zh), "-0:12:30");
        assert_eq!(countdown(0, zh), "0:00:00");
    }

    #[test]
    fn a_countdown_of_a_day_or_more_reads_as_days_and_hours() {
        let three_days = 3 * 86_400 + 4 * 3600 + 10 * 60 + 59;
        assert_eq!(countdown(three_days, crate::i18n::Lang::Zh), "3天 04:10");
        assert_eq!(countdown(-three_days, crate::i18n::Lang::En), "-3d 04:10");
        assert_eq!(countdown(86_399, crate::i18n::Lang::En), "23:59:59");
    }
}
