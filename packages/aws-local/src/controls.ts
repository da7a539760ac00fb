import { ActionCounts } from './actionCounts';
import type {
  FaultKind,
  FaultSpec,
  Latency,
  StandInService,
  StandInStats,
} from './types';

const FAULT_KINDS: FaultKind[] = [
  'throttle',
  'accessDenied',
  'serverError',
  'unavailable',
  'timeout',
  'expireCredentials',
];

/** Counts calls per service and action. */
export class CallCounter {
  private readonly counts = {
    sts: new ActionCounts(),
    sagemaker: new ActionCounts(),
  };
  private total = 0;

  record(service: StandInService, action: string): void {
    this.counts[service].add(action);
    this.total += 1;
  }

  snapshot(): StandInStats {
    return {
      sts: this.counts.sts.toRecord(),
      sagemaker: this.counts.sagemaker.toRecord(),
      total: this.total,
    };
  }

  reset(): void {
    this.counts.sts.clear();
    this.counts.sagemaker.clear();
    this.total = 0;
  }
}

/** Injected faults, consumed in the order they were injected. */
export class FaultBook {
  private faults: Array<FaultSpec & { remaining: number }> = [];

  inject(fault: FaultSpec): void {
    this.faults.push({
      ...validateFault(fault),
      remaining: fault.times ?? Infinity,
    });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that affects this call, if any, counting it against `times`. */
  take(service: StandInService, action: string): FaultSpec | undefined {
    const fault = this.faults.find(
      f =>
        f.service === service &&
        (f.action === undefined || f.action === action) &&
        f.remaining > 0,
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter(f => f.remaining > 0);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }
}

export function validateFault(value: unknown): FaultSpec {
  const f = value as Partial<FaultSpec> | null;
  if (!f || typeof f !== 'object')
    throw new TypeError('fault must be an object');
  if (f.service !== 'sts' && f.service !== 'sagemaker') {
    throw new TypeError(`fault.service must be 'sts' or 'sagemaker'`);
  }
  if (!FAULT_KINDS.includes(f.kind as FaultKind)) {
    throw new TypeError(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  if (f.action !== undefined && typeof f.action !== 'string') {
    throw new TypeError('fault.action must be a string');
  }
  if (f.times !== undefined && !(Number.isInteger(f.times) && f.times > 0)) {
    throw new TypeError('fault.times must be a positive integer');
  }
  if (
    f.delayMs !== undefined &&
    !(Number.isFinite(f.delayMs) && f.delayMs >= 0)
  ) {
    throw new TypeError('fault.delayMs must be a non-negative number');
  }
  return {
    service: f.service,
    kind: f.kind as FaultKind,
    ...(f.action !== undefined && { action: f.action }),
    ...(f.times !== undefined && { times: f.times }),
    ...(f.delayMs !== undefined && { delayMs: f.delayMs }),
  };
}

export function validateLatency(value: unknown): Latency {
  const l = value as Latency | null;
  if (!l || typeof l !== 'object')
    throw new TypeError('latency must be an object');
  const out: Latency = {};
  for (const key of ['sts', 'sagemaker'] as const) {
    const ms = l[key];
    if (ms === undefined) continue;
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
      throw new TypeError(`latency.${key} must be a non-negative number`);
    }
    out[key] = ms;
  }
  return out;
}
