// p4info.json as the code generator builds it while it walks the program: every table,
// action, register, counter, meter, direct resource, digest, mirror and resubmit header, hash
// and value set, in declaration order (ingress parser, ingress, ingress deparser, then
// egress), with P4Runtime-style ids (kind prefix in the top byte, then 1, 2, … per kind).
// Generated code indexes `services.*` by the position this builder hands out.

import type {
  P4Info,
  P4InfoAction,
  P4InfoActionProfile,
  P4InfoActionSelector,
  P4InfoCounter,
  P4InfoDigest,
  P4InfoDirectResource,
  P4InfoHash,
  P4InfoMeter,
  P4InfoMirror,
  P4InfoRegister,
  P4InfoResubmit,
  P4InfoTable,
  P4InfoValueSet,
} from '../../contract/p4info.js';
import { P4INFO_ID_PREFIX, P4INFO_VERSION, TNA_DEFAULT_PORTS } from '../../contract/p4info.js';

type PortMetadataInfo = NonNullable<P4Info['portMetadata']>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class P4InfoBuilder {
  readonly tables: P4InfoTable[] = [];
  readonly actions: P4InfoAction[] = [];
  readonly registers: P4InfoRegister[] = [];
  readonly counters: P4InfoCounter[] = [];
  readonly meters: P4InfoMeter[] = [];
  readonly directResources: P4InfoDirectResource[] = [];
  readonly digests: P4InfoDigest[] = [];
  readonly mirrors: P4InfoMirror[] = [];
  readonly resubmits: P4InfoResubmit[] = [];
  readonly hashes: P4InfoHash[] = [];
  readonly valueSets: P4InfoValueSet[] = [];
  /** Mutable: each indirect table adds its name to its profile's (and selector's) `tables`. */
  readonly actionProfiles: Mutable<P4InfoActionProfile>[] = [];
  readonly actionSelectors: Mutable<P4InfoActionSelector>[] = [];
  /** Programs with several Pipelines: each pipe's name and the hardware pipes it serves. */
  readonly pipes: { name: string; hwPipes: number[]; portMetadata?: PortMetadataInfo }[] = [];
  readonly lpfs: { name: string; size: number; width: number; table?: string }[] = [];
  readonly registerParams: { name: string; width: number; initial: number | string }[] = [];
  readonly wreds: { name: string; size: number; dropValue: number; noDropValue: number; table?: string }[] = [];
  /** Per pipe: the type T of its ingress parser's `port_metadata_unpack<T>`. */
  readonly portMetadata = new Map<number, PortMetadataInfo>();
  private readonly actionIds = new Map<string, number>();

  constructor(
    readonly program: string,
    readonly errors: readonly string[],
  ) {}

  static id(kind: keyof typeof P4INFO_ID_PREFIX, n: number): number {
    return ((P4INFO_ID_PREFIX[kind] << 24) >>> 0) + n;
  }

  /** The action's id, registering it on first use. */
  action(name: string, params: readonly { name: string; width: number }[]): number {
    const known = this.actionIds.get(name);
    if (known !== undefined) return known;
    const id = P4InfoBuilder.id('action', this.actions.length + 1);
    this.actions.push({ id, name, params: params.map((p, i) => ({ id: i + 1, name: p.name, width: p.width })) });
    this.actionIds.set(name, id);
    return id;
  }

  push<K extends 'tables' | 'registers' | 'counters' | 'meters' | 'directResources' | 'digests' | 'valueSets'>(
    kind: K,
    item: Omit<P4InfoBuilder[K][number], 'id'>,
  ): number {
    const prefix = {
      tables: 'table',
      registers: 'register',
      counters: 'counter',
      meters: 'meter',
      directResources: 'counter',
      digests: 'digest',
      valueSets: 'valueSet',
    } as const;
    const list = this[kind] as { id: number }[];
    const n = kind === 'directResources' ? this.counters.length + list.length + 1 : list.length + 1;
    list.push({ id: P4InfoBuilder.id(prefix[kind], kind === 'directResources' ? n + 0x8000 : n), ...item } as never);
    return list.length - 1;
  }

  /** Registers an action profile or selector (one id space, P4Runtime's action_profile prefix). */
  pushProfile(item: Omit<P4InfoActionProfile, 'id'>): number;
  pushProfile(item: Omit<P4InfoActionSelector, 'id'>, selector: true): number;
  pushProfile(item: Omit<P4InfoActionProfile, 'id'> | Omit<P4InfoActionSelector, 'id'>, selector = false): number {
    const id = P4InfoBuilder.id('actionProfile', this.actionProfiles.length + this.actionSelectors.length + 1);
    if (selector) return this.actionSelectors.push({ id, ...(item as Omit<P4InfoActionSelector, 'id'>) }) - 1;
    return this.actionProfiles.push({ id, ...(item as Omit<P4InfoActionProfile, 'id'>) }) - 1;
  }

  /** `ports` defaults to Tofino 1's (one pipe); v1model has no recirculation port. */
  build(arch: P4Info['arch'] = 'tna', ports: P4Info['ports'] = TNA_DEFAULT_PORTS): P4Info {
    const info: Mutable<P4Info> = {
      version: P4INFO_VERSION,
      program: this.program,
      arch,
      ports,
      errors: this.errors,
      tables: this.tables,
      actions: this.actions,
      registers: this.registers,
      counters: this.counters,
      meters: this.meters,
      directResources: this.directResources,
      digests: this.digests,
      mirrors: this.mirrors,
      resubmits: this.resubmits,
      hashes: this.hashes,
      valueSets: this.valueSets,
    };
    // Only programs with indirect tables carry these (older p4info files stay as they were).
    if (this.actionProfiles.length > 0) info.actionProfiles = this.actionProfiles;
    if (this.actionSelectors.length > 0) info.actionSelectors = this.actionSelectors;
    if (this.lpfs.length > 0) info.lpfs = this.lpfs;
    if (this.registerParams.length > 0) info.registerParams = this.registerParams;
    if (this.wreds.length > 0) info.wreds = this.wreds;
    if (this.pipes.length > 1) {
      info.pipes = this.pipes.map((p, i) => {
        const pm = this.portMetadata.get(i);
        return pm === undefined ? p : { ...p, portMetadata: pm };
      });
      // The 4-pipe device: a recirculation port per pipe, the CPU port in pipe 2 (TNA §6).
      info.ports = { recirculation: [68, 196, 324, 452], cpu: 320 };
    } else {
      const pm = this.portMetadata.get(0);
      if (pm !== undefined) info.portMetadata = pm;
    }
    return info;
  }
}
