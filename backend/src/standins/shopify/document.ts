/**
 * Just enough GraphQL for the Shopify stand-in (the `graphql` package is not installed):
 * the operation type and name, the root field, and the root field's arguments. Arguments
 * must be variables (`product: $product`) or scalar/enum literals (`first: 5`); inline input
 * objects and lists are refused, so clients must pass every input through `variables`.
 * The selection set is not read: the stand-in answers a fixed, complete shape per field.
 */

export type ArgValue = { kind: 'var'; name: string } | { kind: 'literal'; value: unknown };

export interface ParsedOperation {
  type: 'query' | 'mutation';
  name: string | null;
  rootField: string;
  args: Record<string, ArgValue>;
  declaredVariables: Set<string>;
}

export class DocumentError extends Error {}

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;

export function parseOperation(source: string): ParsedOperation {
  const text = source.replace(/#[^\n]*/g, ' ');
  const header = /^\s*(query|mutation|subscription)?\s*([_A-Za-z][_0-9A-Za-z]*)?\s*/y;
  const m = header.exec(text);
  const type = (m?.[1] ?? 'query') as string;
  if (type === 'subscription') throw new DocumentError('Subscriptions are not supported');
  let pos = header.lastIndex;
  const declaredVariables = new Set<string>();
  if (text[pos] === '(') {
    const end = matching(text, pos);
    for (const v of text.slice(pos, end).matchAll(/\$([_A-Za-z][_0-9A-Za-z]*)\s*:/g)) declaredVariables.add(v[1]);
    pos = end + 1;
  }
  pos = skipWs(text, pos);
  if (text[pos] !== '{') throw new DocumentError(`syntax error, unexpected ${text[pos] ? JSON.stringify(text[pos]) : 'end of file'}`);
  pos = skipWs(text, pos + 1);
  let rootField = readName(text, pos);
  pos = skipWs(text, pos + rootField.length);
  if (text[pos] === ':') {
    // alias: the real field name follows
    pos = skipWs(text, pos + 1);
    rootField = readName(text, pos);
    pos = skipWs(text, pos + rootField.length);
  }
  const args: Record<string, ArgValue> = {};
  if (text[pos] === '(') {
    const end = matching(text, pos);
    parseArgs(text.slice(pos + 1, end), args);
  }
  for (const a of Object.values(args)) {
    if (a.kind === 'var' && !declaredVariables.has(a.name)) throw new DocumentError(`Variable $${a.name} is used by ${rootField} but not declared`);
  }
  return { type: type as 'query' | 'mutation', name: m?.[2] ?? null, rootField, args, declaredVariables };
}

/** Resolve the root field's arguments against the request's variables. */
export function resolveArgs(op: ParsedOperation, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(op.args)) out[k] = a.kind === 'var' ? (variables[a.name] ?? null) : a.value;
  return out;
}

function parseArgs(src: string, out: Record<string, ArgValue>): void {
  let pos = 0;
  for (;;) {
    pos = skipWs(src, pos, true);
    if (pos >= src.length) return;
    const name = readName(src, pos);
    pos = skipWs(src, pos + name.length);
    if (src[pos] !== ':') throw new DocumentError(`syntax error in arguments near ${JSON.stringify(src.slice(pos, pos + 10))}`);
    pos = skipWs(src, pos + 1);
    const ch = src[pos];
    if (ch === '$') {
      const v = readName(src, pos + 1);
      out[name] = { kind: 'var', name: v };
      pos += 1 + v.length;
    } else if (ch === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = pos;
      const s = end.exec(src);
      if (!s) throw new DocumentError('unterminated string');
      out[name] = { kind: 'literal', value: JSON.parse(s[0]) };
      pos = end.lastIndex;
    } else if (ch === '{' || ch === '[') {
      throw new DocumentError(`Argument '${name}': inline input values are not supported by the stand-in; pass them in variables`);
    } else {
      const tok = /-?\d+(?:\.\d+)?|[_A-Za-z][_0-9A-Za-z]*/y;
      tok.lastIndex = pos;
      const t = tok.exec(src);
      if (!t) throw new DocumentError(`syntax error in argument '${name}'`);
      const raw = t[0];
      out[name] = { kind: 'literal', value: /^-?\d/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : raw };
      pos = tok.lastIndex;
    }
  }
}

function readName(text: string, pos: number): string {
  NAME.lastIndex = pos;
  const m = NAME.exec(text);
  if (!m) throw new DocumentError(`syntax error, expected a name near ${JSON.stringify(text.slice(pos, pos + 10))}`);
  return m[0];
}

function skipWs(text: string, pos: number, commas = false): number {
  while (pos < text.length && (/\s/.test(text[pos]) || (commas && text[pos] === ','))) pos++;
  return pos;
}

/** Index of the bracket closing the one at `open`, skipping strings. */
function matching(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new DocumentError('syntax error, unexpected end of file');
}

/**
 * Requested cost in the spirit of Shopify's calculation: a mutation costs 10, a query 1,
 * plus every connection `first: N` costs 2 + N (each node at least one object).
 */
export function estimateCost(source: string, op: ParsedOperation, variables: Record<string, unknown>): number {
  let cost = op.type === 'mutation' ? 10 : 1;
  for (const m of source.matchAll(/\bfirst\s*:\s*(\$?[_0-9A-Za-z]+)/g)) {
    const raw = m[1].startsWith('$') ? variables[m[1].slice(1)] : m[1];
    const n = Number(raw);
    if (Number.isFinite(n) && n > 0) cost += 2 + n;
  }
  return cost;
}

/** Shopify's cost bucket: holds up to `maximumAvailable` points, refills at `restoreRate`/s. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = now();
  }

  get currentlyAvailable(): number {
    const t = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((t - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = t;
    return Math.floor(this.available);
  }

  tryTake(cost: number): boolean {
    if (cost > this.currentlyAvailable) return false;
    this.available -= cost;
    return true;
  }

  drainTo(points: number): void {
    void this.currentlyAvailable;
    this.available = Math.max(0, Math.min(this.maximumAvailable, points));
  }

  status(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: this.currentlyAvailable, restoreRate: this.restoreRate };
  }
}
