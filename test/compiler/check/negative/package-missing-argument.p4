// Rule: a package gets an argument for every parameter
// expect: 7 arguments
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
control K<H>(inout H h);
package Top<H>(K<H> k1, K<H> k2);
control MyK(inout hdrs_t h) { apply {} }
Top(MyK()) main;
