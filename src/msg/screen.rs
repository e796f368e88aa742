//! Sentences the screens and printed tables show, in the language they are
//! drawn in.

use crate::i18n::Lang;
use std::fmt::Display;

pub fn as_of_refuses_writes(lang: Lang, t: &str) -> String {
    in_lang!(
        lang,
        "截至 {t} 的台面只能查看, 不能记录 (去掉 --as-of)",
        "the desk as of {t} only reads; nothing is recorded (drop --as-of)"
    )
}

pub fn as_of_title(lang: Lang, t: &str) -> String {
    in_lang!(lang, "截至 {t} (只读)", "AS OF {t} (read-only)")
}

pub fn wall_as_of_title(lang: Lang, t: &str) -> String {
    in_lang!(
        lang,
        " faultline 值班大屏 · 截至 {t}  ",
        " faultline wall · AS OF {t}  "
    )
}

/// One hook's line in `faultline hooks status`.
pub fn hook_counts(
    lang: Lang,
    hook: &str,
    target: &str,
    [pending, sent, skipped, dead]: [u64; 4],
    error: &str,
) -> String {
    in_lang!(
        lang,
        "{hook}  {target}  待发 {pending}  已发 {sent}  跳过 {skipped}  失败 {dead}{error}",
        "{hook}  {target}  waiting {pending}  sent {sent}  skipped {skipped}  dead {dead}{error}"
    )
}

pub fn undelivered(lang: Lang, n: u64) -> String {
    let s = if n == 1 { "" } else { "s" };
    in_lang!(
        lang,
        "{n} 条通知无法送达 (faultline hooks status)",
        "{n} notification{s} undelivered (faultline hooks status)"
    )
}

/// The terminal's size, then what the screen needs (it said them the other
/// way round, which read as "needs 50×10").
pub fn too_small(lang: Lang, w: u16, h: u16, min_w: u16, min_h: u16) -> String {
    in_lang!(
        lang,
        "终端 {w}×{h} 太小, 至少需要 {min_w}×{min_h}",
        "terminal {w}×{h} is too small: needs at least {min_w}×{min_h}"
    )
}

pub fn zone_suffix(lang: Lang, z: impl Display) -> String {
    in_lang!(lang, " · {z}区", " · zone {z}")
}

/// "(today/30 d)" after the figures does not fit the wall's panel in English.
pub fn raises_and_waivers<N: Display>(lang: Lang, raised: [N; 2], waived: [N; 2]) -> String {
    let [rt, r30] = raised;
    let [wt, w30] = waived;
    in_lang!(
        lang,
        " 升级 {rt}/{r30}  豁免 {wt}/{w30}  (今日/30天)",
        " today/30d raised {rt}/{r30} waived {wt}/{w30}"
    )
}

pub fn page_of(lang: Lang, page: usize, pages: usize) -> String {
    in_lang!(lang, "· 第 {page}/{pages} 页 ", "· page {page}/{pages} ")
}

pub fn rebuilt(lang: Lang, tickets: usize, written: usize) -> String {
    in_lang!(
        lang,
        "已核对 {tickets} 张工单，追加 {written} 行结果",
        "{tickets} tickets checked, {written} outcome rows appended"
    )
}

/// The head of a ticket's timeline as a Markdown table.
pub fn timeline_head(lang: Lang) -> &'static str {
    lang.pick_str(
        "| 时间 | 记录 | 规则 | 记录人 | 执行人 | 备注 |\n|---|---|---|---|---|---|\n",
        "| time | record | rule | recorded by | performed by | note |\n|---|---|---|---|---|---|\n",
    )
}

/// The report table's columns, in the order `cli::report` fills them.
pub fn report_columns(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Zh => [
            "分组",
            "工单",
            "按时率",
            "按时/超时完成/未完成/豁免",
            "响应 p50/p90/最长",
            "到场 p50/p90/最长",
            "恢复 p50/p90/最长",
            "升级 自动/人工",
            "豁免",
            "补录",
            "回访评分",
        ],
        Lang::En => [
            "group",
            "tickets",
            "on time",
            "met/late/breached/waived",
            "respond p50/p90/max",
            "arrive p50/p90/max",
            "restore p50/p90/max",
            "raises auto/manual",
            "waivers",
            "late entries",
            "follow-up rating",
        ],
    }
}
