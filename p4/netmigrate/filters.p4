/*
 * NetMigrate: the four filter controls, stamped from group-filter.p4 with the CRC-32
 * parameters of docs/netmigrate.md §4 (all with msb = true: the index is the CRC's top bits).
 *   1: CRC-32C polynomial, reflected, init 0, xor-out 0xFFFFFFFF
 *   2: CRC-32 polynomial, reflected, init 0, xor-out 0xFFFFFFFF
 *   3: CRC-32 polynomial, not reflected, init 0, xor-out 0xFFFFFFFF (BZIP2 with init 0)
 *   4: CRC-32 polynomial, not reflected, init 0xFFFFFFFF, xor-out 0 (CRC-32/MPEG-2)
 */

#ifndef _NETMIGRATE_FILTERS_P4_
#define _NETMIGRATE_FILTERS_P4_

#define NM_FILTER_NAME     GroupFilter1
#define NM_FILTER_STAGE    3
#define NM_FILTER_COEFF    32w0x1EDC6F41
#define NM_FILTER_REVERSED true
#define NM_FILTER_INIT     32w0x00000000
#define NM_FILTER_XOR      32w0xFFFFFFFF
#include "group-filter.p4"
#undef NM_FILTER_NAME
#undef NM_FILTER_STAGE
#undef NM_FILTER_COEFF
#undef NM_FILTER_REVERSED
#undef NM_FILTER_INIT
#undef NM_FILTER_XOR

#define NM_FILTER_NAME     GroupFilter2
#define NM_FILTER_STAGE    4
#define NM_FILTER_COEFF    32w0x04C11DB7
#define NM_FILTER_REVERSED true
#define NM_FILTER_INIT     32w0x00000000
#define NM_FILTER_XOR      32w0xFFFFFFFF
#include "group-filter.p4"
#undef NM_FILTER_NAME
#undef NM_FILTER_STAGE
#undef NM_FILTER_COEFF
#undef NM_FILTER_REVERSED
#undef NM_FILTER_INIT
#undef NM_FILTER_XOR

#define NM_FILTER_NAME     GroupFilter3
#define NM_FILTER_STAGE    5
#define NM_FILTER_COEFF    32w0x04C11DB7
#define NM_FILTER_REVERSED false
#define NM_FILTER_INIT     32w0x00000000
#define NM_FILTER_XOR      32w0xFFFFFFFF
#include "group-filter.p4"
#undef NM_FILTER_NAME
#undef NM_FILTER_STAGE
#undef NM_FILTER_COEFF
#undef NM_FILTER_REVERSED
#undef NM_FILTER_INIT
#undef NM_FILTER_XOR

#define NM_FILTER_NAME     GroupFilter4
#define NM_FILTER_STAGE    6
#define NM_FILTER_COEFF    32w0x04C11DB7
#define NM_FILTER_REVERSED false
#define NM_FILTER_INIT     32w0xFFFFFFFF
#define NM_FILTER_XOR      32w0x00000000
#include "group-filter.p4"
#undef NM_FILTER_NAME
#undef NM_FILTER_STAGE
#undef NM_FILTER_COEFF
#undef NM_FILTER_REVERSED
#undef NM_FILTER_INIT
#undef NM_FILTER_XOR

#endif /* _NETMIGRATE_FILTERS_P4_ */
