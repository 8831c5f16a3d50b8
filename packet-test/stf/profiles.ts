// Action profiles and selectors in STF (docs/stf.md, "Action profiles and selectors"): an
// `add` naming an action on an indirect table creates a profile member for it, as Intel's
// driver does for such an entry; `add PROFILE ID ACTION(…)` adds member ID (the Tofino
// dialect); `$member(id:N)` / `$group(id:N)` point an entry at a member or group; and
// `selector SELECTOR GROUP add|del MEMBER…` edits a group. All through the control plane.

import { callMethod } from '../../runtime/control/methods.js';
import type { P4Info, P4InfoTable } from '../../runtime/p4info.js';
import { err, ok, type Result } from '../../runtime/result.js';
import type { StfActionCall } from './commands.js';
import { resolveStfName, stfAction } from './table-entry.js';

type Target = Parameters<typeof callMethod>[0];
export type ProfileResult<T> = Result<T, 'STF_PROFILE'>;

/** Members the runner creates for entries that name an action take ids from here down, clear of ids tests choose. */
const FIRST_AUTO_MEMBER = 0xffffffff;

export interface ProfileModel {
  /** The profile or selector `name` resolves to, if any (a table of that name is looked up first). */
  resolve(name: string): string | undefined;
  /**
   * The reference part of a `table.add` for an entry of indirect table `t` calling `call`:
   * `{member}` or `{group}` for `$member(id:N)` / `$group(id:N)`, else a member created for
   * the action. undefined for a direct table.
   */
  entryRef(t: P4InfoTable, call: StfActionCall): ProfileResult<Record<string, unknown>> | undefined;
  /** `add PROFILE ID ACTION(…)`: adds member ID, or changes it when it exists. */
  addMember(profile: string, id: number, call: StfActionCall): ProfileResult<void>;
  /**
   * `selector SELECTOR GROUP add|del|enable|disable MEMBER…`: the group is created on first
   * use; added members are active; a disabled member stays in the group but is never picked.
   */
  editGroup(
    selector: string,
    group: number,
    op: 'add' | 'del' | 'enable' | 'disable',
    members: readonly number[],
  ): ProfileResult<void>;
  /** Deletes the members created for entries that no entry uses any more. */
  collect(): void;
}

export function profileModel(target: Target, p4info: P4Info): ProfileModel {
  const selectors = p4info.actionSelectors ?? [];
  const profiles = p4info.actionProfiles ?? [];
  const names = [...profiles.map((p) => p.name), ...selectors.map((s) => s.name)];
  /** A selector stands for its profile where members are concerned. */
  const profileOf = (name: string) => selectors.find((s) => s.name === name)?.profile ?? name;
  const auto: { profile: string; member: number }[] = [];
  let nextAuto = FIRST_AUTO_MEMBER;
  const failed = (r: { ok: boolean; message?: string }) => err('STF_PROFILE', r.message ?? 'failed');

  /**
   * The action of a profile member, as the profile's tables list it: the first table that lists
   * it (tables sharing a profile may list different actions).
   */
  const actionOf = (profile: string, call: StfActionCall) => {
    const users = p4info.tables.filter(
      (t) => t.implementation !== undefined && profileOf(t.implementation) === profile,
    );
    if (users.length === 0) return err('STF_PROFILE', `no table uses ${profile}`);
    let first: ReturnType<typeof stfAction> | undefined;
    for (const user of users) {
      const a = stfAction(user, call);
      if (a.ok) return ok(a.value);
      first ??= a;
    }
    return err('STF_PROFILE', first?.ok === false ? first.message : `no table of ${profile} lists ${call.name}`);
  };

  return {
    resolve(name) {
      const r = resolveStfName(name, names, 'action profile');
      return r.ok ? r.value : undefined;
    },
    entryRef(t, call) {
      if (t.implementation === undefined) return undefined;
      const ref = /^\$(member|group)$/.exec(call.name);
      if (ref !== null) {
        const id = call.args.find((a) => a.name === 'id')?.value;
        if (id === undefined || call.args.length !== 1)
          return err('STF_PROFILE', `${call.name} takes one argument, id:N`);
        return ok({ [ref[1] as string]: Number(id) });
      }
      const profile = profileOf(t.implementation);
      const a = stfAction(t, call);
      if (!a.ok) return err('STF_PROFILE', a.message);
      const member = nextAuto--;
      const r = callMethod(target, 'actionProfile.addMember', { profile, member, ...a.value });
      if (!r.ok) return failed(r);
      auto.push({ profile, member });
      return ok({ member });
    },
    addMember(name, id, call) {
      const profile = profileOf(name);
      const a = actionOf(profile, call);
      if (!a.ok) return a;
      const exists = callMethod(target, 'actionProfile.addMember', { profile, member: id, ...a.value });
      if (exists.ok) return ok(undefined);
      const r = callMethod(target, 'actionProfile.modifyMember', { profile, member: id, ...a.value });
      return r.ok ? ok(undefined) : failed(r);
    },
    editGroup(name, group, op, members) {
      const selector = selectors.find((s) => s.name === name || s.profile === name)?.name;
      if (selector === undefined) return err('STF_PROFILE', `${name} is not an action selector`);
      // The group as the selector holds it now (a `selector_group` line may have changed it).
      const dump = callMethod(target, 'actionSelector.dump', { selector });
      const old = dump.ok
        ? (dump.value as { groups: { id: number; members: { member: number; active: boolean }[] }[] }).groups.find(
            (g) => g.id === group,
          )?.members
        : undefined;
      if (old === undefined && op !== 'add') return err('STF_PROFILE', `${selector} has no group ${group} yet`);
      let now = (old ?? []).map((m) => ({ ...m }));
      if (op === 'add') {
        for (const m of members) if (!now.some((x) => x.member === m)) now.push({ member: m, active: true });
      } else if (op === 'del') now = now.filter((x) => !members.includes(x.member));
      else
        for (const m of members) {
          const x = now.find((y) => y.member === m);
          if (x === undefined) return err('STF_PROFILE', `member ${m} is not in group ${group} of ${selector}`);
          x.active = op === 'enable';
        }
      const r =
        old === undefined
          ? callMethod(target, 'actionSelector.addGroup', { selector, group, members: now })
          : callMethod(target, 'actionSelector.modifyGroup', { selector, group, members: now });
      return r.ok ? ok(undefined) : failed(r);
    },
    collect() {
      for (let i = auto.length - 1; i >= 0; i--) {
        const a = auto[i] as { profile: string; member: number };
        if (callMethod(target, 'actionProfile.deleteMember', { profile: a.profile, member: a.member }).ok)
          auto.splice(i, 1);
      }
    },
  };
}
