import ts from 'typescript';

/**
 * One import of a module: the specifier as written, its 1-based line, and whether the compiler erases it
 * (`import type` / `export type`; `import { type A }` stays an import under verbatimModuleSyntax).
 */
export interface ImportRef {
  specifier: string;
  line: number;
  typeOnly: boolean;
}

/** What the boundary check needs from one source file. */
export interface ScannedModule {
  imports: ImportRef[];
  /** 1-based lines that read `process.env` (or `process['env']`). */
  processEnvLines: number[];
}

/**
 * Imports and `process.env` reads of one TypeScript/JavaScript source, from its syntax tree (so text
 * in comments and strings never counts). Covers `import … from`, side-effect imports, `export … from`,
 * `import x = require()`, `import()` calls, `import('…')` types and `require()` calls.
 */
export function scanModule(fileName: string, source: string): ScannedModule {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const imports: ImportRef[] = [];
  const processEnvLines: number[] = [];
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier && ts.isStringLiteralLike(specifier)) imports.push({ specifier: specifier.text, line: lineOf(node), typeOnly });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) {
      add(node, node.arguments[0], false);
    } else if (isProcessEnv(node)) {
      processEnvLines.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { imports, processEnvLines };
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?jsx?$/.test(fileName)) return ts.ScriptKind.JS;
  return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
}

function isProcessEnv(node: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(node)) return isProcess(node.expression) && node.name.text === 'env';
  if (ts.isElementAccessExpression(node)) {
    const key = node.argumentExpression;
    return isProcess(node.expression) && ts.isStringLiteralLike(key) && key.text === 'env';
  }
  return false;
}

/** `process` or `globalThis.process`. */
function isProcess(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return node.text === 'process';
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'process' &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'globalThis'
  );
}
