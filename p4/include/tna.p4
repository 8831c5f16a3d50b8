/*
 * p4ts: entry point of the Tofino Native Architecture (TNA). Programs include this
 * file; it picks the device facts for the __TARGET_TOFINO__ the compiler predefines
 * (1 = Tofino 1, 2 = TNA on Tofino 2) and then the portable blocks and externs.
 * Signature-compatible with the public tna.p4.
 */

#ifndef _TOFINO1_NATIVE_ARCHITECTURE_
#define _TOFINO1_NATIVE_ARCHITECTURE_

#if __TARGET_TOFINO__ == 1
#include "tofino1_specs.p4"
#elif __TARGET_TOFINO__ == 2
#include "tofino2_specs.p4"
#else
#error Target does not support tofino native architecture
#endif

#include "tofino1_arch.p4"

#endif /* _TOFINO1_NATIVE_ARCHITECTURE_ */
