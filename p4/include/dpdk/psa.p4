/*
 * p4ts: `#include <dpdk/psa.p4>`, the name p4c's DPDK PSA programs use. It is PSA with
 * bmv2's 32-bit ports plus DPDK's counter and meter forms that take the packet length
 * (`count(index, pkt_len)`, `dpdk_execute(index, [color,] pkt_len)`); the programs run on
 * p4ts's PSA engine (docs/psa.md, "DPDK programs").
 */
#define __P4TS_PSA_DPDK__
#include "../psa.p4"
