//! Reading a policy file and the files it extends: parse, follow `extends`
//! (relative to the file that says it, never in a circle), and resolve each
//! school from the layers.

use super::layer::{Layer, overlay};
use super::seen::{Seen, repeated};
use super::typing::Typer;
use super::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};
use ast::{Item, SchoolItem, Statement};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The model of one policy file, with everything found on the way. The policy
/// is present when the file could be read; it holds only the schools that
/// resolved completely.
pub struct Resolved {
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves the policy in `file`. `extends` may name only regular files inside
/// `tree` (a canonical folder): never an absolute path, a path out of it, a
/// link leading out of it, or a device.
pub fn resolve_file(sources: &mut SourceMap, file: FileId, tree: &Path) -> Resolved {
    resolve_file_sharing(sources, file, tree, &ParsedBases::default())
}

/// [`resolve_file`] for one of many policies read in a run: the files they
/// extend are parsed once, in `bases`.
pub fn resolve_file_sharing(
    sources: &mut SourceMap,
    file: FileId,
    tree: &Path,
    bases: &ParsedBases,
) -> Resolved {
    let mut resolver = Resolver {
        sources,
        bases,
        typer: Typer::default(),
        diagnostics: Vec::new(),
        stack: Vec::new(),
        shown: Vec::new(),
        tree: tree.to_path_buf(),
    };
    let root = file;
    let path = resolver.sources.file(root).path.clone();
    resolver.stack.push(canonical(&path));
    resolver.shown.push(path);
    let policy = resolver.root(root);
    let mut diagnostics = resolver.diagnostics;
    diagnostics.extend(resolver.typer.diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    Resolved { policy, diagnostics }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Files that policies extend, parsed once in a run that reads many policies
/// (a trust's 1,000 schools share one or two). A parse is reused only for the
/// same text under the same file id, so every span in it points where it did.
#[derive(Default)]
pub struct ParsedBases(Mutex<HashMap<(PathBuf, FileId), Arc<ParsedBase>>>);

struct ParsedBase {
    text: String,
    parsed: Result<Arc<ast::PolicyFile>, Vec<Diagnostic>>,
}

impl ParsedBases {
    fn parse(&self, sources: &SourceMap, file: FileId) -> Result<Arc<ast::PolicyFile>, Vec<Diagnostic>> {
        let source = sources.file(file);
        let key = (source.path.clone(), file);
        let known = self.0.lock().ok().and_then(|bases| bases.get(&key).cloned());
        if let Some(base) = known.filter(|base| base.text == source.text) {
            return base.parsed.clone();
        }
        let parsed = syntax::parse(file, &source.text).map(Arc::new);
        if let Ok(mut bases) = self.0.lock() {
            bases.insert(key, Arc::new(ParsedBase { text: source.text.clone(), parsed: parsed.clone() }));
        }
        parsed
    }
}

pub(super) struct Resolver<'a> {
    pub(super) sources: &'a mut SourceMap,
    bases: &'a ParsedBases,
    pub(super) typer: Typer,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Files being read, outermost first: canonical paths to compare, and
    /// the paths as written to show.
    pub(super) stack: Vec<PathBuf>,
    pub(super) shown: Vec<PathBuf>,
    /// The folder `extends` may reach, canonical.
    pub(super) tree: PathBuf,
}

impl Resolver<'_> {
    fn parse(&mut self, file: FileId) -> Option<ast::PolicyFile> {
        match syntax::parse(file, &self.sources.file(file).text) {
            Ok(tree) => Some(tree),
            Err(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                None
            }
        }
    }

    fn root(&mut self, file: FileId) -> Option<Policy> {
        let tree = self.parse(file)?;
        let layer = self.file_layer(&tree);
        let mut schools = Vec::new();
        let mut names: Seen<String> = Seen::new();
        for item in &tree.items {
            let Item::School(block) = &item.node else { continue };
            if let Err(first) = names.first_time(block.name.node.clone(), block.name.span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DUPLICATE_SCHOOL,
                        format!("the school \"{}\" has two blocks", block.name.node),
                        block.name.span,
                        "second block",
                    )
                    .related(first, "first block")
                    .help("merge the two blocks into one"),
                );
                continue;
            }
            if let Some(school) = self.school(block, &layer) {
                schools.push(school);
            }
        }
        let has_school_blocks = tree.items.iter().any(|i| matches!(i.node, Item::School(_)));
        if !has_school_blocks
            && layer.organisation.is_none()
            && let Some(first) = tree.items.iter().find(|i| matches!(i.node, Item::Statement(_)))
        {
            self.diagnostics.push(
                    Diagnostic::new(Code::NO_SCHOOL, "this policy does not say which school it is for", first.span, "this statement belongs to no school")
                        .help("add a block naming the school, like `school \"Stanborough School\" { effective 2025-11-01 }`, or `trust \"Name\" { ... }` for a trust's base policy"),
                );
        }
        Some(Policy { organisation: layer.organisation, schools })
    }

    /// The file's shared part: its base (if it extends one), its organisation
    /// block and its top-level statements.
    fn file_layer(&mut self, tree: &ast::PolicyFile) -> Layer {
        let mut base = Layer::default();
        let mut extends_seen: Option<Span> = None;
        let mut organisation_seen: Option<Span> = None;
        let mut layer = Layer::default();
        let mut top: Vec<(&Statement, Span)> = Vec::new();
        for item in &tree.items {
            match &item.node {
                Item::Extends(path) => {
                    if let Some(first) = extends_seen {
                        self.repeated(item.span, first, "extends");
                        continue;
                    }
                    extends_seen = Some(item.span);
                    if let Some(b) = self.base(path) {
                        base = b;
                    }
                }
                Item::Organisation(block) => {
                    if let Some(first) = organisation_seen {
                        self.repeated(item.span, first, "trust or federation block");
                        continue;
                    }
                    organisation_seen = Some(item.span);
                    layer.organisation = Some(block.name.clone());
                    layer.identity = self.identity(block.identity.iter().map(|i| (&i.node, i.span)));
                }
                Item::Statement(statement) => top.push((statement, item.span)),
                Item::School(_) => {}
            }
        }
        layer.sections = overlay(base.sections, self.sections(top));
        layer.identity = layer.identity.over(&base.identity);
        layer.organisation = layer.organisation.or(base.organisation);
        layer
    }

    fn base(&mut self, path: &Spanned<String>) -> Option<Layer> {
        let from = self.sources.file(path.span.file).path.clone();
        let target = from.parent().unwrap_or(Path::new(".")).join(&path.node);
        if let Some(reason) = self.outside_tree(&path.node, &target) {
            // Nothing of the target is read or shown: only why it is refused.
            self.diagnostics.push(
                Diagnostic::new(
                    Code::EXTENDS_OUTSIDE_TREE,
                    format!("`extends` cannot read \"{}\": {reason}", path.node),
                    path.span,
                    "refused",
                )
                .help(
                    "`extends` names a policy file inside the policy's folder, relative to the file that says it; to allow a wider folder, give it with `attend check --root DIR`",
                ),
            );
            return None;
        }
        let key = canonical(&target);
        if let Some(start) = self.stack.iter().position(|p| *p == key) {
            let chain: Vec<String> = self.shown.iter().skip(start).map(|p| p.display().to_string()).collect();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::EXTENDS_CYCLE,
                    format!("\"{}\" extends itself through this chain", path.node),
                    path.span,
                    "this leads back to a file already being read",
                )
                .help(format!(
                    "the chain is {} -> {}; remove one `extends`",
                    chain.join(" -> "),
                    target.display()
                )),
            );
            return None;
        }
        let (file, decode_problem) = match self.sources.find(&target) {
            Some(id) => (id, None),
            None => match syntax::load(self.sources, &target) {
                Ok(loaded) => loaded,
                Err(e) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::EXTENDS_NOT_FOUND,
                            format!("cannot read \"{}\": {}", target.display(), io_reason(&e)),
                            path.span,
                            "this file",
                        )
                        .help("the path is relative to the folder of the file that says `extends`"),
                    );
                    return None;
                }
            },
        };
        if let Some(problem) = decode_problem {
            self.diagnostics.push(problem);
            return None;
        }
        let tree = match self.bases.parse(self.sources, file) {
            Ok(tree) => tree,
            Err(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                return None;
            }
        };
        if let Some(school) = tree.items.iter().find(|i| matches!(i.node, Item::School(_))) {
            self.diagnostics.push(
                Diagnostic::new(Code::EXTENDS_SCHOOL_POLICY, format!("\"{}\" is a school's policy, not a base to extend", path.node), path.span, "extended here")
                    .related(school.span, "this school block")
                    .help("move the shared statements into a trust or federation file without `school` blocks, and extend that"),
            );
            return None;
        }
        self.stack.push(key);
        self.shown.push(target);
        let layer = self.file_layer(&tree);
        self.stack.pop();
        self.shown.pop();
        Some(layer)
    }

    fn school(&mut self, block: &ast::SchoolBlock, shared: &Layer) -> Option<School> {
        let identity_items = block.items.iter().filter_map(|i| match &i.node {
            SchoolItem::Identity(id) => Some((id, i.span)),
            SchoolItem::Statement(_) => None,
        });
        let identity = self.identity(identity_items).over(&shared.identity);
        let statements = block
            .items
            .iter()
            .filter_map(|i| match &i.node {
                SchoolItem::Statement(s) => Some((s, i.span)),
                SchoolItem::Identity(_) => None,
            })
            .collect();
        let own = self.sections(statements);
        let sections = overlay(shared.sections.clone(), own);
        let Some(effective) = identity.effective else {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MISSING_EFFECTIVE_DATE,
                    format!("\"{}\" has no effective date", block.name.node),
                    block.name.span,
                    "this school",
                )
                .help("add `effective 2025-09-01` (the date the policy takes effect) to the school's block"),
            );
            return None;
        };
        Some(School {
            name: block.name.clone(),
            regulations: identity.regulations,
            effective,
            review: identity.review,
            sections,
        })
    }

    pub(super) fn repeated(&mut self, span: Span, first: Span, what: &str) {
        self.diagnostics.push(repeated(span, first, what));
    }
}

impl Resolver<'_> {
    /// Why `target` may not be read, if it may not.
    fn outside_tree(&self, written: &str, target: &Path) -> Option<&'static str> {
        let written = Path::new(written);
        if written.is_absolute() || written.has_root() {
            return Some("an absolute path");
        }
        // A path that does not exist is N006's to report.
        let Ok(real) = target.canonicalize() else { return None };
        if !real.starts_with(&self.tree) {
            return Some("it is outside the policy's folder");
        }
        match std::fs::metadata(&real) {
            Ok(m) if !m.is_file() => Some("it is not a regular file"),
            _ => None,
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extended_file_is_parsed_again_when_its_text_or_id_differs() {
        let bases = ParsedBases::default();
        let mut run = SourceMap::new();
        let trust = run.add("trusts/t.attend", "trust \"First\" { }".to_string());
        let parsed = bases.parse(&run, trust).expect("parses");
        assert!(
            Arc::ptr_eq(&parsed, &bases.parse(&run, trust).expect("parses")),
            "the same file is not reused"
        );

        let mut later = SourceMap::new();
        later.add("school.attend", String::new());
        let other_id = later.add("trusts/t.attend", "trust \"First\" { }".to_string());
        let moved = bases.parse(&later, other_id).expect("parses");
        assert!(format!("{moved:?}").contains(&format!("{other_id:?}")), "spans point at the old file id");

        let mut edited = SourceMap::new();
        let same_id = edited.add("trusts/t.attend", "trust \"Second\" { }".to_string());
        assert_eq!(same_id, trust);
        let reparsed = bases.parse(&edited, same_id).expect("parses");
        assert!(format!("{reparsed:?}").contains("Second"), "an edited file kept its old parse");
    }
}
