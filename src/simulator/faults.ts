/**
 * Fault injection. Each decision is a pure function of (seed, request
 * counter, fault), so a run with the same requests fails the same way.
 * Faults change responses only; `drift` and `expire` act on the world the
 * way real events would (a new play, an expired token).
 */
import { unit } from './prng.ts';

export const FAULT_NAMES = [
  'http5xx',
  'reset',
  'slow',
  'truncate',
  'html',
  'html429',
  'json429',
  'dupes',
  'drift',
  'expire',
  'unknownField',
  'missingField',
  '420',
  '423',
  '426',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultConfig {
  rate?: number;
  burst?: number;
  max?: number;
  afterRequests?: number;
  ms?: number;
}
export type FaultSpec = Partial<Record<FaultName, number | FaultConfig>>;

interface Resolved {
  rate: number;
  burst: number;
  max: number;
  afterRequests: number;
  ms: number;
}

/** What a bare name means. */
const DEFAULTS: Record<FaultName, Resolved> = {
  http5xx: { rate: 0.05, burst: 2, max: Infinity, afterRequests: 0, ms: 0 },
  reset: { rate: 0.03, burst: 1, max: Infinity, afterRequests: 0, ms: 0 },
  slow: { rate: 0.02, burst: 1, max: Infinity, afterRequests: 0, ms: 35_000 },
  truncate: { rate: 0.03, burst: 1, max: Infinity, afterRequests: 0, ms: 0 },
  html: { rate: 0.03, burst: 1, max: Infinity, afterRequests: 0, ms: 0 },
  // docs/trakt-api.md §2: Cloudflare's 1015 page comes with Retry-After: 300 (#909, #922).
  html429: { rate: 0.01, burst: 1, max: Infinity, afterRequests: 0, ms: 300_000 },
  json429: { rate: 0.02, burst: 1, max: Infinity, afterRequests: 0, ms: 10_000 },
  dupes: { rate: 1, burst: 1, max: Infinity, afterRequests: 0, ms: 0 },
  drift: { rate: 0.5, burst: 1, max: 3, afterRequests: 0, ms: 0 },
  expire: { rate: 0, burst: 1, max: 1, afterRequests: 50, ms: 0 },
  unknownField: { rate: 1, burst: 1, max: Infinity, afterRequests: 0, ms: 0 },
  missingField: { rate: 1, burst: 1, max: 1, afterRequests: 0, ms: 0 },
  '420': { rate: 1, burst: 1, max: 1, afterRequests: 0, ms: 0 },
  '423': { rate: 1, burst: 1, max: 1, afterRequests: 0, ms: 0 },
  '426': { rate: 1, burst: 1, max: 1, afterRequests: 0, ms: 0 },
};

/** `all`: every transient fault, at rates a careful exporter must survive in one backup. */
export const ALL_FAULTS: FaultSpec = {
  http5xx: { rate: 0.02, burst: 2 },
  reset: 0.01,
  slow: 0.005,
  truncate: 0.01,
  html: 0.01,
  html429: { rate: 0.003, ms: 2_000 },
  dupes: 0.5,
  drift: { rate: 0.2, max: 3 },
  expire: { afterRequests: 150, max: 1 },
};

function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/**
 * The CLI form: `http5xx,reset,dupes`, `http5xx=0.05,slow=0.02`, options
 * after colons (`slow=0.1:ms=500`, `http5xx:burst=3`, `expire:afterRequests=20`),
 * or `all`.
 */
export function parseFaults(list: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const raw of list.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    if (part === 'all') {
      Object.assign(spec, ALL_FAULTS);
      continue;
    }
    const [head = '', ...options] = part.split(':');
    const [name = '', rateText] = head.split('=');
    if (!isFaultName(name)) {
      throw new Error(`unknown fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}, all`);
    }
    const config: FaultConfig = {};
    if (rateText !== undefined) config.rate = numberIn(rateText, `${name} rate`, 0, 1);
    for (const option of options) {
      const [key = '', value = ''] = option.split('=');
      if (key !== 'burst' && key !== 'max' && key !== 'afterRequests' && key !== 'ms') {
        throw new Error(`unknown option "${key}" for fault ${name}; use burst, max, afterRequests or ms`);
      }
      config[key] = numberIn(value, `${name} ${key}`, 0, Number.MAX_SAFE_INTEGER);
    }
    spec[name] = config;
  }
  return spec;
}

function numberIn(text: string, what: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) {
    throw new Error(`${what} must be a number from ${lo} to ${hi}, not "${text}"`);
  }
  return n;
}

export function validateFaults(spec: unknown): FaultSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new Error('faults must be an object');
  for (const [name, value] of Object.entries(spec)) {
    if (!isFaultName(name))
      throw new Error(`unknown fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
    if (typeof value !== 'number' && (value === null || typeof value !== 'object')) {
      throw new Error(`fault ${name} must be a rate or an options object`);
    }
  }
  return spec as FaultSpec;
}

export class FaultEngine {
  private resolved = new Map<FaultName, Resolved>();
  private fired = new Map<FaultName, number>();
  /** Requests seen since the faults were last set (drives `expire`). */
  requests = 0;
  /** URL -> failures left in the current 5xx burst. */
  readonly bursts = new Map<string, number>();
  /** Until when (clock ms) the Cloudflare ban of html429 lasts. */
  bannedUntil = 0;

  constructor(
    private readonly seed: number,
    spec: FaultSpec = {},
  ) {
    this.set(spec);
  }

  set(spec: FaultSpec): void {
    this.resolved = new Map();
    this.fired = new Map();
    this.bursts.clear();
    this.bannedUntil = 0;
    this.requests = 0;
    for (const [name, value] of Object.entries(spec) as [FaultName, number | FaultConfig][]) {
      const base = DEFAULTS[name];
      const config = typeof value === 'number' ? { rate: value } : value;
      this.resolved.set(name, {
        rate: config.rate ?? base.rate,
        burst: config.burst ?? base.burst,
        max: config.max ?? base.max,
        afterRequests: config.afterRequests ?? base.afterRequests,
        ms: config.ms ?? base.ms,
      });
    }
  }

  active(name: FaultName): Resolved | undefined {
    return this.resolved.get(name);
  }

  /** Whether `name` fires on request `counter`, honouring its rate and max; counts the firing. */
  roll(name: FaultName, counter: number): boolean {
    const f = this.resolved.get(name);
    if (!f) return false;
    const fired = this.fired.get(name) ?? 0;
    if (fired >= f.max) return false;
    if (unit(this.seed, counter, FAULT_NAMES.indexOf(name)) >= f.rate) return false;
    this.fired.set(name, fired + 1);
    return true;
  }

  /** `expire`: fires once the request count passes afterRequests (or by rate), up to max times. */
  rollExpire(counter: number): boolean {
    const f = this.resolved.get('expire');
    if (!f) return false;
    const fired = this.fired.get('expire') ?? 0;
    if (fired >= f.max) return false;
    const due = f.afterRequests > 0 && this.requests > f.afterRequests * (fired + 1);
    if (!due && !(f.rate > 0 && unit(this.seed, counter, 99) < f.rate)) return false;
    this.fired.set('expire', fired + 1);
    return true;
  }

  /** A seed for per-request choices (which status, which item, tie order). */
  choice(counter: number, salt: number): number {
    return unit(this.seed, counter, 1000 + salt);
  }
}
