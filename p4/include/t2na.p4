/*
 * p4ts: entry point of the Tofino 2 Native Architecture (T2NA). Programs written for Tofino 2
 * include this file and are compiled with --target tofino2 (which predefines
 * __TARGET_TOFINO__ as 2). Signature-compatible with the public t2na.p4.
 */

#ifndef _TOFINO2_NATIVE_ARCHITECTURE_
#define _TOFINO2_NATIVE_ARCHITECTURE_

#if __TARGET_TOFINO__ == 2
#include "tofino2_specs.p4"
#else
#error Target does not support tofino2 native architecture
#endif

#include "tofino2_arch.p4"

#endif /* _TOFINO2_NATIVE_ARCHITECTURE_ */
