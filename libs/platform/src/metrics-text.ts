/** One sample of Prometheus's text exposition format: `name{label="value",...} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseValue(text: string): number {
  // Go's parser takes these in any case (prom-client writes NaN as `Nan`).
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

/** Reads `{a="1",b="x\"y"}` from `line` at `start`; returns the labels and where the block ends. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = NAME.exec(line.slice(i))?.[0];
    if (!name || line[i + name.length] !== '=' || line[i + name.length + 1] !== '"') throw new Error(`malformed labels in: ${line}`);
    i += name.length + 2;
    let value = '';
    for (; i < line.length && line[i] !== '"'; i++) {
      if (line[i] === '\\') {
        i++;
        value += line[i] === 'n' ? '\n' : line[i];
      } else value += line[i];
    }
    if (i >= line.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i++;
  }
}

/**
 * Parses Prometheus's text format (version 0.0.4) into samples; comments (`# HELP`, `# TYPE`)
 * are skipped. Throws on a line it cannot read, so a broken exposition fails loudly.
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`malformed sample: ${line}`);
    let rest = name.length;
    let labels: Record<string, string> = {};
    if (line[rest] === '{') ({ labels, end: rest } = parseLabels(line, rest));
    const [value] = line.slice(rest).trim().split(/\s+/);
    samples.push({ name, labels, value: parseValue(value) });
  }
  return samples;
}

/** The samples named `name` whose labels include `labels`. */
export function findSamples(samples: MetricSample[], name: string, labels: Record<string, string> = {}): MetricSample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function sumSamples(samples: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return findSamples(samples, name, labels).reduce((sum, s) => sum + s.value, 0);
}
