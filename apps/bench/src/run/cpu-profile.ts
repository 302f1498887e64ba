import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  /** An npm package, a folder of this repo (`plugins/grid`), `node:<module>`, or V8's own (`(garbage collector)`). */
  owner: string;
  ms: number;
  /** Of the process's busy time (idle left out), 0–1. */
  share: number;
}

/**
 * Where a process spent its CPU, by who owns the code that was running (self time): the first
 * question when the product is slower than the baseline, before opening the profile in DevTools.
 */
export function cpuByOwner(profile: CpuProfile, top = 12): { busyMs: number; owners: CpuShare[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const micros = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const spent = profile.timeDeltas[i] ?? 0;
    busy += spent;
    const owner = ownerOf(frame);
    micros.set(owner, (micros.get(owner) ?? 0) + spent);
  });
  const owners = [...micros]
    .map(([owner, us]) => ({ owner, ms: us / 1000, share: busy ? us / busy : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  return { busyMs: busy / 1000, owners };
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** `…/node_modules/@nestjs/core/…` → `@nestjs/core`; `…/dist/plugins/grid/src/…` → `plugins/grid`. */
function ownerOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/dist\/((?:apps|libs|plugins|examples)\/[^/]+)\//.exec(url);
  if (ours) return ours[1]!;
  if (url.startsWith('node:'))
    return url
      .split('/')
      .slice(0, url.startsWith('node:internal/') ? 2 : 1)
      .join('/');
  // Native code and V8's own work have no URL: writev, (garbage collector), (program).
  return url || functionName || '(unknown)';
}

/** A few lines for the console and the results folder. */
export function renderCpuShares(name: string, summary: { busyMs: number; owners: CpuShare[] }): string {
  const lines = summary.owners.map(
    (o) => `  ${(o.share * 100).toFixed(1).padStart(5)} %  ${o.ms.toFixed(0).padStart(7)} ms  ${o.owner}`,
  );
  return [`${name}: ${(summary.busyMs / 1000).toFixed(1)} s of CPU, by whose code ran (self time)`, ...lines].join(
    '\n',
  );
}
