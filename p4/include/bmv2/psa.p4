/*
 * p4ts: `#include <bmv2/psa.p4>`, the name p4c's bmv2 PSA programs use. bmv2's psa_switch
 * uses PSA's 32-bit port ids, which is what p4ts's own psa.p4 declares (docs/psa.md).
 */
#include "../psa.p4"
