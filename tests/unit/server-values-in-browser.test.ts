import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The compiler replaces every `*.server` module with an empty one in the browser bundle: a value a route imports from
 * one is `undefined` there. Used by the loader or the action that is fine (they never reach the browser); used while
 * rendering, the page renders on the server and then fails as it hydrates (the "needs action" queue did: its
 * bucket list came from worklist.server.ts, and every staff member's start page fell to the error boundary in the
 * browser). Such a value belongs in a module without `.server`.
 */
const root = path.resolve(__dirname, "../..");
/** Route exports that stay on the server (the compiler removes them from the browser bundle). */
const SERVER_EXPORTS = new Set(["loader", "action", "headers"]);

function routeFiles(): string[] {
  const dir = path.join(root, "app/routes");
  return [
    ...fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".tsx"))
      .map((f) => path.join("app/routes", f)),
    "app/root.tsx",
  ];
}

/** "file: name (line)" for each value from a `.server` module read outside a server-only function. */
export function serverValuesInBrowser(file: string, text = fs.readFileSync(path.join(root, file), "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const fromServer = new Set<string>();
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/\.server$/.test(st.moduleSpecifier.text)) continue;
    const clause = st.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) fromServer.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) if (!el.isTypeOnly) fromServer.add(el.name.text);
  }
  // Top-level functions (declared or as consts) that are server-only: the route's server exports, and helpers only
  // they call are not worth telling apart, so helpers count as server-only when their name starts in lower case and
  // no component (a capitalised function) refers to them.
  const topLevelName = (node: ts.Node): string | null => {
    let n: ts.Node = node;
    while (n.parent && n.parent !== source) n = n.parent;
    if (ts.isFunctionDeclaration(n)) return n.name?.text ?? null;
    if (ts.isVariableStatement(n)) {
      const d = n.declarationList.declarations[0];
      return d && ts.isIdentifier(d.name) ? d.name.text : null;
    }
    return null;
  };
  const componentText = source.statements
    .filter((st) => {
      const name = ts.isFunctionDeclaration(st)
        ? st.name?.text
        : ts.isVariableStatement(st) && ts.isIdentifier(st.declarationList.declarations[0]?.name)
          ? (st.declarationList.declarations[0].name as ts.Identifier).text
          : undefined;
      return name ? /^[A-Z]/.test(name) || name === "meta" || name === "handle" || name === "links" : false;
    })
    .map((st) => st.getText(source))
    .join("\n");
  const serverOnly = (name: string | null) =>
    name !== null && (SERVER_EXPORTS.has(name) || (/^[a-z]/.test(name) && !new RegExp(`\\b${name}\\b`).test(componentText)));

  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node) && fromServer.has(node.text)) {
      const isPropertyName = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node;
      if (!isPropertyName && !serverOnly(topLevelName(node))) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`${file}: ${node.text} (line ${line})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("values from server modules are not rendered", () => {
  it("finds one when a component reads it (a self-check of the scanner)", () => {
    const text = [
      'import { LIST, load } from "~/models/x.server";',
      "export async function loader() { return load(LIST); }",
      "function helper() { return LIST; }",
      "export default function Page() { return <ul>{LIST.map((x) => <li key={x}>{x}</li>)}</ul>; }",
      "type T = typeof LIST;",
    ].join("\n");
    expect(serverValuesInBrowser("example.tsx", text)).toEqual(["example.tsx: LIST (line 4)"]);
  });

  it("no route renders a value imported from a .server module", () => {
    expect(routeFiles().flatMap((f) => serverValuesInBrowser(f))).toEqual([]);
  });
});
