// The conformance suites: what each measures and which part of the corpus folder it reads.
// The corpus folder (P4TS_CORPUS) is laid out as docs/conformance.md describes; nothing from
// it is ever copied into the repository.

export interface SuiteInfo {
  readonly name: string;
  readonly what: string;
  /** Paths inside the corpus folder the suite needs. */
  readonly needs: readonly string[];
  /** Not laid out by the standard corpus script: a missing part skips the suite instead of failing. */
  readonly optional?: boolean;
  /**
   * An environment variable naming the suite's own folder (its `needs` are then inside it);
   * when unset, the folder is `fallback` inside the corpus folder.
   */
  readonly env?: { readonly name: string; readonly fallback: string };
}

export const SUITES: readonly SuiteInfo[] = [
  {
    name: 'p4c-parse',
    what: "p4c's samples preprocess, parse, and round-trip through the printer to the same tree",
    needs: ['p4c/testdata/p4_16_samples', 'p4c/p4include'],
  },
  {
    name: 'p4c-check',
    what: "the checker accepts p4c's core/v1model samples and rejects its negatives on p4c's line",
    needs: ['p4c/testdata/p4_16_samples', 'p4c/testdata/p4_16_errors', 'p4c/testdata/p4_16_errors_outputs'],
  },
  {
    name: 'p4c-compile',
    what: "p4c's v1model and PSA samples compile and run one packet (other backends' samples counted apart)",
    needs: ['p4c/testdata/p4_16_samples'],
  },
  {
    name: 'tna-fit',
    what: "public TNA programs (open-p4studio's examples, the NetMigrate artifact) fit Tofino",
    needs: ['open-p4studio/p4_16_programs', 'netmigrate'],
  },
  {
    name: 'tna-fit-testgen',
    what: "p4testgen's Tofino sample programs fit Tofino",
    needs: ['p4c/testgen-tofino'],
    optional: true,
  },
  {
    name: 'bfp4c-tests',
    what: "bf-p4c's own test programs: compile_only, ptf and jbay compile, errors are rejected",
    needs: ['p4_16/compile_only', 'p4_16/errors', 'p4_16/jbay', 'p4_16/includes'],
    optional: true,
    env: { name: 'P4TS_BFP4C_TESTS', fallback: 'bf-p4c/p4-tests' },
  },
];

/** The folder a suite reads: its own variable's, else its place in the corpus folder. */
export function suiteRoot(suite: SuiteInfo, corpus: string | undefined): string | undefined {
  if (suite.env === undefined) return corpus;
  const own = process.env[suite.env.name];
  if (own !== undefined && own !== '') return own;
  return corpus === undefined ? undefined : `${corpus}/${suite.env.fallback}`;
}

export const CORPUS_ENV = 'P4TS_CORPUS';
