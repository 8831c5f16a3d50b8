/*
 * p4ts: the Tofino 2 Native Architecture's blocks and packages (T2NA). The blocks, packages
 * and externs are TNA's (tofino1_arch.p4, tofino1_base.p4) with the Tofino 2 differences the
 * public T2NA documentation lists, switched on by _P4TS_TOFINO2_: the 28-byte egress
 * intrinsic header with 32-bit enq_tstamp and deq_timedelta, the deparsers' mirror and
 * truncation fields, and true_egress_accounting on counters and meters. Included by t2na.p4.
 */

#ifndef _TOFINO2_P4_ARCH_
#define _TOFINO2_P4_ARCH_

#define _P4TS_TOFINO2_ 1
#include "tofino1_arch.p4"

#endif /* _TOFINO2_P4_ARCH_ */
