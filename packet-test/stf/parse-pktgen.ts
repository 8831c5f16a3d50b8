// The STF commands of Tofino's packet generator and what drives it (p4ts extensions, docs/stf.md
// "Packet generator"): BF-RT's pktgen tables as `pktgen_*` commands, `check_pktgen`, link state,
// a virtual clock, and parser value sets. parse.ts hands every line to `parsePktgenCommand` first.

import type { StfField, StfPktgenCommand } from './commands.js';
import { bigValue, compareOp, StfSyntaxError, Tokens, tokenize } from './tokens.js';

/** `NAME:VALUE…` up to the end (VALUE a number or true/false). */
function fields(t: Tokens, what: string): StfField[] {
  const out: StfField[] = [];
  while (!t.atEnd()) {
    const name = t.name(what);
    t.expectOp(':');
    const v = t.next(`a value for ${name}`);
    if (v.kind === 'num') out.push({ name, value: v.text });
    else if (v.kind === 'word' && /^(true|false)$/i.test(v.text)) out.push({ name, value: v.text.toLowerCase() });
    else throw new StfSyntaxError(`${name} takes a number or true/false, not '${v.text}'`);
  }
  return out;
}

/** `pipe:P` if it comes next. */
function optionalPipe(t: Tokens): number | undefined {
  if (t.peek()?.text !== 'pipe' || t.peek(1)?.text !== ':') return undefined;
  t.next('pipe');
  t.next(':');
  return t.int('a pipe');
}

/** `V[&&&M]` for each field of one member, fields joined by `,`; members follow each other. */
function valueSetMembers(t: Tokens): { value: string; mask: string | undefined }[][] {
  const members: { value: string; mask: string | undefined }[][] = [];
  while (!t.atEnd()) {
    const member: { value: string; mask: string | undefined }[] = [];
    do {
      const value = t.number('a value');
      const mask = t.accept('&&&') ? t.number('a mask') : undefined;
      member.push({ value, mask });
    } while (t.accept(','));
    members.push(member);
  }
  return members;
}

function hexData(words: readonly string[]): Uint8Array {
  const hex = words.join('');
  if (hex.length === 0 || !/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0)
    throw new StfSyntaxError('pktgen_pkt_buffer needs its data as whole bytes of hexadecimal');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The command `keyword` makes of `rest`, or undefined when the keyword is not one of these. */
export function parsePktgenCommand(keyword: string, rest: string): StfPktgenCommand | undefined {
  if (keyword === 'pktgen_pkt_buffer') {
    const [offset, ...data] = rest.trim().split(/\s+/);
    if (offset === undefined || !/^(0x[0-9a-f]+|[0-9]+)$/i.test(offset))
      throw new StfSyntaxError('pktgen_pkt_buffer needs an offset, then the data');
    return { cmd: 'pktgen_pkt_buffer', offset: Number(offset), data: hexData(data) };
  }
  const t = new Tokens(tokenize(rest));
  const body = ((): StfPktgenCommand | undefined => {
    switch (keyword) {
      case 'pktgen_app_cfg': {
        const app = t.int('an app id');
        const action = t.peek()?.kind === 'word' && t.peek(1)?.text !== ':' ? t.name('an action') : undefined;
        return { cmd: 'pktgen_app_cfg', app, action, fields: fields(t, 'an app_cfg field') };
      }
      case 'pktgen_port_cfg':
        return { cmd: 'pktgen_port_cfg', port: t.int('a device port'), fields: fields(t, 'a port_cfg field') };
      case 'pktgen_port_mask': {
        const select = t.int('a port mask (0 or 1)');
        const mask = t.number('a mask');
        return { cmd: 'pktgen_port_mask', select, mask, pipe: optionalPipe(t) };
      }
      case 'check_pktgen': {
        const app = t.int('an app id');
        const pipe = optionalPipe(t);
        const field = t.name('an app_cfg field');
        const op = compareOp(t);
        return { cmd: 'check_pktgen', app, pipe, field, op, value: bigValue(t, 'a value') };
      }
      case 'port_down':
      case 'port_up':
        return { cmd: keyword, port: t.int('a device port') };
      case 'advance_time':
        return { cmd: 'advance_time', ns: t.int('nanoseconds') };
      case 'value_set':
        return { cmd: 'value_set', name: t.name('a value set name'), members: valueSetMembers(t) };
      default:
        return undefined;
    }
  })();
  if (body !== undefined) t.end();
  return body;
}
