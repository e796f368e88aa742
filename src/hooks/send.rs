//! One attempt to one target: a program run with the notice on stdin, or
//! an HTTP POST. Says whether to stop, retry or give up; pacing and
//! bookkeeping are the sender's.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::config::{Hook, Target};

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Worth trying again later (timeout, network, a robot's errcode,
    /// HTTP 429/5xx, exit 75).
    Retry(String),
    /// Will not work however often it is tried (HTTP 4xx, exit ≠ 0, 75).
    Fail(String),
}

/// What is sent: the notice as JSON (exec's stdin, a webhook's body) and
/// as a message for people (the robots).
pub struct Message {
    /// Stable across retries: a receiver can drop a duplicate by it.
    pub id: String,
    pub json: String,
    pub title: String,
    pub markdown: String,
    pub text: String,
}

pub fn deliver(hook: &Hook, msg: &Message, now_ms: i64) -> Outcome {
    match &hook.target {
        Target::Exec(argv) => run(argv, &msg.json, hook.timeout),
        Target::Wecom(url) => {
            let body = if hook.markdown {
                serde_json::json!({"msgtype": "markdown", "markdown": {"content": msg.markdown}})
            } else {
                serde_json::json!({"msgtype": "text", "text": {"content": msg.text, "mentioned_mobile_list": hook.mention}})
            };
            robot(post(url, &body.to_string(), &[], hook.timeout))
        }
        Target::Dingtalk(url) => {
            let mentions: String = hook.mention.iter().map(|m| format!(" @{m}")).collect();
            let body = serde_json::json!({
                "msgtype": "markdown",
                "markdown": {"title": msg.title, "text": format!("{}{mentions}", msg.markdown)},
                "at": {"atMobiles": hook.mention, "isAtAll": false},
            });
            let url = match &hook.secret {
                Some(secret) => dingtalk_signed(url, secret, now_ms),
                None => url.clone(),
            };
            robot(post(&url, &body.to_string(), &[], hook.timeout))
        }
        Target::Webhook(url) => {
            let secs = now_ms / 1000;
            let mut headers = vec![
                ("webhook-id", msg.id.clone()),
                ("webhook-timestamp", secs.to_string()),
            ];
            if let Some(secret) = &hook.secret {
                headers.push((
                    "webhook-signature",
                    webhook_signature(secret, &msg.id, secs, &msg.json),
                ));
            }
            match post(url, &msg.json, &headers, hook.timeout) {
                Err(e) => Outcome::Retry(e),
                Ok((status, _)) if (200..300).contains(&status) => Outcome::Sent,
                Ok((status, _)) if status == 408 || status == 429 || status >= 500 => {
                    Outcome::Retry(format!("HTTP {status}"))
                }
                Ok((status, _)) => Outcome::Fail(format!("HTTP {status}")),
            }
        }
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length: `new_from_slice` cannot fail here.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// DingTalk's custom robot with 加签: `timestamp` (ms) and `sign`, the
/// URL-encoded base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret.
pub fn dingtalk_signed(url: &str, secret: &str, now_ms: i64) -> String {
    let sign = b64(&hmac_sha256(
        secret.as_bytes(),
        format!("{now_ms}\n{secret}").as_bytes(),
    ));
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}timestamp={now_ms}&sign={}", url_encode(&sign))
}

/// Standard Webhooks: `v1,` and the base64 HMAC-SHA256 of "id.timestamp.body";
/// a `whsec_` secret is base64 (its bytes are the key), any other its text.
pub fn webhook_signature(secret: &str, id: &str, secs: i64, body: &str) -> String {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|k| base64::engine::general_purpose::STANDARD.decode(k).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    format!(
        "v1,{}",
        b64(&hmac_sha256(&key, format!("{id}.{secs}.{body}").as_bytes()))
    )
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// POSTs JSON; the status and body, or why there is none.
fn post(
    url: &str,
    body: &str,
    headers: &[(&str, String)],
    timeout: Duration,
) -> Result<(u16, String), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent.post(url).header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let mut resp = req.send(body).map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Ok((status, text))
}

/// Both robots answer HTTP 200 when they refuse: the body's `errcode` says.
fn robot(resp: Result<(u16, String), String>) -> Outcome {
    match resp {
        Err(e) => Outcome::Retry(e),
        Ok((status, body)) if (200..300).contains(&status) => {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            match v.get("errcode").and_then(|c| c.as_i64()) {
                Some(0) => Outcome::Sent,
                Some(code) => Outcome::Retry(format!(
                    "errcode {code}: {}",
                    v.get("errmsg").and_then(|m| m.as_str()).unwrap_or_default()
                )),
                None => Outcome::Retry(format!("HTTP {status} without errcode")),
            }
        }
        Ok((status, _)) if status == 408 || status == 429 || status >= 500 => {
            Outcome::Retry(format!("HTTP {status}"))
        }
        Ok((status, _)) => Outcome::Fail(format!("HTTP {status}")),
    }
}

/// Exit status 75 (EX_TEMPFAIL): the program asks to be run again later.
pub const EXIT_RETRY: i32 = 75;

/// Runs the program in a process group of its own, the notice on stdin; at
/// the timeout the whole group is killed (a shell script's children too).
fn run(argv: &[String], json: &str, timeout: Duration) -> Outcome {
    let Some((program, args)) = argv.split_first() else {
        return Outcome::Fail("exec names no program".into());
    };
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return Outcome::Fail(format!("{program}: {e}")),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A program that does not read its input is its own business.
        let _ = stdin.write_all(json.as_bytes());
    }
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return match status.code() {
                    Some(0) => Outcome::Sent,
                    Some(EXIT_RETRY) => Outcome::Retry(format!("{program} exited {EXIT_RETRY}")),
                    Some(code) => Outcome::Fail(format!("{program} exited {code}")),
                    None => Outcome::Fail(format!("{program} was killed by a signal")),
                }
            }
            Ok(None) if start.elapsed() >= timeout => {
                // SAFETY: kill(2) on the child's own process group.
                unsafe {
                    libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
                }
                let _ = child.wait();
                return Outcome::Retry(format!(
                    "{program} timed out after {} ms and was killed",
                    timeout.as_millis()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Outcome::Retry(format!("{program}: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dingtalk_signature_is_the_documented_hmac_of_timestamp_and_secret() {
        // DingTalk's example: sign = urlEncode(base64(HmacSHA256(secret, ts + "\n" + secret))).
        let url = dingtalk_signed(
            "https://oapi.dingtalk.com/robot/send?access_token=x",
            "SEC123",
            1_700_000_000_000,
        );
        let expected = b64(&hmac_sha256(b"SEC123", b"1700000000000\nSEC123"));
        assert!(url.starts_with(
            "https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign="
        ));
        assert!(url.ends_with(&url_encode(&expected)), "{url}");
        assert!(!url_encode(&expected).contains('+') && !url_encode(&expected).contains('/'));
    }

    #[test]
    fn a_whsec_secret_signs_with_its_decoded_bytes() {
        let key = b"0123456789abcdef";
        let secret = format!("whsec_{}", b64(key));
        let sig = webhook_signature(&secret, "msg_1", 1_700_000_000, "{}");
        assert_eq!(
            sig,
            format!("v1,{}", b64(&hmac_sha256(key, b"msg_1.1700000000.{}")))
        );
    }

    #[test]
    fn a_program_that_outlives_its_timeout_is_killed_with_its_children() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let script = format!("sleep 30 & echo $! > {}; wait", pid_file.display());
        let start = Instant::now();
        let out = run(
            &["sh".into(), "-c".into(), script],
            "{}",
            Duration::from_millis(300),
        );
        assert!(
            matches!(out, Outcome::Retry(ref e) if e.contains("timed out")),
            "{out:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(5));
        let pid: i32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        // Gone, or a zombie waiting for init to reap it.
        let alive = std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        });
        assert!(!alive, "the grandchild sleep {pid} survived");
    }

    #[test]
    fn exit_75_asks_for_a_retry_and_other_failures_give_up() {
        let t = Duration::from_secs(5);
        assert!(matches!(
            run(&["sh".into(), "-c".into(), "exit 75".into()], "{}", t),
            Outcome::Retry(_)
        ));
        assert!(matches!(
            run(&["sh".into(), "-c".into(), "exit 3".into()], "{}", t),
            Outcome::Fail(_)
        ));
        assert_eq!(
            run(
                &["sh".into(), "-c".into(), "cat > /dev/null".into()],
                "{}",
                t
            ),
            Outcome::Sent
        );
    }
}
