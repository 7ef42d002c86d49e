// Modules use each other in one direction: no file of src/ reaches itself again through the values it imports.
// (Type-only imports vanish at run time and do not count.) A new cycle fails here naming its files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.(test|e2e)\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The relative files a source imports or re-exports values from. */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const deps: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/gms)) {
    if (m[1]) continue;
    const names = m[2].trim();
    // `import { type A, type B } from` brings no value either.
    const braces = /^\{([^}]*)\}$/.exec(names);
    if (
      braces &&
      braces[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '))
    )
      continue;
    const target = path.resolve(path.dirname(file), m[3]);
    if (fs.existsSync(target)) deps.push(target);
  }
  for (const m of text.matchAll(/^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const target = path.resolve(path.dirname(file), m[1]);
    if (fs.existsSync(target)) deps.push(target);
  }
  return deps;
}

/** Strongly connected groups of more than one file (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('the cycle finder finds a cycle and passes a chain', () => {
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
        ['d', ['a']],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
    [],
  );
});

test('no import cycle between the files of src/', () => {
  const files = sources(path.join(root));
  assert.ok(files.length > 100, `only ${files.length} files found`);
  const graph = new Map(files.map((f) => [f, valueImports(f)]));
  const found = cycles(graph).map((group) => group.map((f) => path.relative(root, f)).join(' → '));
  assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
});
