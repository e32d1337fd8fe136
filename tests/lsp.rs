//! `attend lsp` driven over standard input and output with JSON-RPC, as an
//! editor drives it: diagnostics as a document opens and changes, hover,
//! formatting, symbols, definition and completion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: u64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_attend"))
            .args(["lsp", "--as-of", "2026-11-23"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        let mut client = Client { child, input, output, next_id: 0 };
        let result = client.request("initialize", json!({ "capabilities": {} }));
        assert_eq!(result["capabilities"]["documentFormattingProvider"], true);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }
}

const POLICY: &str = r#"school "Oak Primary" {
    regulations england-2024
    effective 2025-09-01
    review 2027-09-01
}

day {
    gates open 08:30
    starts 08:40
    ends 15:10
}

register am {
    opens 08:40
    closes 09:00
}

register pm {
    opens 13:00
    closes 13:20
}

rule "stage 1" {
    when sessions(U) >= 3 over term
    then letter "late after the register closed"
}

rule "stage 2" {
    after "stage 1"
    when sessions(U) >= 6 over term
    then meeting "attendance lead"
}
"#;

fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count();
    let character = at - before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": character })
}

#[test]
fn an_editor_sees_diagnostics_hover_formatting_symbols_definitions_and_completion() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/policy.attend", dir.path().display());
    let doc = json!({ "uri": uri });
    let mut client = Client::start();

    // A policy with a time that is not one: T002, with its place.
    let broken = POLICY.replace("ends 15:10", "ends 25:10");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "attend", "version": 1, "text": broken } }),
    );
    let found = client.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "T002");
    assert_eq!(found[0]["range"]["start"], position_of(&broken, "25:10"));
    // Hovering the finding explains its code, as `attend explain` does.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": position_of(&broken, "25:10") }),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("T002 value-out-of-range"), "{text}");

    // Fixed, the diagnostics clear.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": POLICY }] }),
    );
    assert!(client.diagnostics().is_empty());
    // Hovering an attendance code gives its meaning under the regulations in force.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": doc, "position": position_of(POLICY, "U) >= 3") }),
    );
    assert!(
        hover["contents"]["value"].as_str().unwrap().contains("arrived after the register closed"),
        "{hover}"
    );

    // Formatting gives what `attend fmt` writes.
    let untidy = POLICY.replace("rule \"stage 1\" {\n    when", "rule \"stage 1\" {   when");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": untidy }] }),
    );
    client.diagnostics();
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": doc, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(edits[0]["newText"], POLICY);

    // The rules are symbols; `after "stage 1"` leads to the rule.
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": doc }));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Oak Primary", "stage 1", "stage 2"]);
    let target = client.request(
        "textDocument/definition",
        json!({ "textDocument": doc, "position": position_of(&untidy, "stage 1\"\n    when sessions(U) >= 6") }),
    );
    assert_eq!(target["range"]["start"]["line"], position_of(&untidy, "\"stage 1\" {")["line"]);

    // Completion offers keywords, codes and the rule names.
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": doc, "position": { "line": 0, "character": 0 } }),
    );
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    for expected in ["after", "reviewed", "U", "unauthorised", "stage 2"] {
        assert!(labels.contains(&expected), "{expected} not offered");
    }
    client.stop();
}
