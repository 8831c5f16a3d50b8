// bmv2's multicast commands (`mc_mgrp_create`, `mc_node_create RID PORT…` → a node handle
// counted from 0, `mc_node_associate GROUP HANDLE`, …) over our traffic manager, whose groups
// are whole lists of {rid, ports}: the model keeps groups and nodes, and every change
// re-installs the groups it touches through the control plane's multicast methods.

import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import { err, ok, type Result } from '../../runtime/result.js';
import type { StfCommandBody } from './commands.js';

type McCommand = Extract<
  StfCommandBody,
  {
    cmd:
      | 'mc_mgrp_create'
      | 'mc_mgrp_destroy'
      | 'mc_node_create'
      | 'mc_node_update'
      | 'mc_node_destroy'
      | 'mc_node_associate'
      | 'mc_node_dissociate';
  }
>;

export function multicastModel(target: ControlTarget) {
  const groups = new Map<number, number[]>();
  const nodes = new Map<number, { rid: number; ports: number[] }>();
  let nextHandle = 0;

  /** Re-installs `group` with its nodes (a group without nodes exists, with no copies). */
  const install = (group: number): Result<void, 'MC'> => {
    const members = groups.get(group) ?? [];
    if (target.tm.replicas(group) !== undefined) callMethod(target, 'multicast.delete', { group });
    const r = callMethod(target, 'multicast.create', {
      group,
      nodes: members.map((h) => nodes.get(h)).filter((n) => n !== undefined),
    });
    return r.ok ? ok(undefined) : err('MC', r.message);
  };
  const groupsOf = (handle: number) => [...groups].filter(([, hs]) => hs.includes(handle)).map(([g]) => g);

  function apply(c: McCommand): Result<void, 'MC'> {
    switch (c.cmd) {
      case 'mc_mgrp_create':
        if (groups.has(c.group)) return err('MC', `group ${c.group} exists`);
        groups.set(c.group, []);
        return install(c.group);
      case 'mc_mgrp_destroy': {
        if (!groups.delete(c.group)) return err('MC', `no group ${c.group}`);
        const r = callMethod(target, 'multicast.delete', { group: c.group });
        return r.ok ? ok(undefined) : err('MC', r.message);
      }
      case 'mc_node_create':
        for (const p of c.ports)
          if (!target.tm.portExists(p)) return err('MC', `port ${p} does not exist on this switch`);
        nodes.set(nextHandle++, { rid: c.rid, ports: [...c.ports] });
        return ok(undefined);
      case 'mc_node_update': {
        const n = nodes.get(c.handle);
        if (n === undefined) return err('MC', `no node ${c.handle}`);
        n.ports = [...c.ports];
        for (const g of groupsOf(c.handle)) {
          const r = install(g);
          if (!r.ok) return r;
        }
        return ok(undefined);
      }
      case 'mc_node_destroy': {
        if (!nodes.delete(c.handle)) return err('MC', `no node ${c.handle}`);
        for (const g of groupsOf(c.handle)) {
          groups.set(
            g,
            (groups.get(g) ?? []).filter((h) => h !== c.handle),
          );
          install(g);
        }
        return ok(undefined);
      }
      case 'mc_node_associate': {
        const hs = groups.get(c.group);
        if (hs === undefined) return err('MC', `no group ${c.group} (create it with mc_mgrp_create)`);
        if (!nodes.has(c.handle)) return err('MC', `no node ${c.handle} (nodes are numbered from 0 as created)`);
        if (!hs.includes(c.handle)) hs.push(c.handle);
        return install(c.group);
      }
      case 'mc_node_dissociate': {
        const hs = groups.get(c.group);
        if (hs === undefined || !hs.includes(c.handle)) return err('MC', `node ${c.handle} is not in group ${c.group}`);
        groups.set(
          c.group,
          hs.filter((h) => h !== c.handle),
        );
        return install(c.group);
      }
    }
  }
  return { apply };
}
