// Rule: package type arguments are the same for every block
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
struct other_t { bit<8> x; }
control K<H>(inout H h);
package Top<H>(K<H> k1, K<H> k2);
control K1(inout hdrs_t h) { apply {} }
control K2(inout other_t h) { apply {} }
Top(K1(), K2()) main;
