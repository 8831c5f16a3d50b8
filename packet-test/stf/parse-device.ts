// STF commands on the device's ports and on action selector groups (p4ts extensions, docs/stf.md
// "Ports" and "Action profiles and selectors"), named after BF Runtime's `$PORT`, `$PORT_STAT`
// and selector tables, Tofino 2's `ghost run` (docs/stf.md, "Ghost thread"), and `refuse
// COMMAND…`, which expects one of them to be refused.
// parse.ts hands every line to `parseDeviceCommand` before its own commands.

import type { StfCompare } from './commands.js';
import { compareOp, StfSyntaxError, Tokens, tokenize } from './tokens.js';

/** `NAME:VALUE` with VALUE a number, a word (an enumerated value, true/false) or a list `A,B,…`. */
export interface StfSetting {
  readonly name: string;
  readonly values: readonly string[];
}

export type StfDeviceCommandBody =
  | { readonly cmd: 'port_add' | 'port_mod'; readonly port: number; readonly settings: readonly StfSetting[] }
  | { readonly cmd: 'port_del' | 'port_stat_clear'; readonly port: number | 'all' }
  | {
      readonly cmd: 'check_port' | 'check_port_stat';
      readonly port: number;
      readonly field: string;
      readonly op: StfCompare;
      readonly value: string;
    }
  | { readonly cmd: 'port_status_notify'; readonly enable: boolean }
  | { readonly cmd: 'check_port_status'; readonly port: number; readonly up: boolean }
  | {
      readonly cmd: 'selector_group' | 'check_selector_group';
      readonly selector: string;
      readonly group: number;
      readonly settings: readonly StfSetting[];
    }
  /**
   * `ghost run QID:QLENGTH… [pipe:P]`: one round of queue reports to Tofino 2's ghost thread
   * (bf-p4c's jbay STF dialect; `pipe:` is a p4ts extension, default 0).
   */
  | {
      readonly cmd: 'ghost';
      readonly pipe: number;
      readonly reports: readonly { readonly qid: number; readonly qlength: number }[];
    }
  | { readonly cmd: 'refuse'; readonly inner: StfDeviceCommandBody };

export const DEVICE_KEYWORDS: ReadonlySet<string> = new Set([
  'port_add',
  'port_mod',
  'port_del',
  'port_stat_clear',
  'check_port',
  'check_port_stat',
  'port_status_notify',
  'check_port_status',
  'selector_group',
  'check_selector_group',
  'ghost',
  'refuse',
]);

/** A field name as written (`$SPEED`, `speed`): lower case, without the `$`. */
export const fieldName = (s: string) => s.replace(/^\$/, '').toLowerCase();

function settings(t: Tokens): StfSetting[] {
  const out: StfSetting[] = [];
  while (!t.atEnd()) {
    const name = fieldName(t.name('a field name'));
    t.expectOp(':');
    const values: string[] = [];
    // `NAME:` with nothing after it (before the end or the next `NAME:`) is an empty list.
    if (t.atEnd() || (t.peek()?.kind === 'word' && t.peek(1)?.text === ':')) {
      out.push({ name, values });
      continue;
    }
    do {
      const v = t.next(`a value for ${name}`);
      if (v.kind === 'op') throw new StfSyntaxError(`${name} takes a number or a name, not '${v.text}'`);
      values.push(v.text);
    } while (t.accept(','));
    out.push({ name, values });
  }
  return out;
}

function boolWord(t: Tokens, what: string): boolean {
  const w = t.next(what).text.toLowerCase();
  if (w === 'true' || w === '1' || w === 'on' || w === 'up') return true;
  if (w === 'false' || w === '0' || w === 'off' || w === 'down') return false;
  throw new StfSyntaxError(`expected ${what}, found '${w}'`);
}

function portOrAll(t: Tokens): number | 'all' {
  if (t.peek()?.text.toLowerCase() !== 'all') return t.int('a device port');
  t.next('all');
  return 'all';
}

/** `run QID:QLENGTH… [pipe:P]` after `ghost`. */
function ghostRound(t: Tokens): StfDeviceCommandBody {
  if (t.name('run').toLowerCase() !== 'run') throw new StfSyntaxError('ghost takes run QID:QLENGTH…');
  const reports: { qid: number; qlength: number }[] = [];
  let pipe = 0;
  while (!t.atEnd()) {
    if (t.peek()?.text.toLowerCase() === 'pipe') {
      t.next('pipe');
      t.expectOp(':');
      pipe = t.int('a pipe');
      continue;
    }
    const qid = t.int('a queue id');
    t.expectOp(':');
    reports.push({ qid, qlength: t.int('a queue length') });
  }
  if (reports.length === 0) throw new StfSyntaxError('ghost run needs at least one QID:QLENGTH');
  return { cmd: 'ghost', pipe, reports };
}

/** The command `keyword` makes of `rest`, or undefined when the keyword is not one of these. */
export function parseDeviceCommand(keyword: string, rest: string): StfDeviceCommandBody | undefined {
  if (!DEVICE_KEYWORDS.has(keyword)) return undefined;
  if (keyword === 'refuse') {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(rest);
    const inner = m === null ? undefined : parseDeviceCommand((m[1] as string).toLowerCase(), m[2] as string);
    if (inner === undefined || inner.cmd === 'refuse' || inner.cmd.startsWith('check_'))
      throw new StfSyntaxError('refuse takes a port_*, selector_group or ghost command');
    return { cmd: 'refuse', inner };
  }
  const t = new Tokens(tokenize(rest));
  const body = ((): StfDeviceCommandBody => {
    switch (keyword) {
      case 'port_add':
      case 'port_mod':
        return { cmd: keyword, port: t.int('a device port'), settings: settings(t) };
      case 'port_del':
      case 'port_stat_clear':
        return { cmd: keyword, port: portOrAll(t) };
      case 'check_port':
      case 'check_port_stat': {
        const port = t.int('a device port');
        const field = fieldName(t.name('a field name'));
        const op = compareOp(t);
        return { cmd: keyword, port, field, op, value: t.next('a value').text };
      }
      case 'port_status_notify':
        return { cmd: 'port_status_notify', enable: boolWord(t, 'true or false') };
      case 'check_port_status':
        return { cmd: 'check_port_status', port: t.int('a device port'), up: boolWord(t, 'up or down') };
      case 'ghost':
        return ghostRound(t);
      default:
        return {
          cmd: keyword as 'selector_group',
          selector: t.objectName('an action selector'),
          group: t.int('a group id'),
          settings: settings(t),
        };
    }
  })();
  t.end();
  return body;
}
