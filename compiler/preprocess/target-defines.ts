// The macros a real P4 compiler predefines per target. From p4c's sources: bf-p4c adds
// __TARGET_TOFINO__ (1, or 2 plus __TOFINO2_VARIANT__ for tofino2) and its driver adds the
// __p4c__ version macros; p4c-bm2-ss and p4c-bm2-psa add only __TARGET_BMV2__.

export type Target = 'tna' | 'tofino2' | 'v1model' | 'psa';

/** The open-source bf-p4c release whose predefined version we report (backends/tofino/bf-p4c/version.h). */
export const P4C_VERSION = { major: 9, minor: 13, patchlevel: 4 } as const;

function tofinoVersionDefines(): Record<string, string> {
  const { major, minor, patchlevel } = P4C_VERSION;
  return {
    __p4c__: '1',
    __p4c_major__: String(major),
    __p4c_minor__: String(minor),
    __p4c_patchlevel__: String(patchlevel),
    __p4c_version__: `"${major}.${minor}.${patchlevel}"`,
  };
}

/** Name to value, ready to be passed as `defines` (merge the user's -D over them). */
export function targetDefines(target: Target | undefined): Record<string, string> {
  switch (target) {
    case 'tna':
      return { __TARGET_TOFINO__: '1', ...tofinoVersionDefines() };
    case 'tofino2':
      return { __TARGET_TOFINO__: '2', __TOFINO2_VARIANT__: '1', ...tofinoVersionDefines() };
    case 'v1model':
    case 'psa':
      return { __TARGET_BMV2__: '1' };
    case undefined:
      return {};
  }
}
