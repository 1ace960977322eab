// The literal-string check (issue 25, part 3): user-visible text must come from the message
// catalogues (messages/<locale>/*.json), not from the source. Parses .tsx files with the
// TypeScript compiler API and reports, as file:line:column, every
//  - JSX text with a letter in it (outside <code>, <pre>, <kbd>, <samp>: code is not translated),
//  - string or template literal given as a JSX child ({'Save'}, {ok ? 'Yes' : 'No'}),
//  - string or template literal in the attributes aria-label, title, placeholder, alt, label,
//    pendingLabel,
//  - string or template literal in a `title` or `description` of `metadata` / `generateMetadata`.
// Calls are not looked into (t('polls.title') is a key, not text). A string counts as text when,
// with the allowed words below taken out, a letter is left.
//
//   npx tsx scripts/i18n-literals.ts app components     # prints each leftover; exit 1 if any
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Words that are not translated: the brand, product names, a DNS record type, the title template's placeholder. */
const ALLOWED = ['Quorum', 'PgBouncer', 'TXT', '%s'];
/** An example address (a placeholder such as https://example.com/hooks) is not text either. */
const URL_ONLY = /^https?:\/\/\S+$/;
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'pendingLabel']);
const METADATA_FIELDS = new Set(['title', 'description', 'default', 'template', 'absolute']);
const CODE_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp']);

export interface Leftover {
  file: string;
  line: number;
  column: number;
  kind: 'jsx text' | 'jsx child' | 'attribute' | 'metadata';
  text: string;
}

/** True when the string, without the allowed words, still has a letter. */
export function isText(s: string): boolean {
  if (URL_ONLY.test(s.trim())) return false;
  let rest = s;
  for (const w of ALLOWED) rest = rest.split(w).join(' ');
  return /\p{L}/u.test(rest);
}

/** The literal strings an expression can evaluate to directly (not through calls). */
function literalParts(e: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return [e];
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return literalParts(e.expression);
  if (ts.isConditionalExpression(e)) return [...literalParts(e.whenTrue), ...literalParts(e.whenFalse)];
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return [...literalParts(e.left), ...literalParts(e.right)];
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalParts(e.right);
  }
  return [];
}

function literalText(n: ts.Node): string {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
  return '';
}

function insideCode(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isJsxElement(p) && CODE_ELEMENTS.has(p.openingElement.tagName.getText())) return true;
  }
  return false;
}

function isMetadataScope(n: ts.Node): boolean {
  if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text === 'metadata' || n.name.text === 'generateMetadata';
  if (ts.isFunctionDeclaration(n)) return n.name?.text === 'generateMetadata';
  return false;
}

/** The leftovers of one file's source text. */
export function checkSource(file: string, source: string): Leftover[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Leftover[] = [];
  const report = (node: ts.Node, kind: Leftover['kind'], text: string) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file, line: line + 1, column: character + 1, kind, text: text.trim().replace(/\s+/g, ' ') });
  };
  const literals = (e: ts.Expression | undefined, kind: Leftover['kind']) => {
    if (!e) return;
    for (const part of literalParts(e)) {
      const text = literalText(part);
      if (isText(text)) report(part, kind, text);
    }
  };
  const visit = (node: ts.Node, inMetadata: boolean) => {
    if (ts.isJsxText(node)) {
      if (isText(node.text) && !insideCode(node)) report(node, 'jsx text', node.text);
    } else if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      if (!insideCode(node)) literals(node.expression, 'jsx child');
    } else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf))) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) literals(init, 'attribute');
      else if (init && ts.isJsxExpression(init)) literals(init.expression, 'attribute');
    } else if (inMetadata && ts.isPropertyAssignment(node) && METADATA_FIELDS.has(node.name.getText(sf))) {
      literals(node.initializer, 'metadata');
    }
    const nextMetadata = inMetadata || isMetadataScope(node);
    ts.forEachChild(node, (child) => visit(child, nextMetadata));
  };
  visit(sf, false);
  return out;
}

/** Every file under these paths (files or folders) whose name `wanted` accepts (default: .tsx), sorted. */
export function sourceFiles(paths: string[], wanted: (file: string) => boolean = (f) => f.endsWith('.tsx')): string[] {
  const found: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
    } else if (wanted(p)) found.push(p);
  };
  for (const p of paths) walk(p);
  return found.sort();
}

/** The leftovers of every .tsx file under these paths. */
export function checkPaths(paths: string[]): Leftover[] {
  return sourceFiles(paths).flatMap((f) => checkSource(f, fs.readFileSync(f, 'utf8')));
}

export function formatLeftover(l: Leftover): string {
  return `${l.file}:${l.line}:${l.column}  ${l.kind}  ${JSON.stringify(l.text)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const paths = process.argv.slice(2);
  const found = checkPaths(paths.length ? paths : ['app', 'components']);
  for (const l of found) console.log(formatLeftover(l));
  console.error(found.length ? `${found.length} user-visible strings outside the message catalogues` : 'no user-visible literal strings');
  process.exitCode = found.length ? 1 : 0;
}
