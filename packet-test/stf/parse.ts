// Parses an STF file into commands (commands.ts). Line-oriented like p4c's `tools/stf`: `#`
// starts a comment, a trailing `\` continues a command on the next line, keywords are
// case-insensitive. Every problem is collected with its line (an unknown command is an
// error, never skipped), so one run reports them all. Never throws.

import { parsePipeList } from '../../runtime/arch/device-programs.js';
import type {
  StfActionCall,
  StfCommand,
  StfCommandBody,
  StfFile,
  StfKey,
  StfKeyValue,
  StfParseError,
  StfPktgenCommand,
} from './commands.js';
import { parseDeviceCommand, type StfDeviceCommandBody } from './parse-device.js';
import { parsePktgenCommand } from './parse-pktgen.js';
import { bigValue, compareOp, StfSyntaxError, Tokens, tokenize } from './tokens.js';

export { parseStfInteger } from './tokens.js';

function keyValue(t: Tokens): StfKeyValue {
  const v = t.next('a key value');
  if (v.kind === 'op') throw new StfSyntaxError(`expected a key value, found '${v.text}'`);
  if (t.accept('&&&')) return { kind: 'mask', value: v.text, mask: t.number('a mask') };
  if (t.accept('/')) return { kind: 'prefix', value: v.text, length: t.int('a prefix length') };
  if (t.accept('->')) return { kind: 'range', low: v.text, high: t.number('the range high bound') };
  return { kind: 'value', text: v.text };
}

/** Is the next token a key (`NAME :`)? The action call follows the keys. */
function atKey(t: Tokens): boolean {
  return t.peek()?.kind === 'word' && t.peek(1)?.text === ':';
}

function keys(t: Tokens): StfKey[] {
  const out: StfKey[] = [];
  while (atKey(t)) {
    const name = t.name('a key field');
    t.expectOp(':');
    out.push({ name, value: keyValue(t) });
  }
  return out;
}

/** `ACTION(ARG:VALUE, …)`; the Tofino dialect also separates arguments by spaces and drops `()`. */
function actionCall(t: Tokens): StfActionCall {
  const name = t.name('an action name');
  const args: { name: string; value: string }[] = [];
  if (t.accept('(')) {
    while (!t.accept(')')) {
      if (args.length > 0) t.accept(',');
      if (t.accept(')')) break;
      const arg = t.name('an action argument name');
      t.expectOp(':');
      const v = t.next('an argument value');
      if (v.kind === 'op') throw new StfSyntaxError(`expected a value for ${arg}, found '${v.text}'`);
      args.push({ name: arg, value: v.text });
    }
  }
  return { name, args };
}

function optionalPriority(t: Tokens): number | undefined {
  return t.peek()?.kind === 'num' ? t.int('a priority') : undefined;
}

function portList(t: Tokens): number[] {
  const ports: number[] = [];
  while (!t.atEnd()) ports.push(t.int('a port'));
  return ports;
}

function meterRates(t: Tokens): { rate: number; burst: number }[] {
  const out: { rate: number; burst: number }[] = [];
  while (!t.atEnd()) {
    const rate = Number(t.number('a rate'));
    t.expectOp(':');
    const burst = t.int('a burst size');
    if (!Number.isFinite(rate) || rate < 0) throw new StfSyntaxError('a meter rate must be a non-negative number');
    out.push({ rate, burst });
  }
  if (out.length !== 2) throw new StfSyntaxError(`expected two rate:burst pairs (committed, peak), got ${out.length}`);
  return out;
}

function hexBytes(words: readonly string[]): Uint8Array {
  const hex = words.join('');
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    const bad = words.find((w) => !/^[0-9a-fA-F]*$/.test(w));
    throw new StfSyntaxError(`packet data '${bad}' is not hexadecimal`);
  }
  if (hex.length === 0) throw new StfSyntaxError('a packet needs data');
  if (hex.length % 2 !== 0) throw new StfSyntaxError(`packet data has ${hex.length} hex digits, not whole bytes`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function portNumber(text: string | undefined, what: string): number {
  if (text === undefined || !/^[0-9]+$/.test(text)) throw new StfSyntaxError(`${what} needs a port number`);
  return Number(text);
}

/** `expect_any`'s ports: `2,3,5` (one word, commas, no spaces). */
function portSet(text: string | undefined): number[] {
  if (text === undefined || !/^[0-9]+(,[0-9]+)*$/.test(text))
    throw new StfSyntaxError('expect_any needs its ports as PORT,PORT,… (no spaces)');
  return text.split(',').map(Number);
}

/** `packet`, `expect` and `expect_any` take raw data (hex groups, `*`, `$`), not tokens. */
function packetCommand(keyword: string, rest: string): StfCommandBody {
  const words = rest.split(/\s+/).filter((w) => w !== '');
  const ports = keyword === 'expect_any' ? portSet(words[0]) : [portNumber(words[0], keyword)];
  const port = ports[0] as number;
  const data = words.slice(1);
  if (keyword === 'packet') return { cmd: 'packet', port, data: hexBytes(data) };
  let exact = false;
  if (data.length > 0 && data[data.length - 1]?.endsWith('$')) {
    exact = true;
    data[data.length - 1] = (data[data.length - 1] as string).slice(0, -1);
  }
  const nibbles = data.join('').toLowerCase();
  if (!/^[0-9a-f*]*$/.test(nibbles)) {
    const bad = data.find((w) => !/^[0-9a-fA-F*]*$/.test(w));
    throw new StfSyntaxError(`expected data '${bad}' is not hexadecimal (with * for any nibble)`);
  }
  const expected = nibbles === '' && !exact ? undefined : { nibbles, exact };
  if (keyword === 'expect_any') return { cmd: 'expect_any', ports, data: expected };
  return { cmd: 'expect', port, data: expected };
}

/** `program NAME PATH pipes P…` (PATH may be quoted; pipes as `0 2`, `0,2` or `0-1`). */
function programCommand(rest: string): StfCommandBody {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+("[^"]+"|\S+)\s+pipes?\s+(.+?)\s*;?\s*$/i.exec(rest);
  if (m === null) throw new StfSyntaxError('expected program NAME PATH pipes P…');
  const pipes = parsePipeList(m[3] as string);
  if (pipes === undefined) throw new StfSyntaxError(`${m[3]} is not a list of pipes (like 0 2, 0,2 or 0-1)`);
  return { cmd: 'program', name: m[1] as string, path: (m[2] as string).replace(/^"|"$/g, ''), pipes };
}

function parseCommand(keyword: string, rest: string): StfCommandBody | StfPktgenCommand | StfDeviceCommandBody {
  if (keyword === 'program') return programCommand(rest);
  if (keyword === 'packet' || keyword === 'expect' || keyword === 'expect_any') return packetCommand(keyword, rest);
  const pktgen = parsePktgenCommand(keyword, rest);
  if (pktgen !== undefined) return pktgen;
  const device = parseDeviceCommand(keyword, rest);
  if (device !== undefined) return device;
  const t = new Tokens(tokenize(rest));
  const body = ((): StfCommandBody => {
    switch (keyword) {
      case 'no_packet':
        return { cmd: 'no_packet' };
      case 'wait':
        return { cmd: 'wait' };
      case 'add': {
        const table = t.objectName('a table name');
        const priority = optionalPriority(t);
        const ks = keys(t);
        const action = actionCall(t);
        const id = t.accept('=') ? t.next('an entry id').text : undefined;
        return { cmd: 'add', table, priority, keys: ks, action, id };
      }
      case 'setdefault':
        return { cmd: 'setdefault', table: t.objectName('a table name'), action: actionCall(t) };
      case 'remove': {
        if (t.accept('all'))
          return { cmd: 'remove', table: undefined, all: true, id: undefined, priority: undefined, keys: [] };
        const first = t.peek()?.kind === 'word' ? { text: t.objectName('a table name') } : t.next('an entry id');
        if (t.atEnd())
          return { cmd: 'remove', table: undefined, all: false, id: first.text, priority: undefined, keys: [] };
        if (t.accept('all'))
          return { cmd: 'remove', table: first.text, all: true, id: undefined, priority: undefined, keys: [] };
        const priority = optionalPriority(t);
        const ks = keys(t);
        if (ks.length === 0) throw new StfSyntaxError('remove TABLE needs `all` or the KEY:VALUE match of an entry');
        return { cmd: 'remove', table: first.text, all: false, id: undefined, priority, keys: ks };
      }
      case 'check_counter': {
        const counter = t.objectName('a counter name');
        t.expectOp('(');
        let index: number | { id: string };
        if (t.accept('$')) index = { id: t.next('an entry id').text };
        else if (t.peek()?.kind === 'word') index = { id: t.name('an entry id').replace(/^\$/, '') };
        else index = t.int('a counter index');
        t.expectOp(')');
        if (t.atEnd()) return { cmd: 'check_counter', counter, index, check: { kind: undefined, op: '==', value: 0n } };
        let kind: 'packets' | 'bytes' | undefined;
        const k = t.peek()?.text.toLowerCase();
        if (k === 'packets' || k === 'bytes') {
          t.next('packets or bytes');
          kind = k;
        }
        const op = compareOp(t);
        return { cmd: 'check_counter', counter, index, check: { kind, op, value: bigValue(t, 'a count') } };
      }
      case 'check_register': {
        const register = t.objectName('a register name');
        t.expectOp('(');
        const index = t.int('a register index');
        t.expectOp(')');
        const field = t.peek()?.kind === 'word' ? t.name('a register field') : undefined;
        const op = compareOp(t);
        return { cmd: 'check_register', register, index, field, op, value: bigValue(t, 'a value') };
      }
      case 'mirroring_add':
        return { cmd: 'mirroring_add', session: t.int('a mirror session'), port: t.int('an egress port') };
      case 'mirroring_add_mc':
        return { cmd: 'mirroring_add_mc', session: t.int('a mirror session'), group: t.int('a multicast group') };
      case 'mirroring_delete':
      case 'mirroring_get':
        return { cmd: keyword, session: t.int('a mirror session') };
      case 'mc_mgrp_create':
      case 'mc_mgrp_destroy':
        return { cmd: keyword, group: t.int('a multicast group') };
      case 'mc_node_create':
        return { cmd: 'mc_node_create', rid: t.int('a replication id'), ports: portList(t) };
      case 'mc_node_update':
        return { cmd: 'mc_node_update', handle: t.int('a node handle'), ports: portList(t) };
      case 'mc_node_destroy':
        return { cmd: 'mc_node_destroy', handle: t.int('a node handle') };
      case 'mc_node_associate':
      case 'mc_node_dissociate':
        return { cmd: keyword, group: t.int('a multicast group'), handle: t.int('a node handle') };
      case 'counter_read':
        return { cmd: 'counter_read', counter: t.objectName('a counter name'), index: t.int('an index') };
      case 'counter_write':
        return {
          cmd: 'counter_write',
          counter: t.objectName('a counter name'),
          index: t.int('an index'),
          packets: t.int('a packet count'),
          bytes: t.int('a byte count'),
        };
      case 'counter_reset':
        return { cmd: 'counter_reset', counter: t.objectName('a counter name') };
      case 'register_read':
        return { cmd: 'register_read', register: t.objectName('a register name'), index: t.int('an index') };
      case 'register_write':
        return {
          cmd: 'register_write',
          register: t.objectName('a register name'),
          index: t.int('an index'),
          value: bigValue(t, 'a value'),
        };
      case 'register_reset':
        return { cmd: 'register_reset', register: t.objectName('a register name') };
      case 'meter_get_rates':
        return { cmd: 'meter_get_rates', meter: t.objectName('a meter name'), index: t.int('an index') };
      case 'meter_set_rates': {
        const meter = t.objectName('a meter name');
        return { cmd: 'meter_set_rates', meter, index: t.int('an index'), rates: meterRates(t) };
      }
      case 'meter_array_set_rates':
        return { cmd: 'meter_set_rates', meter: t.objectName('a meter name'), index: undefined, rates: meterRates(t) };
      case 'tcam_2bit_mode': {
        const v = t.name('TRUE or FALSE').toLowerCase();
        if (v !== 'true' && v !== 'false') throw new StfSyntaxError(`tcam_2bit_mode takes TRUE or FALSE, not ${v}`);
        return { cmd: 'tcam_2bit_mode', on: v === 'true' };
      }
      case 'port_metadata': {
        const port = t.int('a port');
        if (t.peek()?.kind === 'num' && t.peek(1) === undefined)
          return { cmd: 'port_metadata', port, value: t.number('a value'), fields: [] };
        const fields: { name: string; value: string }[] = [];
        while (!t.atEnd()) {
          const name = t.name('a port metadata field');
          t.expectOp(':');
          fields.push({ name, value: t.number(`a value for ${name}`) });
        }
        if (fields.length === 0) throw new StfSyntaxError('port_metadata PORT needs a VALUE or FIELD:VALUE…');
        return { cmd: 'port_metadata', port, value: undefined, fields };
      }
      case 'expect_digest': {
        const digest = t.name('a digest name');
        const fields: { name: string; value: string }[] = [];
        while (!t.atEnd()) {
          const name = t.name('a digest field');
          t.expectOp(':');
          fields.push({ name, value: t.number(`a value for ${name}`) });
        }
        return { cmd: 'expect_digest', digest, fields };
      }
      case 'port_metadata_delete':
        return { cmd: 'port_metadata_delete', port: t.int('a port') };
      case 'int_port_loop':
        return { cmd: 'int_port_loop', pipes: t.int('a pipe mask') };
      case 'hash_configure': {
        const hash = t.objectName('a hash name');
        const slices: { field: string; order: number; start?: number; length?: number }[] = [];
        while (!t.atEnd()) {
          const field = t.name('a hash field');
          t.expectOp(':');
          const order = t.int(`an order for ${field}`);
          const start = t.accept(':') ? t.int(`a start bit for ${field}`) : undefined;
          const length = start !== undefined && t.accept(':') ? t.int(`a length for ${field}`) : undefined;
          slices.push({
            field,
            order,
            ...(start === undefined ? {} : { start }),
            ...(length === undefined ? {} : { length }),
          });
        }
        if (slices.length === 0) throw new StfSyntaxError('hash_configure HASH needs FIELD:ORDER[:START[:LENGTH]]…');
        return { cmd: 'hash_configure', hash, slices };
      }
      case 'hash_algorithm': {
        const hash = t.objectName('a hash name');
        const algorithm = t.name('an algorithm name');
        const options: Record<string, string | boolean> = {};
        while (!t.atEnd()) {
          const key = t.name('an option');
          options[key] = t.accept(':') ? t.number(`a value for ${key}`) : true;
        }
        return { cmd: 'hash_algorithm', hash, algorithm, options };
      }
      case 'hash_reset':
        return { cmd: 'hash_reset', hash: t.objectName('a hash name') };
      case 'check_digest': {
        const digest = t.objectName('a digest name');
        const fields: { name: string; value: string }[] = [];
        while (!t.atEnd()) {
          const name = t.name('a digest field');
          t.expectOp(':');
          fields.push({ name, value: t.number(`a value for ${name}`) });
        }
        return { cmd: 'check_digest', digest, fields };
      }
      case 'check_hash': {
        const hash = t.objectName('a hash name');
        const fields: { name: string; value: string }[] = [];
        while (t.peek()?.kind === 'word') {
          const name = t.name('a hash field');
          t.expectOp(':');
          fields.push({ name, value: t.number(`a value for ${name}`) });
        }
        const op = compareOp(t);
        return { cmd: 'check_hash', hash, fields, op, value: bigValue(t, 'a hash value') };
      }
      case 'selector': {
        const profile = t.objectName('an action selector');
        const group = t.int('a group id');
        const op = t.name('add, del, enable or disable').toLowerCase();
        if (op !== 'add' && op !== 'del' && op !== 'enable' && op !== 'disable')
          throw new StfSyntaxError(`selector takes add, del, enable or disable, not ${op}`);
        return { cmd: 'selector', profile, group, op, members: portList(t) };
      }
      default:
        throw new StfSyntaxError(`unknown command '${keyword}'`);
    }
  })();
  t.end();
  return body;
}

/** Logical lines: comments removed, `\`-continued lines joined, each with its first line number. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const physical = text.split('\n');
  let pending: { line: number; text: string } | undefined;
  physical.forEach((raw, i) => {
    const hash = raw.indexOf('#');
    let s = (hash >= 0 ? raw.slice(0, hash) : raw).replace(/\r$/, '');
    const continued = /\\\s*$/.test(s);
    if (continued) s = s.replace(/\\\s*$/, ' ');
    if (pending === undefined) pending = { line: i + 1, text: s };
    else pending.text += ` ${s}`;
    if (!continued) {
      if (pending.text.trim() !== '') out.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined && pending.text.trim() !== '') out.push(pending);
  return out;
}

export function parseStf(text: string, file: string): StfFile {
  const commands: StfCommand[] = [];
  const errors: StfParseError[] = [];
  for (const { line, text: l } of logicalLines(text)) {
    const s = l.trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(s);
    if (m === null) {
      errors.push({ line, message: `expected a command, found '${s.split(/\s+/)[0]}'` });
      continue;
    }
    const keyword = (m[1] as string).toLowerCase();
    try {
      const c = parseCommand(keyword, m[2] as string);
      if (c.cmd === 'program' && commands.some((x) => x.cmd !== 'program'))
        throw new StfSyntaxError('program lines come before every other command');
      if (c.cmd === 'program' && commands.some((x) => x.cmd === 'program' && x.name === c.name))
        throw new StfSyntaxError(`a program named ${c.name} is already loaded`);
      commands.push({ ...c, line });
    } catch (e) {
      if (!(e instanceof StfSyntaxError)) throw e;
      errors.push({ line, message: e.message.startsWith('unknown command') ? e.message : `${keyword}: ${e.message}` });
    }
  }
  return { file, commands, errors };
}
