// ESLint rule: feature folders (`services/<name>/src/<feature>/`, `libs/<name>/src/<folder>/`)
// depend on each other one way only. `import/no-cycle` sees cycles of files, and folders can
// depend on each other both ways without any file cycle (a consumer in one folder calls a service
// in the other, whose service imports the first folder's repository), so this looks at folders.
// Each lint process reads the source tree of a project once (imports only, via TypeScript's
// pre-processor) and reports an import that closes a cycle, with the path back.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const SOURCE_ROOT = /^(.*[\\/](?:services|libs)[\\/][^\\/]+[\\/]src)[\\/]/;
const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs'];

/** The project's `src` and the feature folder a file is in; none for files directly in `src`. */
function locate(file) {
  const match = SOURCE_ROOT.exec(file);
  if (!match) return undefined;
  const [first, ...rest] = path.relative(match[1], file).split(path.sep);
  return { root: match[1], feature: rest.length ? first : undefined };
}

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The feature folder a relative import lands in, if any (`../config` is a file of the root). */
function targetFeature(fromFile, specifier, root) {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  const inside = path.relative(root, target);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  const [first, ...rest] = inside.split(path.sep);
  return rest.length || fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ? first : undefined;
}

const graphs = new Map();

/** feature -> feature it imports -> one `file: specifier` that does it (for the message). */
function featureGraph(root) {
  let graph = graphs.get(root);
  if (graph) return graph;
  graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = locate(file)?.feature;
    if (!from) continue;
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const to = targetFeature(file, fileName, root);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from).has(to)) graph.get(from).set(to, `${path.relative(root, file)}: '${fileName}'`);
    }
  }
  graphs.set(root, graph);
  return graph;
}

/** The shortest chain of imports from `start` back to `goal`, or none. */
function pathBack(graph, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const at = queue.shift();
    if (at === goal) {
      const steps = [];
      for (let node = goal; previous.get(node) !== undefined; node = previous.get(node)) steps.unshift(graph.get(previous.get(node)).get(node));
      return steps;
    }
    for (const next of graph.get(at)?.keys() ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const noFeatureCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Feature folders of a project depend on each other one way only.' },
    schema: [],
    messages: {
      cycle:
        "Feature folder '{{from}}' imports '{{to}}', which already depends on '{{from}}' ({{back}}). Move the code to the folder it belongs to, or let the lower folder expose what the higher one needs.",
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const here = locate(file);
    if (!here?.feature) return {};
    const graph = featureGraph(here.root);
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string') return;
      const to = targetFeature(file, specifier, here.root);
      if (!to || to === here.feature) return;
      const back = pathBack(graph, to, here.feature);
      if (back) context.report({ node: node.source, messageId: 'cycle', data: { from: here.feature, to, back: back.join(' -> ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

module.exports = { rules: { 'no-feature-cycles': noFeatureCycles } };
