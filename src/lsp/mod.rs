//! `attend lsp`: a language server over standard input and output, for
//! editors. It keeps the text of each open policy, checks it as it changes
//! (every stage `attend check` runs, on the unsaved text) and answers hover,
//! formatting, symbols, definitions and completion from the same analysis.

mod features;
mod position;

use crate::check::CheckOptions;
use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, PublishDiagnostics,
};
use lsp_types::request::{Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest};
use lsp_types::{
    CompletionOptions, OneOf, PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};
use std::collections::HashMap;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Serves until the editor asks the server to exit.
pub fn serve(options: CheckOptions) -> Result<(), Failure> {
    let (connection, threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "(".into()]),
            ..Default::default()
        }),
        ..Default::default()
    };
    connection.initialize(serde_json::to_value(capabilities)?)?;
    let mut server = Server { options, documents: HashMap::new() };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    break;
                }
                let response = server.answer(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                if let Some(uri) = server.take(notification) {
                    let diagnostics = server.diagnostics(&uri);
                    let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
                    let note = Notification::new(
                        <PublishDiagnostics as lsp_types::notification::Notification>::METHOD.to_string(),
                        params,
                    );
                    connection.sender.send(Message::Notification(note))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    threads.join()?;
    Ok(())
}

struct Server {
    options: CheckOptions,
    /// The text of each open document.
    documents: HashMap<Uri, String>,
}

impl Server {
    /// Takes a change to the open documents; the document to check again.
    fn take(&mut self, notification: Notification) -> Option<Uri> {
        let notification = match cast::<DidOpenTextDocument>(notification) {
            Ok(params) => {
                self.documents.insert(params.text_document.uri.clone(), params.text_document.text);
                return Some(params.text_document.uri);
            }
            Err(n) => n,
        };
        let notification = match cast::<DidChangeTextDocument>(notification) {
            Ok(params) => {
                // Whole-document sync: the last change holds all the text.
                let text = params.content_changes.into_iter().last()?.text;
                self.documents.insert(params.text_document.uri.clone(), text);
                return Some(params.text_document.uri);
            }
            Err(n) => n,
        };
        if let Ok(params) = cast::<DidCloseTextDocument>(notification) {
            self.documents.remove(&params.text_document.uri);
        }
        None
    }

    fn diagnostics(&self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let Some(text) = self.documents.get(uri) else { return Vec::new() };
        features::diagnostics(&self.options, uri, text)
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let text = |uri: &Uri| self.documents.get(uri).map(String::as_str).unwrap_or_default();
        let result = match request.method.as_str() {
            "textDocument/hover" => params::<HoverRequest>(request).map(|p| {
                let at = &p.text_document_position_params;
                let uri = &at.text_document.uri;
                json(features::hover(&self.options, uri, text(uri), at.position))
            }),
            "textDocument/formatting" => params::<Formatting>(request)
                .map(|p| json(features::formatting(&p.text_document.uri, text(&p.text_document.uri)))),
            "textDocument/documentSymbol" => params::<DocumentSymbolRequest>(request)
                .map(|p| json(features::symbols(&p.text_document.uri, text(&p.text_document.uri)))),
            "textDocument/definition" => params::<GotoDefinition>(request).map(|p| {
                let at = &p.text_document_position_params;
                let uri = &at.text_document.uri;
                json(features::definition(uri, text(uri), at.position))
            }),
            "textDocument/completion" => params::<Completion>(request).map(|p| {
                let uri = &p.text_document_position.text_document.uri;
                json(features::completion(&self.options, uri, text(uri)))
            }),
            _ => Err(format!("attend lsp does not answer {}", request.method)),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => error(id, message),
        }
    }
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn error(id: RequestId, message: String) -> Response {
    Response::new_err(id, lsp_server::ErrorCode::MethodNotFound as i32, message)
}

fn params<R: lsp_types::request::Request>(request: Request) -> Result<R::Params, String> {
    request.extract::<R::Params>(R::METHOD).map(|(_, p)| p).map_err(|e| e.to_string())
}

fn cast<N: lsp_types::notification::Notification>(n: Notification) -> Result<N::Params, Notification> {
    n.extract::<N::Params>(N::METHOD).map_err(|e| match e {
        ExtractError::MethodMismatch(n) => n,
        ExtractError::JsonError { method, .. } => Notification { method, params: serde_json::Value::Null },
    })
}
