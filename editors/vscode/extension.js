// Starts `attend lsp` for attend policy files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("attend").get("path") || "attend";
  client = new LanguageClient(
    "attend",
    "attend",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "attend" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
