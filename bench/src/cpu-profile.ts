/**
 * A V8 CPU profile (node --cpu-prof) summarised as the functions with the most self time:
 * enough to say what bounds the server under a workload.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * A stretch of the profile, in microseconds of the monotonic clock V8 stamps samples with (the
 * same as process.hrtime in any process on the machine): the load, without the start-up.
 */
export interface Window {
  readonly from: number;
  readonly to: number;
}

/** Self time per profile node, in microseconds, counting only samples inside the window. */
function selfTimes(
  profile: CpuProfile,
  window?: Window,
): { times: Map<number, number>; total: number } {
  const times = new Map<number, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window !== undefined && (at < window.from || at > window.to)) return;
    times.set(nodeId, (times.get(nodeId) ?? 0) + delta);
    total += delta;
  });
  return { times, total };
}

export interface HotSpot {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

/** Self time per function (name + place), largest first. */
export function hotSpots(profile: CpuProfile, root: string, top = 15, window?: Window): HotSpot[] {
  const byNode = new Map<number, string>();
  const where = new Map<string, { name: string; where: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    // Our TypeScript runs compiled by tsx, without source maps: its line numbers mean nothing.
    const place =
      url === ''
        ? name.startsWith('(')
          ? ''
          : 'native'
        : url.startsWith('file:')
          ? shortUrl(url, root)
          : `${url}:${lineNumber + 1}`;
    const key = `${name}@${place}`;
    byNode.set(node.id, key);
    where.set(key, { name, where: place });
  }
  const self = new Map<string, number>();
  const { times, total } = selfTimes(profile, window);
  for (const [nodeId, micros] of times) {
    const key = byNode.get(nodeId);
    if (key !== undefined) self.set(key, (self.get(key) ?? 0) + micros);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => ({
      ...where.get(key)!,
      selfMs: micros / 1000,
      share: total > 0 ? micros / total : 0,
    }));
}

/** Share of samples by where the code lives: our packages, node's internals, dependencies. */
export function shareByArea(
  profile: CpuProfile,
  root: string,
  window?: Window,
): Map<string, number> {
  const area = new Map<number, string>();
  for (const node of profile.nodes) area.set(node.id, areaOf(node.callFrame, root));
  const totals = new Map<string, number>();
  const { times, total } = selfTimes(profile, window);
  for (const [nodeId, micros] of times) {
    const name = area.get(nodeId) ?? 'other';
    totals.set(name, (totals.get(name) ?? 0) + micros);
  }
  return new Map([...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / total]));
}

function areaOf(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const { url, functionName } = frame;
  if (url === '') {
    // Native code: file and socket bindings (read, writeBuffer, open), V8 built-ins.
    return functionName.startsWith('(') ? functionName : 'native (I/O bindings, built-ins)';
  }
  if (url.startsWith('node:')) return 'node: internals';
  const path = shortUrl(url, root);
  if (path.includes('node_modules/')) {
    const parts = path.split('node_modules/').pop()!.split('/');
    return `dependency ${parts.slice(0, parts[0]!.startsWith('@') ? 2 : 1).join('/')}`;
  }
  return path.split('/').slice(0, 2).join('/');
}

function shortUrl(url: string, root: string): string {
  if (!url.startsWith('file://')) return url;
  try {
    return relative(root, fileURLToPath(url.split('?')[0]!));
  } catch {
    return url;
  }
}
