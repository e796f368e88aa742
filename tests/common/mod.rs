//! Helpers shared by the integration tests: run the real binary on a
//! temporary database with a fixed clock and an empty config folder.
#![allow(dead_code, clippy::new_without_default)]

pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const NOW: &str = "2026-11-27 14:05";

pub struct Desk {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Desk {
    /// A simulated desk (created under `--now`): the fixed clock drives writes.
    pub fn new() -> Desk {
        let desk = Desk::bare();
        desk.ok(&["init"]);
        desk
    }

    /// A live desk: created on the real clock, where `--now` only reads.
    pub fn live() -> Desk {
        let desk = Desk::bare();
        let r = run_of(
            desk.cmd()
                .env_remove("FAULTLINE_NOW")
                .arg("init")
                .output()
                .unwrap(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        desk
    }

    /// No database file yet.
    pub fn bare() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        Desk { dir }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("desk.db")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// The binary on this desk, speaking Chinese as the desk's users do.
    pub fn cmd(&self) -> Command {
        self.cmd_in("zh")
    }

    pub fn cmd_in(&self, lang: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_faultline"));
        c.env("FAULTLINE_DB", self.db())
            .env("FAULTLINE_CONFIG", self.config())
            .env("FAULTLINE_NOW", NOW)
            .env_remove("FAULTLINE_USER")
            .arg("--lang")
            .arg(lang);
        c
    }

    /// As `run`, in the language given.
    pub fn run_in(&self, lang: &str, args: &[&str]) -> Run {
        run_of(self.cmd_in(lang).args(args).output().unwrap())
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd().args(args).output().unwrap();
        run_of(out)
    }

    pub fn at(&self, now: &str, args: &[&str]) -> Run {
        let out = self
            .cmd()
            .env("FAULTLINE_NOW", now)
            .args(args)
            .output()
            .unwrap();
        run_of(out)
    }

    /// Must succeed; returns stdout trimmed.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
        r.stdout.trim().to_string()
    }

    /// `ticket log ID EVENT --at AT`, which must succeed; returns stdout
    /// trimmed (the new entry's number).
    pub fn log_at(&self, id: &str, event: &str, at: &str) -> String {
        self.ok(&["ticket", "log", id, event, "--at", at])
    }

    /// A small desk: one office, sites in zones 1, 3, 6 and 9, three engineers.
    pub fn seeded(self) -> Desk {
        self.ok(&["office", "add", "上海分公司", "--city", "上海"]);
        self.ok(&[
            "site",
            "add",
            "苏州数据中心",
            "--distance-km",
            "95",
            "--contract",
            "dc-storage-expansion",
        ]);
        self.ok(&[
            "site",
            "add",
            "张江机房",
            "--distance-km",
            "25",
            "--in-province",
        ]);
        self.ok(&["site", "add", "武汉机房", "--distance-km", "400"]);
        self.ok(&["site", "add", "乌鲁木齐机房", "--distance-km", "2400"]);
        self.ok(&[
            "engineer",
            "add",
            "王磊",
            "--role",
            "senior",
            "--office",
            "上海分公司",
        ]);
        self.ok(&[
            "engineer",
            "add",
            "赵敏",
            "--role",
            "remote",
            "--office",
            "上海分公司",
        ]);
        self.ok(&[
            "engineer",
            "add",
            "何军",
            "--role",
            "pm",
            "--office",
            "上海分公司",
        ]);
        self
    }

    /// The customer's signed service opinion, which closing requires.
    pub fn sign_opinion(&self, id: &str) {
        self.ok(&[
            "ticket",
            "log",
            id,
            "opinion",
            "--customer",
            "周主任",
            "--pm",
            "何军",
        ]);
    }

    /// `ticket open` with the usual three options plus `extra`; returns the id.
    pub fn open(&self, site: &str, level: u8, title: &str, extra: &[&str]) -> String {
        let level = level.to_string();
        let mut args = vec![
            "ticket", "open", "--site", site, "--level", &level, "--title", title,
        ];
        args.extend_from_slice(extra);
        self.ok(&args)
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let r = self.run(args);
        assert!(r.code == 0 || r.code == 3, "{args:?}: {}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    }

    /// `json` with the clock at `now`.
    pub fn json_at(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let r = self.at(now, args);
        assert!(r.code == 0 || r.code == 3, "{args:?}: {}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    }

    /// Everything the database holds, to prove a refused command wrote nothing.
    pub fn dump(&self) -> String {
        dump(&self.db())
    }
}

pub fn run_of(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for table in [
        "offices",
        "sites",
        "engineers",
        "tickets",
        "events",
        "outcomes",
        "desk",
        "equipment",
        "plans",
        "jobs",
    ] {
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..n {
                    // Lossy: a test may have damaged a row on purpose.
                    let v = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Text(b) => {
                            format!("{:?}", String::from_utf8_lossy(b))
                        }
                        other => format!("{other:?}"),
                    };
                    line.push_str(&format!("{v}|"));
                }
                Ok(line)
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap()));
        }
    }
    out
}

/// Exit 2, one line on stderr mentioning `says`, nothing on stdout, and the
/// database exactly as before.
pub fn refused(desk: &Desk, args: &[&str], says: &str) {
    let before = desk.dump();
    let r = desk.run(args);
    assert_eq!(
        r.code, 2,
        "{args:?} should be refused: {} {}",
        r.stdout, r.stderr
    );
    assert_eq!(
        r.stderr.trim().lines().count(),
        1,
        "one line: {:?}",
        r.stderr
    );
    assert!(
        r.stderr.contains(says),
        "{args:?}: {:?} should mention {says:?}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{:?}", r.stdout);
    assert_eq!(desk.dump(), before, "{args:?} changed the database");
}

/// `n` processes of `faultline ARGS` started at once on the desk (on the
/// real clock when `real_clock`), each one's run when all have ended.
pub fn spawn_many(desk: &Desk, n: usize, args: &[&str], real_clock: bool) -> Vec<Run> {
    let children: Vec<std::process::Child> = (0..n)
        .map(|_| {
            let mut c = desk.cmd();
            if real_clock {
                c.env_remove("FAULTLINE_NOW");
            }
            c.args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| run_of(c.wait_with_output().unwrap()))
        .collect()
}
