//! Paging hooks against a real HTTP server on 127.0.0.1 started by the
//! test, and real programs: exactly once across racing processes, robot
//! errcodes retried, a rate limit shared by processes, dead letters, a
//! deadline warning dropped once the deadline is met.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Desk;

#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

/// A tiny HTTP/1.1 server: records each request and answers with what
/// `answer` says for the n-th request (0-based) on that path.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(answer: impl Fn(&str, usize) -> (u16, String) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Request>>> = Arc::default();
        let answer = Arc::new(answer);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, answer) = (log.clone(), answer.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let path = line
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_string();
                    let mut headers = HashMap::new();
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).unwrap();
                        let h = h.trim_end();
                        if h.is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                        }
                    }
                    let len: usize = headers
                        .get("content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; len];
                    reader.read_exact(&mut body).unwrap();
                    let route = path.split('?').next().unwrap_or_default().to_string();
                    let n = {
                        let mut log = log.lock().unwrap();
                        let n = log
                            .iter()
                            .filter(|r| r.path.split('?').next() == Some(route.as_str()))
                            .count();
                        log.push(Request {
                            path,
                            headers,
                            body: String::from_utf8_lossy(&body).into(),
                        });
                        n
                    };
                    let (status, text) = answer(&route, n);
                    let mut out = stream;
                    let _ = write!(
                        out,
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    );
                });
            }
        });
        Server { base, seen }
    }

    fn requests(&self, route: &str) -> Vec<Request> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path.split('?').next() == Some(route))
            .cloned()
            .collect()
    }

    fn wait_for(&self, route: &str, n: usize) -> Vec<Request> {
        let start = Instant::now();
        while self.requests(route).len() < n && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(50));
        }
        self.requests(route)
    }
}

fn ok() -> (u16, String) {
    (200, r#"{"errcode":0,"errmsg":"ok"}"#.into())
}

fn configure(desk: &Desk, hooks: &str) {
    std::fs::write(desk.config().join("config.toml"), hooks).unwrap();
}

/// The first sending round on a desk starts after the newest notice (it
/// does not page the past): taken here, before the test's tickets.
fn start_paging(desk: &Desk) {
    desk.ok(&["sweep"]);
}

fn sweeps(desk: &Desk, n: usize) -> Vec<common::Run> {
    common::spawn_many(desk, n, &["sweep"], false)
}

#[test]
fn three_racing_sweepers_deliver_each_notification_exactly_once() {
    // A slow receiver, so the three processes' rounds overlap.
    let server = Server::start(|_, _| {
        std::thread::sleep(Duration::from_millis(150));
        ok()
    });
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!(
            "[[hook]]\nname = \"ops\"\non = [\"new_l1\", \"raise\"]\nwebhook = \"{0}/hook\"\nsecret = \"s3cret\"\n\n\
             [[hook]]\nname = \"群\"\non = [\"new_l1\"]\nwecom = \"{0}/wecom\"\n",
            server.base
        ),
    );
    start_paging(&desk);
    let ids: Vec<String> = (0..5)
        .map(|i| {
            desk.open(
                "张江机房",
                1,
                &format!("控制器{i}掉线"),
                &["--at", "2026-11-27 14:00"],
            )
        })
        .collect();
    for r in sweeps(&desk, 3) {
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // Anything a racing sweeper left waiting goes out with the next one.
    desk.ok(&["sweep"]);
    let hook = server.requests("/hook");
    let wecom = server.requests("/wecom");
    let mut by_id: Vec<&str> = hook
        .iter()
        .map(|r| r.headers["webhook-id"].as_str())
        .collect();
    by_id.sort();
    by_id.dedup();
    assert_eq!(
        (hook.len(), by_id.len(), wecom.len()),
        (5, 5, 5),
        "{hook:#?}"
    );
    // The body names the ticket; the signature is Standard Webhooks'.
    for id in &ids {
        assert!(
            hook.iter()
                .any(|r| r.body.contains(&format!("\"ticket\":{id}"))),
            "#{id} missing"
        );
    }
    let r = &hook[0];
    let signed = format!(
        "{}.{}.{}",
        r.headers["webhook-id"], r.headers["webhook-timestamp"], r.body
    );
    use base64::Engine;
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
    mac.update(signed.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(r.headers["webhook-signature"], format!("v1,{expected}"));
    let body: serde_json::Value = serde_json::from_str(&wecom[0].body).unwrap();
    assert_eq!(body["msgtype"], "markdown");
    assert!(body["markdown"]["content"]
        .as_str()
        .unwrap()
        .contains("一级故障"));
    let status = desk.run(&["hooks", "status"]);
    assert!(
        status.stdout.contains("ops  webhook  待发 0  已发 5"),
        "{}",
        status.stdout
    );
}

#[test]
fn a_robot_errcode_is_retried_until_the_robot_accepts() {
    // Both robots answer HTTP 200 when they refuse; errcode says so.
    let server = Server::start(|_, n| match n {
        0 => (
            200,
            r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#.into(),
        ),
        _ => ok(),
    });
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!("[[hook]]\nname = \"钉钉\"\non = [\"new_l1\"]\ndingtalk = \"{}/robot?access_token=t\"\nsecret = \"SEC1\"\nretry = \"100ms\"\n", server.base),
    );
    start_paging(&desk);
    desk.open("张江机房", 1, "阵列离线", &["--at", "2026-11-27 14:00"]);
    let first = desk.ok(&["sweep"]);
    assert!(first.contains("retry 1"), "{first}");
    std::thread::sleep(Duration::from_millis(300));
    let second = desk.ok(&["sweep"]);
    assert!(second.contains("sent 1"), "{second}");
    let seen = server.requests("/robot");
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|r| r.path.contains("&timestamp=") && r.path.contains("&sign=")));
    assert_eq!(seen[0].body, seen[1].body);
    let status = desk.run(&["hooks", "status"]);
    assert_eq!(status.code, 0);
    assert!(status.stdout.contains("已发 1"), "{}", status.stdout);
}

#[test]
fn the_rate_limit_holds_across_processes() {
    let server = Server::start(|_, _| ok());
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!(
            "[[hook]]\nname = \"limited\"\non = [\"new_l1\"]\nwebhook = \"{}/hook\"\nrate = 3\n",
            server.base
        ),
    );
    start_paging(&desk);
    for i in 0..8 {
        desk.open(
            "张江机房",
            1,
            &format!("盘{i}"),
            &["--at", "2026-11-27 14:00"],
        );
    }
    for r in sweeps(&desk, 3) {
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    desk.ok(&["sweep"]);
    assert_eq!(server.requests("/hook").len(), 3);
    let status = desk.ok(&["hooks", "status"]);
    assert!(status.contains("待发 5  已发 3"), "{status}");
    assert!(status.contains("rate limit: 3 a minute"), "{status}");
}

#[test]
fn a_delivery_that_keeps_failing_becomes_a_dead_letter() {
    let server = Server::start(|_, _| {
        (
            200,
            r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#.into(),
        )
    });
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!("[[hook]]\nname = \"群\"\non = [\"new_l1\"]\nwecom = \"{}/wecom\"\nretry = \"100ms\"\nattempts = 2\n", server.base),
    );
    start_paging(&desk);
    desk.open("张江机房", 1, "阵列离线", &["--at", "2026-11-27 14:00"]);
    desk.ok(&["sweep"]);
    std::thread::sleep(Duration::from_millis(300));
    let second = desk.ok(&["sweep"]);
    assert!(second.contains("dead 1"), "{second}");
    std::thread::sleep(Duration::from_millis(300));
    desk.ok(&["sweep"]);
    assert_eq!(
        server.requests("/wecom").len(),
        2,
        "no attempt after the last"
    );
    let status = desk.run(&["hooks", "status"]);
    assert_eq!(status.code, 1, "dead letters make status fail");
    assert!(
        status.stdout.contains("失败 1") && status.stdout.contains("errcode 93000"),
        "{}",
        status.stdout
    );
}

#[test]
fn an_exec_hook_gets_the_notice_as_json_on_stdin() {
    let desk = Desk::new().seeded();
    let out = desk.dir.path().join("notice.json");
    configure(
        &desk,
        &format!(
            "[[hook]]\nname = \"script\"\non = [\"new_l1\"]\nexec = [\"sh\", \"-c\", \"cat > {}\"]\n",
            out.display()
        ),
    );
    start_paging(&desk);
    let id = desk.open(
        "张江机房",
        1,
        "阵列离线\u{1b}[2J",
        &["--at", "2026-11-27 14:00"],
    );
    assert!(desk.ok(&["sweep"]).contains("sent 1"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["kind"], "new_l1");
    assert_eq!(v["ticket"].to_string(), id);
    assert_eq!(v["level"], 1);
    assert_eq!(v["site"], "张江机房");
    // Customer text arrives inert.
    assert!(!v["title"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn a_deadline_warning_is_dropped_once_the_deadline_is_met() {
    // The first tries fail; by the retries the engineer has answered.
    let server = Server::start(|_, n| if n < 2 { (503, String::new()) } else { ok() });
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!("[[hook]]\nname = \"soon\"\non = [\"due_soon:15m\"]\nwebhook = \"{}/hook\"\nretry = \"100ms\"\n", server.base),
    );
    start_paging(&desk);
    // Remote response and process start both due 14:15: ten minutes
    // left at 14:05.
    let id = desk.open("张江机房", 1, "阵列离线", &["--at", "2026-11-27 13:45"]);
    assert!(desk.ok(&["sweep"]).contains("retry 2"));
    assert!(server.requests("/hook")[0].body.contains("due_soon:15m"));
    desk.log_at(&id, "responded", "2026-11-27 14:04");
    std::thread::sleep(Duration::from_millis(300));
    let out = desk.ok(&["sweep"]);
    // The response is met: its warning is dropped. The process has not
    // started: its warning still goes.
    assert!(out.contains("sent 1 retry 0 dead 0 skipped 1"), "{out}");
    let seen = server.requests("/hook");
    assert_eq!(seen.len(), 3, "{seen:#?}");
    assert!(seen[2].body.contains("process_start"), "{seen:#?}");
}

/// In the desk's language (Chinese here), like every other refusal.
#[test]
fn a_broken_hook_is_a_one_line_error_naming_it() {
    let desk = Desk::new();
    configure(
        &desk,
        "[[hook]]\nname = \"x\"\non = [\"breach\"]\nexec = [\"true\"]\nwecom = \"http://a\"\n",
    );
    let r = desk.run(&["sla"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("config.toml")
            && r.stderr
                .contains("通知 \"x\"：exec、wecom、dingtalk、webhook 须恰好给一个"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1);
}

#[test]
fn hooks_test_sends_a_sample_and_fails_on_a_refusal() {
    let server = Server::start(|route, _| {
        if route == "/bad" {
            (404, String::new())
        } else {
            ok()
        }
    });
    let desk = Desk::new();
    configure(
        &desk,
        &format!(
            "[[hook]]\nname = \"good\"\non = [\"breach\"]\nwebhook = \"{0}/good\"\n\n[[hook]]\nname = \"bad\"\non = [\"breach\"]\nwebhook = \"{0}/bad\"\n",
            server.base
        ),
    );
    assert_eq!(desk.run(&["hooks", "test", "good"]).code, 0);
    assert_eq!(server.requests("/good").len(), 1);
    let bad = desk.run(&["hooks", "test", "bad"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("HTTP 404"), "{}", bad.stderr);
    assert_eq!(desk.run(&["hooks", "test", "nope"]).code, 2);
}

#[test]
fn three_daemons_page_each_arrival_and_breach_once() {
    let server = Server::start(|_, _| {
        std::thread::sleep(Duration::from_millis(50));
        ok()
    });
    let desk = Desk::new().seeded();
    configure(
        &desk,
        &format!(
            "[[hook]]\nname = \"ops\"\non = [\"new_l1\", \"breach\"]\nwebhook = \"{}/hook\"\n",
            server.base
        ),
    );
    start_paging(&desk);
    let daemons: Vec<_> = (0..3)
        .map(|_| {
            desk.cmd()
                .arg("daemon")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // Opened 13:34: its response and process start fell due at 14:04,
    // a minute before now — two breaches the daemons notice themselves.
    desk.open("张江机房", 1, "已超时", &["--at", "2026-11-27 13:34"]);
    for i in 0..4 {
        desk.open(
            "张江机房",
            1,
            &format!("新故障{i}"),
            &["--at", "2026-11-27 14:00"],
        );
        std::thread::sleep(Duration::from_millis(400));
    }
    let seen = server.wait_for("/hook", 7);
    // Time for a duplicate to arrive, if any process would send one.
    std::thread::sleep(Duration::from_millis(2500));
    for d in &daemons {
        // SAFETY: SIGTERM to our own child.
        unsafe { libc::kill(d.id() as i32, libc::SIGTERM) };
    }
    for d in daemons {
        assert!(d.wait_with_output().unwrap().status.success());
    }
    let seen = if seen.len() < 7 {
        seen
    } else {
        server.requests("/hook")
    };
    let kinds = |k: &str| {
        seen.iter()
            .filter(|r| r.body.contains(&format!("\"kind\":\"{k}\"")))
            .count()
    };
    let mut ids: Vec<&str> = seen
        .iter()
        .map(|r| r.headers["webhook-id"].as_str())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((seen.len(), ids.len()), (7, 7), "{seen:#?}");
    assert_eq!((kinds("new_l1"), kinds("breach")), (5, 2));
}
