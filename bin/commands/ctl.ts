// `p4ts ctl [--control HOST:PORT] <what> <verb> …`: the control-plane client on the command
// line. Prints the server's result as JSON on stdout; a refused request prints the server's
// coded error on stderr. Exit codes: 0 done, 1 the switch refused the request, 2 usage or
// connection error. Match syntax: K=V (exact), K=V&&&MASK (ternary), K=V/LEN (lpm),
// K=LO..HI (range), K=* (optional, don't care); values are numbers, 0x…, a.b.c.d or MACs.

import type { Argv, CommandModule } from 'yargs';
import { ControlClient } from '../../runtime/control/client.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { controlToken, DEFAULT_CONTROL, parseHostPort } from './switch.js';

export interface CtlArgs {
  control?: string;
  what?: string;
  verb?: string;
  name?: string;
  [k: string]: unknown;
}

/** --match K=V… into the JSON match object table.add takes. */
export function parseMatchArgs(items: readonly string[]): Result<Record<string, unknown>, 'USAGE'> {
  const out: Record<string, unknown> = {};
  for (const s of items) {
    const eq = s.indexOf('=');
    if (eq <= 0) return err('USAGE', `--match ${s}: expected KEY=VALUE`);
    const k = s.slice(0, eq);
    const v = s.slice(eq + 1);
    if (v === '*') out[k] = null;
    else if (v.includes('&&&')) {
      const [value, mask] = v.split('&&&');
      out[k] = { value, mask };
    } else if (/^[^/]+\/\d+$/.test(v)) {
      const [value, len] = v.split('/');
      out[k] = { value, prefixLen: Number(len) };
    } else if (/^[^.]+\.\.[^.]+$/.test(v)) {
      const [low, high] = v.split('..');
      out[k] = { low, high };
    } else out[k] = v;
  }
  return ok(out);
}

/** --param P=V… into the params object. */
export function parseParamArgs(items: readonly string[]): Result<Record<string, string>, 'USAGE'> {
  const out: Record<string, string> = {};
  for (const s of items) {
    const eq = s.indexOf('=');
    if (eq <= 0) return err('USAGE', `--param ${s}: expected NAME=VALUE`);
    out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return ok(out);
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function usage(message: string): number {
  process.stderr.write(`p4ts ctl: ${message}\n`);
  return 2;
}

/** The method and params a command line asks for. */
export function requestOf(args: CtlArgs): Result<{ method: string; params: Record<string, unknown> }, 'USAGE'> {
  const { what, verb, name } = args;
  const p: Record<string, unknown> = {};
  const rangeOrIndex = () => {
    if (args.index !== undefined) p.index = Number(args.index);
    if (args.range !== undefined) p.range = String(args.range);
  };
  switch (`${what} ${verb}`) {
    case 'table add':
    case 'table modify':
    case 'table delete':
    case 'table default': {
      if (name === undefined) return err('USAGE', `table ${verb} needs a table name`);
      p.table = name;
      if (verb !== 'default') {
        if (args.handle !== undefined && verb !== 'add') p.handle = Number(args.handle);
        else {
          const m = parseMatchArgs(list(args.match));
          if (!m.ok) return m;
          p.match = m.value;
        }
        if (args.priority !== undefined) p.priority = Number(args.priority);
        if (args.ttl !== undefined) p.ttl = Number(args.ttl);
      }
      if (verb !== 'delete' && verb !== 'default' && (args.member !== undefined || args.group !== undefined)) {
        // An indirect table's entry: a member of its action profile, or a selector group.
        if (args.member !== undefined) p.member = Number(args.member);
        if (args.group !== undefined) p.group = Number(args.group);
      } else if (verb !== 'delete') {
        if (args.action === undefined) return err('USAGE', `table ${verb} needs --action`);
        p.action = String(args.action);
        const ps = parseParamArgs(list(args.param));
        if (!ps.ok) return ps;
        p.params = ps.value;
      }
      return ok({ method: verb === 'default' ? 'table.setDefault' : `table.${verb}`, params: p });
    }
    case 'table ttl':
      if (name === undefined || args.ttl === undefined)
        return err('USAGE', 'table ttl needs a table name and --ttl MS');
      p.table = name;
      if (args.handle !== undefined) p.handle = Number(args.handle);
      else {
        const m = parseMatchArgs(list(args.match));
        if (!m.ok) return m;
        p.match = m.value;
      }
      p.ttl = Number(args.ttl);
      return ok({ method: 'table.setTtl', params: p });
    case 'table dump':
    case 'table clear':
      if (name === undefined) return err('USAGE', `table ${verb} needs a table name`);
      return ok({ method: `table.${verb}`, params: { table: name } });
    case 'member add':
    case 'member modify':
    case 'member delete': {
      if (name === undefined) return err('USAGE', `member ${verb} needs an action profile name`);
      if (args.member === undefined) return err('USAGE', `member ${verb} needs --member ID`);
      p.profile = name;
      p.member = Number(args.member);
      if (verb !== 'delete') {
        if (args.action === undefined) return err('USAGE', `member ${verb} needs --action`);
        p.action = String(args.action);
        const ps = parseParamArgs(list(args.param));
        if (!ps.ok) return ps;
        p.params = ps.value;
      }
      return ok({ method: `actionProfile.${verb}Member`, params: p });
    }
    case 'profile dump':
      if (name === undefined) return err('USAGE', 'profile dump needs an action profile name');
      return ok({ method: 'actionProfile.dump', params: { profile: name } });
    case 'group add':
    case 'group modify':
    case 'group delete': {
      if (name === undefined) return err('USAGE', `group ${verb} needs an action selector name`);
      if (args.group === undefined) return err('USAGE', `group ${verb} needs --group ID`);
      p.selector = name;
      p.group = Number(args.group);
      if (verb !== 'delete') {
        // --members 1,2,3 ; a member written as ID:off is listed but inactive.
        const members = [];
        for (const m of list(args.members).flatMap((x) => x.split(',').filter((y) => y !== ''))) {
          const r = /^(\d+)(:off)?$/.exec(m);
          if (r === null) return err('USAGE', `--members ${m}: expected ID or ID:off`);
          members.push(r[2] === undefined ? Number(r[1]) : { member: Number(r[1]), active: false });
        }
        p.members = members;
        if (args['max-size'] !== undefined) p.maxSize = Number(args['max-size']);
      }
      return ok({ method: `actionSelector.${verb}Group`, params: p });
    }
    case 'port-metadata set':
    case 'port-metadata get':
    case 'port-metadata delete': {
      if (args.port === undefined) return err('USAGE', `port-metadata ${verb} needs --port P`);
      p.port = Number(args.port);
      if (verb === 'set') {
        if (args.value !== undefined) p.value = list(args.value)[0];
        else {
          const fs = parseParamArgs(list(args.field));
          if (!fs.ok) return fs;
          p.fields = fs.value;
        }
      }
      return ok({ method: `portMetadata.${verb}`, params: p });
    }
    case 'selector dump':
      if (name === undefined) return err('USAGE', 'selector dump needs an action selector name');
      return ok({ method: 'actionSelector.dump', params: { selector: name } });
    case 'register read':
    case 'register write':
    case 'register reset':
      if (name === undefined) return err('USAGE', `register ${verb} needs a register name`);
      p.register = name;
      rangeOrIndex();
      if (verb === 'write') {
        if (args.value === undefined) return err('USAGE', 'register write needs --value (or --value LO --value HI)');
        const v = list(args.value);
        p.value = v.length === 2 ? v : v[0];
      }
      return ok({ method: `register.${verb}`, params: p });
    case 'counter read':
    case 'counter reset':
      if (name === undefined) return err('USAGE', `counter ${verb} needs a counter name`);
      p.counter = name;
      rangeOrIndex();
      if (args.handle !== undefined) p.handle = Number(args.handle);
      return ok({ method: `counter.${verb}`, params: p });
    case 'mirror add':
      // --group G: the session's copies go to the replicas of multicast group G.
      return ok({
        method: 'mirror.add',
        params: {
          session: Number(args.session),
          ...(args.group === undefined ? { egressPort: Number(args.port) } : { group: Number(args.group) }),
          direction: String(args.direction ?? 'both'),
          maxLen: Number(args['max-len'] ?? 0),
        },
      });
    case 'mirror delete':
      return ok({ method: 'mirror.delete', params: { session: Number(args.session) } });
    case 'mirror list':
      return ok({ method: 'mirror.list', params: {} });
    case 'multicast create': {
      const nodes = [];
      for (const n of list(args.node)) {
        const m = /^(\d+):(\d+(?:,\d+)*)$/.exec(n);
        if (m === null) return err('USAGE', `--node ${n}: expected RID:PORT[,PORT…]`);
        nodes.push({ rid: Number(m[1]), ports: (m[2] as string).split(',').map(Number) });
      }
      return ok({ method: 'multicast.create', params: { group: Number(args.group), nodes } });
    }
    case 'multicast delete':
      return ok({ method: 'multicast.delete', params: { group: Number(args.group) } });
    case 'multicast list':
      return ok({ method: 'multicast.list', params: {} });
    default:
      if (what === 'ports') return ok({ method: 'ports.stats', params: {} });
      if (what === 'info') return ok({ method: 'switch.info', params: {} });
      if (what === 'call' && verb !== undefined) {
        try {
          const params = name === undefined ? {} : (JSON.parse(name) as Record<string, unknown>);
          return ok({ method: verb, params });
        } catch {
          return err('USAGE', `call ${verb}: params must be JSON`);
        }
      }
      return err('USAGE', `unknown command ${[what, verb].filter(Boolean).join(' ')} (see p4ts ctl --help)`);
  }
}

export async function runCtl(args: CtlArgs): Promise<number> {
  const addr = parseHostPort(args.control ?? DEFAULT_CONTROL);
  if (!addr.ok) return usage(`--control ${addr.message}`);
  const watch = args.what === 'digest' && args.verb === 'watch';
  const req = watch ? ok({ method: 'digest.subscribe', params: {} }) : requestOf(args);
  if (!req.ok) return usage(req.message);
  const token = controlToken();
  const c = await ControlClient.connect({
    host: addr.value.address,
    port: addr.value.port,
    ...(token === undefined ? {} : { token }),
  });
  if (!c.ok) return usage(c.message);
  const client = c.value;
  try {
    if (watch) {
      let left = args.count === undefined ? Number.POSITIVE_INFINITY : Number(args.count);
      await new Promise<void>((resolve) => {
        client
          .watchDigests(
            (d) => {
              process.stdout.write(`${JSON.stringify(d)}\n`);
              if (--left <= 0) resolve();
            },
            args.digest === undefined ? undefined : list(args.digest),
            typeof args.program === 'string' ? args.program : undefined,
          )
          .then((r) => {
            if (!r.ok) {
              process.stderr.write(`p4ts ctl: ${r.code}: ${r.message}\n`);
              resolve();
            }
          });
        process.once('SIGINT', () => resolve());
      });
      return 0;
    }
    // With several programs on the switch, --program names the one a request is for.
    const params =
      typeof args.program === 'string' && req.value.params !== null && typeof req.value.params === 'object'
        ? { ...(req.value.params as Record<string, unknown>), program: args.program }
        : req.value.params;
    const r = await client.call(req.value.method, params);
    if (!r.ok) {
      process.stderr.write(`p4ts ctl: ${r.code}: ${r.message}\n`);
      return r.code === 'CONNECTION_CLOSED' || r.code === 'TIMEOUT' ? 2 : 1;
    }
    process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
    return 0;
  } finally {
    await client.close();
  }
}

export const ctlCommand: CommandModule<object, CtlArgs> = {
  command: 'ctl <what> [verb] [name]',
  describe: 'talk to a running switch: tables, registers, counters, mirror, multicast, digests, ports',
  builder: (y: Argv<object>) =>
    y
      .usage(
        [
          '$0 ctl [--control HOST:PORT] <command>',
          '',
          '  table add|modify|delete T --match K=V … [--priority N] --action A --param P=V …',
          '  table add|modify T --match K=V … (--member M | --group G)   (indirect tables)',
          '  table default T --action A --param P=V …     table dump|clear T',
          '  table ttl T (--handle H | --match K=V …) --ttl MS   (idle_timeout tables; add takes --ttl too)',
          '  member add|modify|delete PROFILE --member M [--action A --param P=V …]   profile dump PROFILE',
          '  group add|modify|delete SELECTOR --group G [--members 1,2,3:off …] [--max-size N]',
          '  selector dump SELECTOR',
          '  port-metadata set --port P (--field F=V … | --value V64)   port-metadata get|delete --port P',
          '  register read|write|reset R [--index I | --range A..B] [--value V]',
          '  counter read|reset C [--index I | --range A..B | --handle H]',
          '  mirror add --session S (--port P | --group G) [--direction ingress|egress|both] [--max-len N]',
          '  mirror delete --session S     mirror list',
          '  multicast create --group G --node RID:P1,P2 …   multicast delete --group G',
          '  digest watch [--digest NAME …] [--count N]',
          '  ports     info     call METHOD [JSON-PARAMS]',
        ].join('\n'),
      )
      .positional('what', { type: 'string' })
      .positional('verb', { type: 'string' })
      .positional('name', { type: 'string' })
      .option('control', { type: 'string', describe: 'the switch control plane (default 127.0.0.1:9559)' })
      .option('program', {
        type: 'string',
        describe: 'with several programs on the switch: the program the request is for (docs/multi-pipe.md)',
      })
      .option('match', { type: 'string', array: true, nargs: 1 })
      .option('param', { type: 'string', array: true, nargs: 1 })
      .option('action', { type: 'string' })
      .option('priority', { type: 'number' })
      .option('handle', { type: 'number' })
      .option('index', { type: 'number' })
      .option('range', { type: 'string' })
      .option('value', { type: 'string', array: true, nargs: 1 })
      .option('session', { type: 'number' })
      .option('port', { type: 'number' })
      .option('direction', { type: 'string' })
      .option('max-len', { type: 'number' })
      .option('group', { type: 'number' })
      .option('node', { type: 'string', array: true, nargs: 1 })
      .option('member', { type: 'number' })
      .option('ttl', { type: 'number' })
      .option('field', { type: 'string', array: true, nargs: 1 })
      .option('members', { type: 'string', array: true, nargs: 1 })
      .option('max-size', { type: 'number' })
      .option('digest', { type: 'string', array: true, nargs: 1 })
      .option('count', { type: 'number' }) as unknown as Argv<CtlArgs>,
  handler: async (args) => {
    process.exitCode = await runCtl(args);
  },
};
