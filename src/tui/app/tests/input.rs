//! Typing into the console: the event menu, prompts, the new-ticket
//! form, the command line, help, and the detail's log.

use super::*;
use crate::store::TicketId;

#[test]
fn the_event_menu_logs_a_response_on_the_selected_ticket() {
    let desk = demo();
    let mut s = state();
    // #1013 still owes its response, so the menu offers it first.
    press(&mut s, &desk, ":open 1013<Enter>");
    assert!(press(&mut s, &desk, "e<Enter>").is_empty());
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(c.text.starts_with("记录 #1013 已响应"), "{}", c.text);
    assert_eq!(
        press(&mut s, &desk, "y"),
        vec![Effect::Log {
            id: TicketId(1013),
            kind: EventKind::Responded,
            note: None
        }]
    );
}

#[test]
fn the_menu_offers_only_events_the_cli_logs_too() {
    let loggable: Vec<&str> = crate::sla::EventKind::loggable().collect();
    for (name, ..) in EVENTS {
        assert!(
            loggable.contains(name),
            "{name} is not an event `ticket log` takes"
        );
    }
    assert!(loggable.contains(&"waive") && !loggable.contains(&"raised"));
}

#[test]
fn every_menu_letter_is_its_own_and_none_is_a_key_the_menu_uses() {
    let letters: std::collections::HashSet<char> = EVENTS.iter().map(|e| e.3).collect();
    assert_eq!(letters.len(), EVENTS.len());
    for used in ['j', 'k', 'q', '?'] {
        assert!(!letters.contains(&used), "{used}");
    }
}

#[test]
fn a_menu_entrys_letter_picks_it_at_once() {
    let desk = demo();
    let mut s = state();
    // `n`: the note prompt on the selected ticket, without moving to it.
    assert!(press(&mut s, &desk, "en").is_empty());
    assert!(matches!(
        s.mode,
        Mode::Prompt(Prompt {
            kind: PromptKind::Note,
            ticket: TicketId(1002),
            ..
        })
    ));
    // An empty note is refused in the prompt; its text is the entry's note.
    assert!(press(&mut s, &desk, "<Enter>").is_empty());
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.error.is_some()));
    assert_eq!(
        press(&mut s, &desk, "客户来电<Enter>"),
        vec![Effect::Log {
            id: TicketId(1002),
            kind: EventKind::Note,
            note: Some("客户来电".into())
        }]
    );
    // `w`: a hardware wait, confirmed first.
    press(&mut s, &desk, "<Esc>");
    assert!(press(&mut s, &desk, "ew").is_empty());
    assert_eq!(
        press(&mut s, &desk, "y"),
        vec![Effect::Log {
            id: TicketId(1002),
            kind: EventKind::HardwareWait,
            note: None
        }]
    );
    // A letter for an event that does not apply does nothing (#1002 has
    // responded): the menu stays open.
    press(&mut s, &desk, "er");
    assert!(matches!(s.mode, Mode::EventMenu(_)), "{:?}", s.mode);
}

#[test]
fn the_event_menu_offers_only_what_applies_to_the_ticket() {
    let desk = demo();
    let s = state();
    // #1002: responded, arrived, restoration overdue (nothing left to
    // waive), not waiting for hardware.
    let names: Vec<&str> = s.offered(&desk.data).iter().map(|e| e.0).collect();
    for gone in [
        "responded",
        "arrived",
        "waive",
        "hardware_ready",
        "negotiated",
    ] {
        assert!(!names.contains(&gone), "{gone} offered: {names:?}");
    }
    for kept in ["hardware_wait", "restored", "set_level", "note", "closed"] {
        assert!(names.contains(&kept), "{kept} missing: {names:?}");
    }
}

#[test]
fn a_waiver_asks_who_agreed_and_why_before_anything_is_written() {
    let desk = demo();
    let mut s = state();
    // #1004: its restoration window is running.
    press(&mut s, &desk, ":open 1004<Enter>");
    let keys = menu_to(&s, &desk, "waive") + "<Enter>";
    assert!(press(&mut s, &desk, &keys).is_empty());
    assert!(matches!(
        s.mode,
        Mode::Prompt(Prompt {
            kind: PromptKind::Waive,
            ..
        })
    ));
    assert!(
        press(&mut s, &desk, "张总<Enter>").is_empty(),
        "no reason yet"
    );
    let Mode::Prompt(p) = &s.mode else { panic!() };
    assert!(p.error.is_some());
    let effects = press(&mut s, &desk, "<Tab>割接窗口<Enter>y");
    assert_eq!(
        effects,
        vec![Effect::Log {
            id: TicketId(1004),
            kind: EventKind::Waived {
                agreed_by: "张总".into(),
                reason: "割接窗口".into()
            },
            note: None
        }]
    );
}

#[test]
fn the_service_opinion_takes_both_signatures_before_anything_is_written() {
    let desk = demo();
    let mut s = state();
    let keys = menu_to(&s, &desk, "opinion") + "<Enter>";
    assert!(press(&mut s, &desk, &keys).is_empty());
    assert!(
        press(&mut s, &desk, "周主任<Enter>").is_empty(),
        "no project manager yet"
    );
    let Mode::Prompt(p) = &s.mode else { panic!() };
    assert!(p.error.is_some());
    let effects = press(&mut s, &desk, "<Tab>何军<Tab>处理及时<Enter>y");
    assert_eq!(
        effects,
        vec![Effect::Log {
            id: TicketId(1002),
            kind: crate::sla::Opinion::kind("周主任", "何军", Some("处理及时")),
            note: None
        }]
    );
}

#[test]
fn the_new_ticket_form_filters_sites_by_cjk_and_validates_inline() {
    let desk = demo();
    let mut s = state();
    // Site "宁波", level 7 (wrong), no title.
    let effects = press(&mut s, &desk, "n宁波<Tab><BS>7<Enter>");
    assert!(effects.is_empty());
    let Mode::NewTicket(f) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(
        f.error.as_ref().map(|e| e.0),
        Some(FormField::Level),
        "the level field explains"
    );
    let effects = press(&mut s, &desk, "<BS>1<Tab>存储池离线<Tab> <Enter>");
    assert_eq!(
        effects,
        vec![Effect::Open {
            site: "宁波港数据中心".into(),
            level: Level::new(1).unwrap(),
            title: "存储池离线".into(),
            onsite: true,
            at: None,
            approved_by: None,
        }]
    );
    // The approver is the form's last field (out-of-warranty service).
    press(
        &mut s,
        &desk,
        "<Esc>n宁波<Tab><BS>2<Tab>旧阵列告警<Tab><Tab><Tab>何军",
    );
    let effects = press(&mut s, &desk, "<Enter>");
    assert!(
        matches!(&effects[..], [Effect::Open { approved_by: Some(a), .. }] if a == "何军"),
        "{effects:?} {:?}",
        s.mode
    );
}

#[test]
fn the_reported_time_takes_what_a_dispatcher_types() {
    let desk = demo();
    let at = |typed: &str| {
        let mut s = state();
        let effects = press(
            &mut s,
            &desk,
            &format!("n宁波<Tab><BS>2<Tab>旧阵列告警<Tab><Tab>{typed}<Enter>"),
        );
        match (&effects[..], &s.mode) {
            ([Effect::Open { at, .. }], _) => {
                Ok(at.map(|t| crate::time::rfc3339(t, desk.rules.policy.tz)))
            }
            (_, Mode::NewTicket(f)) => Err(f.error.clone().map(|e| e.1).unwrap_or_default()),
            _ => Err(format!("{:?}", s.mode)),
        }
    };
    // The demo desk's clock: 2026-11-27 14:05.
    assert_eq!(at("-20m"), Ok(Some("2026-11-27T13:45:00+08:00".into())));
    assert_eq!(at("13:50"), Ok(Some("2026-11-27T13:50:00+08:00".into())));
    assert_eq!(
        at("昨天 18:05"),
        Ok(Some("2026-11-26T18:05:00+08:00".into()))
    );
    assert_eq!(
        at("11-26 09:00"),
        Ok(Some("2026-11-26T09:00:00+08:00".into()))
    );
    let e = at("1350").unwrap_err();
    assert!(e.contains("昨天 13:50") && e.contains("-20m"), "{e}");
}

#[test]
fn a_refused_write_keeps_the_form_open_with_the_reason() {
    let desk = demo();
    let mut s = state();
    let effects = press(&mut s, &desk, "n宁波<Tab><BS>1<Tab>x<Enter>");
    s.done(&effects[0], Err("no holiday calendar for 2027".into()));
    let Mode::NewTicket(f) = &s.mode else {
        panic!()
    };
    assert!(f.error.as_ref().is_some_and(|e| e.1.contains("2027")));
}

#[test]
fn the_command_line_assigns_with_completion() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, ":as<Tab>1013 王<Tab>");
    let Mode::Command(line) = &s.mode else {
        panic!()
    };
    assert_eq!(line, "assign 1013 王磊 ");
    assert_eq!(
        press(&mut s, &desk, "<Enter>y"),
        vec![Effect::Assign {
            id: TicketId(1013),
            engineer: "王磊".into()
        }]
    );
    press(&mut s, &desk, ":q<Enter>");
    assert!(s.quit);
}

#[test]
fn the_command_line_adds_a_note_with_its_text_without_asking_twice() {
    let desk = demo();
    let mut s = state();
    // A note needs no confirmation line: it is written on Enter.
    assert_eq!(
        press(&mut s, &desk, ":note 1013 客户来电 询问进度<Enter>"),
        vec![Effect::Log {
            id: TicketId(1013),
            kind: EventKind::Note,
            note: Some("客户来电 询问进度".into())
        }]
    );
    // The issue's own words work too.
    assert_eq!(
        press(&mut s, &desk, ":log 1021 note 客户来电<Enter>"),
        vec![Effect::Log {
            id: TicketId(1021),
            kind: EventKind::Note,
            note: Some("客户来电".into())
        }]
    );
    assert!(press(&mut s, &desk, ":note 1013<Enter>").is_empty());
}

#[test]
fn question_mark_opens_help_and_esc_closes_it() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "?");
    assert_eq!(s.mode, Mode::Help(Box::new(Mode::Normal)));
    press(&mut s, &desk, "<Esc>");
    assert_eq!(s.mode, Mode::Normal);
    press(&mut s, &desk, "q");
    assert!(s.quit);
}

#[test]
fn f1_in_the_form_lists_the_forms_keys_and_esc_returns_to_what_was_typed() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "n<Tab><BS>2<Tab>阵列?<F1>");
    let screen = render(&s, &desk, 160, 45);
    assert!(screen.contains("新建工单"), "{screen}");
    assert!(screen.contains("是否到场"), "{screen}");
    press(&mut s, &desk, "<Esc>");
    let Mode::NewTicket(f) = &s.mode else {
        panic!("back in the form, not {:?}", s.mode)
    };
    assert_eq!((f.level.as_str(), f.title.as_str()), ("2", "阵列?"));
}

#[test]
fn question_mark_in_the_event_menu_lists_the_menus_keys_and_returns_to_it() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "ej?");
    let screen = render(&s, &desk, 160, 45);
    assert!(
        screen.contains("事件菜单") && screen.contains("记录"),
        "{screen}"
    );
    press(&mut s, &desk, "<Esc>");
    assert_eq!(s.mode, Mode::EventMenu(1));
}

#[test]
fn ctrl_c_quits_from_inside_a_form() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "n");
    let ctx = desk.ctx();
    s.on_key(
        &ctx,
        KeyEvent::new(KeyCode::Char('c'), crossterm::event::KeyModifiers::CONTROL),
    );
    assert!(s.quit);
}

#[test]
fn force_on_the_command_line_assigns_against_the_rules_with_its_reason() {
    let desk = demo();
    let mut s = state();
    let effects = press(&mut s, &desk, ":force 1001 赵敏 唯一有空的人<Enter>");
    assert!(effects.is_empty(), "asks first: {effects:?}");
    let effects = press(&mut s, &desk, "y");
    assert_eq!(
        effects,
        vec![Effect::ForceAssign {
            id: TicketId(1001),
            engineer: "赵敏".into(),
            reason: "唯一有空的人".into(),
        }]
    );
    press(&mut s, &desk, ":force 1001 赵敏<Enter>");
    assert!(s
        .message
        .as_ref()
        .is_some_and(|m| m.error && m.text.contains("force")));
}

#[test]
fn a_long_log_says_which_entries_the_detail_shows() {
    let mut desk = demo();
    for i in 0..30 {
        crate::service::log_event(
            &mut desk.store,
            &desk.rules,
            TicketId(1002),
            crate::sla::Event {
                at: crate::tui::testing::now(),
                kind: EventKind::Note,
            },
            crate::store::Entry {
                by: Some("林晓"),
                performed_by: None,
                note: Some(&format!("第{i}次电话")),
            },
            crate::tui::testing::now(),
        )
        .unwrap();
    }
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    let total = desk
        .data
        .row_by_id(TicketId(1002))
        .unwrap()
        .ticket
        .events
        .len();
    let mut s = state();
    press(&mut s, &desk, "<Tab>");
    let newest = render(&s, &desk, 160, 45);
    let bottom = format!("/{total} 条记录");
    let line = newest
        .lines()
        .find(|l| l.contains(&bottom))
        .unwrap_or_else(|| panic!("{newest}"));
    assert!(
        line.contains(&format!("–{total}/{total}")),
        "newest at the bottom: {line}"
    );
    press(&mut s, &desk, "g");
    let oldest = render(&s, &desk, 160, 45);
    assert!(
        oldest.contains(" 1–") && oldest.contains(&bottom),
        "{oldest}"
    );
}

#[test]
fn text_fields_edit_like_a_shell_and_a_typed_level_replaces_the_default() {
    let desk = demo();
    let mut s = state();
    // The level field starts at 2; typing 1 makes it 1, not 21. Ctrl-W
    // takes back a word of the title, Ctrl-U the whole site query.
    press(
        &mut s,
        &desk,
        "nxyz<C-u>宁波<Tab>1<Tab>存储 池离线<C-w>阵列离线",
    );
    let Mode::NewTicket(f) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(
        (f.site_query.as_str(), f.level.as_str(), f.title.as_str()),
        ("宁波", "1", "存储 阵列离线")
    );
    let effects = press(&mut s, &desk, "<Enter>");
    assert!(
        matches!(&effects[..], [Effect::Open { level, .. }] if level.number() == 1),
        "{effects:?}"
    );
    // And on the command line; a control chord is never typed as text.
    let mut s = state();
    press(&mut s, &desk, ":assign 1002 王<C-w>李<C-x>");
    assert!(
        matches!(&s.mode, Mode::Command(l) if l == "assign 1002 李"),
        "{:?}",
        s.mode
    );
    press(&mut s, &desk, "<C-u>");
    assert!(
        matches!(&s.mode, Mode::Command(l) if l.is_empty()),
        "{:?}",
        s.mode
    );
}

#[test]
fn the_caret_moves_and_text_goes_in_where_it_stands() {
    let desk = demo();
    let mut s = state();
    // A typo mended in the middle of the title, Ctrl-A/E to its ends.
    press(
        &mut s,
        &desk,
        "n宁波<Tab><Tab>阵列离线<Left><Left><BS>控制器<C-a>[急]<C-e>!",
    );
    let Mode::NewTicket(f) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(f.title, "[急]阵控制器离线!");
    // The caret is drawn where it stands.
    press(&mut s, &desk, "<Home><Right><Right>");
    let screen = crate::tui::testing::render(&s, &desk, 120, 30);
    assert!(screen.contains("[急▏]阵控制器离线!"), "{screen}");
    // Another field's caret starts at its end; Delete takes the character
    // after the caret, Ctrl-K the rest.
    press(
        &mut s,
        &desk,
        "<Tab><Tab>13:55<Left><Left><Del>4<C-a><Right><Right><C-k>",
    );
    let Mode::NewTicket(f) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(
        (f.at.as_str(), f.title.as_str()),
        ("13", "[急]阵控制器离线!")
    );
    // A paste goes in whole at the caret, its newline a space, its escape
    // sequence dropped.
    let mut s = state();
    press(&mut s, &desk, ":assign 王磊<Left><Left>");
    s.on_paste("1002\n\x1b[31m ");
    assert!(
        matches!(&s.mode, Mode::Command(l) if l == "assign 1002  王磊"),
        "{:?}",
        s.mode
    );
}
