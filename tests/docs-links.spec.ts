import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The documentation a clone carries must stand on its own: every relative link in a markdown file
 * reaches a file of the repository (and, into a markdown file, a heading it has), and nothing
 * points into the sibling `shared` folder that only the developers' machines have.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Never part of the documentation: dependencies, build output, local data. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.data', 'coverage', 'bench-results', '.bench']);

function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.isFile()) found.push(path.join(dir, entry.name));
    }
  };
  walk(root);
  return found.sort();
}

/** Blanks out what is not prose (fenced code, inline code, HTML comments), keeping line numbers. */
function prose(markdown: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
}

/** GitHub's anchor for a heading: lower case, punctuation and symbols dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a markdown file offers: its headings (repeats get -1, -2, …) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, '');
  for (const match of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    const slug = headingSlug(match[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const match of text.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/** Inline links and images, and reference definitions, outside code. */
function linksOf(markdown: string): Link[] {
  const text = prose(markdown);
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const links: Link[] = [];
  for (const match of text.matchAll(/\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g))
    links.push({ line: lineAt(match.index), target: match[1]!.replace(/^<|>$/g, '') });
  for (const match of text.matchAll(/^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm))
    links.push({ line: lineAt(match.index), target: match[1]!.replace(/^<|>$/g, '') });
  return links;
}

/** Every relative link of every markdown file under `root` that leads nowhere, as `file:line target: why`. */
function brokenLinks(root: string): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (file: string) => {
    let anchors = anchorCache.get(file);
    if (!anchors) anchorCache.set(file, (anchors = anchorsOf(readFileSync(file, 'utf8'))));
    return anchors;
  };
  for (const file of filesUnder(root).filter((f) => f.endsWith('.md'))) {
    const where = path.relative(root, file);
    for (const { line, target } of linksOf(readFileSync(file, 'utf8'))) {
      // Other sites (https:, mailto:, …) are not this test's business.
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const hash = target.indexOf('#');
      const rawPath = hash < 0 ? target : target.slice(0, hash);
      const fragment = hash < 0 ? '' : target.slice(hash + 1);
      let linkPath: string;
      let anchor: string;
      try {
        linkPath = decodeURIComponent(rawPath);
        anchor = decodeURIComponent(fragment);
      } catch {
        problems.push(`${where}:${line} ${target}: not a valid link`);
        continue;
      }
      const resolved = !linkPath
        ? file
        : path.resolve(linkPath.startsWith('/') ? root : path.dirname(file), linkPath.replace(/^\/+/, ''));
      const inside = path.relative(root, resolved);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        problems.push(`${where}:${line} ${target}: leaves the repository`);
        continue;
      }
      let isFile: boolean;
      try {
        isFile = statSync(resolved).isFile();
      } catch {
        problems.push(`${where}:${line} ${target}: no such file`);
        continue;
      }
      if (anchor && isFile && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor))
        problems.push(`${where}:${line} ${target}: no heading #${anchor} in ${path.relative(root, resolved)}`);
    }
  }
  return problems;
}

/**
 * Every mention, in any text file under `root`, of the `shared` folder beside the repository: a
 * relative path climbing out of the repository into it, or its docs and seeds by name.
 */
function referencesOutside(root: string): string[] {
  const problems: string[] = [];
  for (const file of filesUnder(root)) {
    const bytes = readFileSync(file);
    if (bytes.subarray(0, 8000).includes(0)) continue; // binary
    const text = bytes.toString('utf8');
    const where = path.relative(root, file);
    const lineAt = (index: number) => text.slice(0, index).split('\n').length;
    for (const match of text.matchAll(/(?:\.\.\/)+shared\b/g)) {
      const resolved = path.resolve(path.dirname(file), match[0]);
      const inside = path.relative(root, resolved);
      if (inside.startsWith('..') || path.isAbsolute(inside))
        problems.push(`${where}:${lineAt(match.index)} ${match[0]}: outside the repository`);
    }
    for (const match of text.matchAll(/\bshared\/(?:docs|seeds)\//g))
      problems.push(`${where}:${lineAt(match.index)} ${match[0]}: the developers' shared folder, not in a clone`);
  }
  return problems;
}

describe('the checks themselves', () => {
  // Spelt in pieces, so this file does not refer to the folder itself.
  const SHARED = 'shared';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tongxin-docs-links-'));
    mkdirSync(path.join(dir, 'docs'));
    mkdirSync(path.join(dir, 'src', 'shared'), { recursive: true });
    writeFileSync(
      path.join(dir, 'docs', 'domain.md'),
      '# The domain\n\n## 网格 Grid management (全科网格, 有呼必应)\n\n## Notes\n\n## Notes\n\n### `plugins/grid`: cases\n',
    );
    writeFileSync(
      path.join(dir, 'README.md'),
      [
        'See [the domain](docs/domain.md#网格-grid-management-全科网格-有呼必应) and [again](docs/domain.md#notes-1),',
        '[cases](docs/domain.md#pluginsgrid-cases), [top](#readme), [docs](docs/), [site](https://example.org/x).',
        `Broken: [gone](docs/architecture.md), [no heading](docs/domain.md#notes-2), [out](../${SHARED}/docs/domain.md).`,
        '`[code](nowhere.md)` is not a link.',
        '```',
        '[fenced](nowhere.md)',
        '```',
        '[ref]: docs/missing.md',
        '<a name="readme"></a>',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'src', 'shared', 'feature.ts'),
      `export const x = 1; // '../${SHARED}' is fine here\n`,
    );
    writeFileSync(
      path.join(dir, 'src', 'profiles.ts'),
      `import { x } from './shared/feature';\n// sizes from ../../${SHARED}/docs/domain.md\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds exactly the links that lead nowhere, ignoring code and other sites', () => {
    expect(brokenLinks(dir)).toEqual([
      'README.md:3 docs/architecture.md: no such file',
      'README.md:3 docs/domain.md#notes-2: no heading #notes-2 in docs/domain.md',
      `README.md:3 ../${SHARED}/docs/domain.md: leaves the repository`,
      'README.md:8 docs/missing.md: no such file',
    ]);
  });

  it('finds references to the shared folder beside the repository, not to folders named shared inside it', () => {
    expect(referencesOutside(dir)).toEqual([
      `README.md:3 ../${SHARED}: outside the repository`,
      `README.md:3 ${SHARED}/docs/: the developers' shared folder, not in a clone`,
      `src/profiles.ts:2 ../../${SHARED}: outside the repository`,
      `src/profiles.ts:2 ${SHARED}/docs/: the developers' shared folder, not in a clone`,
    ]);
  });
});

describe('the repository’s documentation', () => {
  it('has no relative link in any markdown file to a file or heading that does not exist', () => {
    expect(brokenLinks(REPO_ROOT)).toEqual([]);
  });

  it('points nowhere outside the repository: no file refers to the shared folder beside it', () => {
    expect(referencesOutside(REPO_ROOT)).toEqual([]);
  });

  it('has its own architecture and domain documents, linked from the README', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const doc of ['docs/architecture.md', 'docs/domain.md']) {
      expect(statSync(path.join(REPO_ROOT, doc)).isFile()).toBe(true);
      expect(linksOf(readme).map((l) => l.target)).toContain(doc);
    }
  });
});
