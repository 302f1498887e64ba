export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `${LABEL_NAME}=${LABEL_VALUE}`;
// Prometheus reads values with Go's ParseFloat, which takes Inf and NaN in any case (prom-client
// writes `Nan`).
const VALUE = '(?:[-+]?(?:\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|\\.\\d+)|[-+]?[iI][nN][fF]|[nN][aA][nN])';
const SAMPLE_LINE = new RegExp(
  `^(?<name>${NAME})(?:\\{(?<labels>(?:${LABEL}(?:,${LABEL})*,?)?)\\})? (?<value>${VALUE})(?: -?\\d+)?$`,
);
const ONE_LABEL = new RegExp(`(?<label>${LABEL_NAME})=(?<quoted>${LABEL_VALUE}),?`, 'gy');
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (?<name>${NAME}) (?<type>counter|gauge|histogram|summary|untyped)$`);
const SUFFIXES: Record<string, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * Reads Prometheus text exposition (format 0.0.4) as a strict scraper does, and fails on what a
 * lenient reader lets by: a malformed line or label, a sample of a family whose TYPE was not
 * declared before it (histograms: only `_bucket`, `_sum`, `_count`), a family declared twice, a
 * series repeated, a histogram bucket without `le`, no final newline. Returns the samples by
 * series name (`http_requests_total`, `http_request_duration_seconds_count`, …).
 * (parse-prometheus-text-format, tried first, drops the labels, sums and counts of histograms.)
 */
export function parseExposition(text: string): Map<string, Sample[]> {
  if (!text.endsWith('\n')) throw new Error('exposition does not end with a newline');
  const types = new Map<string, string>();
  const series = new Map<string, Sample[]>();
  const seen = new Set<string>();
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${i + 1}: ${line}`;
    const type = TYPE_LINE.exec(line)?.groups;
    if (type) {
      if (types.has(type.name!)) throw new Error(`family declared twice, ${where}`);
      types.set(type.name!, type.type!);
      continue;
    }
    // Blank lines are allowed between families; other comments are ignored by scrapers.
    if (line === '' || HELP_LINE.test(line)) continue;
    const sample = SAMPLE_LINE.exec(line)?.groups;
    if (!sample) throw new Error(`not a valid exposition line, ${where}`);
    const name = sample.name!;
    const labelText = sample.labels ?? '';
    const family = [...types].find(([f, t]) => SUFFIXES[t]!.some((suffix) => `${f}${suffix}` === name));
    if (!family) throw new Error(`sample of an undeclared family, ${where}`);
    const labels: Record<string, string> = {};
    ONE_LABEL.lastIndex = 0;
    for (let m = ONE_LABEL.exec(labelText)?.groups; m; m = ONE_LABEL.exec(labelText)?.groups) {
      if (m.label! in labels) throw new Error(`label ${m.label} repeated, ${where}`);
      labels[m.label!] = m
        .quoted!.slice(1, -1)
        .replace(/\\n/g, '\n')
        .replace(/\\(["\\])/g, '$1');
    }
    if (family[1] === 'histogram' && name.endsWith('_bucket') && !('le' in labels))
      throw new Error(`histogram bucket without le, ${where}`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`series repeated, ${where}`);
    seen.add(key);
    series.set(name, [...(series.get(name) ?? []), { labels, value: Number(sample.value) }]);
  }
  return series;
}

/** The value of the series with exactly these labels, or undefined if the scrape has none. */
export function valueOf(
  series: Map<string, Sample[]>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return series.get(name)?.find((s) => JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}
