//! Drives the real binary inside tmux: type keys, read the screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Tmux {
    /// Starts `command` (a shell line) in a fresh tmux server of its own.
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        assert!(
            tmux_present(),
            "these tests drive the binary in tmux: install it (apt-get install tmux); .ci/run does"
        );
        let socket = format!("faultline-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-u",
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(command)
            .env("LANG", "C.UTF-8")
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Types text literally (CJK included).
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-t", "t", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `text`; returns how long it took.
    pub fn wait_for(&self, text: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if self.screen().contains(text) {
                return start.elapsed();
            }
            if start.elapsed() > limit {
                panic!(
                    "{text:?} did not appear within {limit:?}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pane_pid(&self) -> u32 {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "t",
                "#{pane_pid}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The shell line that runs faultline on a desk's database and config.
pub fn faultline_line(db: &Path, config: &Path, now: &str, args: &str) -> String {
    format!(
        "FAULTLINE_USER='周婷' FAULTLINE_DB='{}' FAULTLINE_CONFIG='{}' FAULTLINE_NOW='{now}' '{}' --lang zh {args}",
        db.display(),
        config.display(),
        env!("CARGO_BIN_EXE_faultline")
    )
}
