/** What an injected fault does to a request. */
export type FaultKind = {
  /** Answer with this status and a Webex error body instead of handling the request. */
  status?: number;
  /** Seconds, sent as `Retry-After` (only with `status`). */
  retryAfter?: number;
  /** Wait this long first; alone, the request is then handled normally (a slow answer). */
  delayMs?: number;
  /** Destroy the socket without answering (a connection reset). */
  drop?: boolean;
};

export type FaultRule = FaultKind & {
  /** HTTP method, any case; all methods when absent. */
  method?: string;
  /** Pathname after `/v1`: a string matches that path and everything below it; a RegExp is tested. */
  path?: string | RegExp;
  /**
   * How many matching requests get it; default 1, or no limit with `every` (until `clear()`).
   * With `every`, the faults given are counted, not the requests seen.
   */
  times?: number;
  /**
   * Only every n-th matching request gets it (the n-th, 2n-th, …), counted from the rule's
   * injection, retries included, as a rate limiter counts; the others go on to later rules (or
   * random faults) as if this rule were not there. A whole number ≥ 1; absent: each matching request.
   */
  every?: number;
  /** Only requests made with this kind of credential (as the request log names it); any when absent. */
  auth?: "bot" | "admin" | "service-app";
};

export type RandomFaults = {
  /** Probability, 0..1, that a request gets a fault. */
  rate: number;
  /** Drawn uniformly for each faulted request. */
  kinds: FaultKind[];
  /** Seed for a private PRNG, so a soak run repeats; the emulator's `random` when absent. */
  seed?: number;
};

/** The fault controls tests use (`emulator.faults`). */
export type Faults = {
  /**
   * The next matching request(s) get this fault (or every n-th, with `every`). Rules are tried in
   * the order given; the first that takes a request answers it.
   */
  inject(rule: FaultRule): void;
  /** Every request from now on gets a fault with probability `rate` (replaces earlier settings). */
  random(config: RandomFaults): void;
  /** Injected fault counts by label, e.g. `{ "429 retry-after=0": 3, drop: 1 }`. */
  stats(): Record<string, number>;
  /** Drops pending rules and random faults, and zeroes the stats. */
  clear(): void;
};

export function faultLabel(kind: FaultKind): string {
  const parts: string[] = [];
  if (kind.delayMs !== undefined) parts.push(`delay ${kind.delayMs}ms`);
  if (kind.drop) parts.push("drop");
  else if (kind.status !== undefined) {
    parts.push(
      kind.retryAfter === undefined ? String(kind.status) : `${kind.status} retry-after=${kind.retryAfter}`,
    );
  }
  return parts.join(" + ") || "none";
}

/** mulberry32: tiny, seedable, good enough to pick faults reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function matches(rule: FaultRule, method: string, path: string, auth: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.auth && rule.auth !== auth) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === "string") {
    const prefix = rule.path.endsWith("/") ? rule.path : `${rule.path}/`;
    return path === rule.path || path.startsWith(prefix);
  }
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

export function createFaultInjector(defaultRandom: () => number) {
  /** `seen`: matching requests counted so far by a rule with `every`. */
  const rules: { rule: FaultRule; left: number; seen: number }[] = [];
  let randomConfig: { rate: number; kinds: FaultKind[]; draw: () => number } | undefined;
  let counts: Record<string, number> = {};

  const faults: Faults = {
    inject(rule) {
      if (rule.every !== undefined && !(Number.isInteger(rule.every) && rule.every >= 1))
        throw new RangeError("faults.inject: every must be a whole number ≥ 1");
      const left = rule.times ?? (rule.every === undefined ? 1 : Number.POSITIVE_INFINITY);
      rules.push({ rule, left, seen: 0 });
    },
    random(config) {
      if (config.rate < 0 || config.rate > 1) throw new RangeError("faults.random: rate must be within 0..1");
      if (config.kinds.length === 0) throw new RangeError("faults.random: kinds must not be empty");
      const draw = config.seed === undefined ? defaultRandom : seededRandom(config.seed);
      randomConfig = { rate: config.rate, kinds: [...config.kinds], draw };
    },
    stats: () => ({ ...counts }),
    clear() {
      rules.length = 0;
      randomConfig = undefined;
      counts = {};
    },
  };

  /** The fault for this request, if any; consumes one use of a matching rule. */
  function take(method: string, path: string, auth: string): { kind: FaultKind; label: string } | undefined {
    let kind: FaultKind | undefined;
    // A rule with `every` counts each matching request it sees and takes only every n-th.
    const index = rules.findIndex((entry) => {
      if (!matches(entry.rule, method, path, auth)) return false;
      if (entry.rule.every === undefined) return true;
      entry.seen += 1;
      return entry.seen % entry.rule.every === 0;
    });
    const entry = rules[index];
    if (entry) {
      entry.left -= 1;
      if (entry.left <= 0) rules.splice(index, 1);
      const { status, retryAfter, delayMs, drop } = entry.rule;
      kind = { status, retryAfter, delayMs, drop };
    } else if (randomConfig && randomConfig.draw() < randomConfig.rate) {
      const pick = Math.min(
        Math.floor(randomConfig.draw() * randomConfig.kinds.length),
        randomConfig.kinds.length - 1,
      );
      kind = randomConfig.kinds[pick];
    }
    if (!kind) return undefined;
    const label = faultLabel(kind);
    counts[label] = (counts[label] ?? 0) + 1;
    return { kind, label };
  }

  return { faults, take };
}
