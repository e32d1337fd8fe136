// Tokenizes every shipped policy and test file with the extension's TextMate
// grammar (vscode-textmate and vscode-oniguruma, as VS Code does) and checks
// that comments, strings and every keyword of the language get their scopes.
const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.join(__dirname, "..", "..", "..");
const grammarFile = path.join(__dirname, "..", "syntaxes", "attend.tmLanguage.json");

// The keywords, read from the language's own grammar (grammar/keywords.pest).
const pest = fs.readFileSync(path.join(root, "grammar", "keywords.pest"), "utf8");
const keywords = new Set();
for (const line of pest.split("\n")) {
  const rule = line.match(/^kw_\w+\s*=\s*@\{(.*)~ word_end/);
  if (rule) for (const word of rule[1].matchAll(/"([^"]+)"/g)) keywords.add(word[1]);
}

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return /\.attend(-test)?$/.test(e.name) ? [full] : [];
  });
}

async function main() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(grammarFile, "utf8"), grammarFile),
  });
  const grammar = await registry.loadGrammar("source.attend");
  const problems = [];
  const checked = files(path.join(root, "policies")).concat(files(path.join(root, "examples", "whatif")));
  for (const file of checked) {
    let state = textmate.INITIAL;
    let keywordTokens = 0;
    fs.readFileSync(file, "utf8").split("\n").forEach((line, n) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      for (const token of result.tokens) {
        const text = line.slice(token.startIndex, token.endIndex);
        const scopes = token.scopes.join(" ");
        const where = `${path.relative(root, file)}:${n + 1}:${token.startIndex + 1}`;
        if (text.trim().startsWith("#") && !scopes.includes("comment") && !scopes.includes("string")) {
          problems.push(`${where}: a comment scoped ${scopes}`);
        }
        if (scopes.includes("comment") || scopes.includes("string")) continue;
        for (const word of text.split(/[^A-Za-z0-9_-]+/)) {
          if (keywords.has(word) && !scopes.includes("keyword.other.attend")) {
            problems.push(`${where}: the keyword \`${word}\` scoped ${scopes}`);
          }
        }
        if (scopes.includes("keyword.other.attend")) keywordTokens++;
      }
    });
    if (keywordTokens === 0) problems.push(`${path.relative(root, file)}: no keyword was found`);
  }
  if (problems.length) {
    console.error(problems.slice(0, 20).join("\n"));
    console.error(`${problems.length} problems in ${checked.length} files`);
    process.exit(1);
  }
  console.log(`the grammar scopes ${checked.length} files as expected (${keywords.size} keywords)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
