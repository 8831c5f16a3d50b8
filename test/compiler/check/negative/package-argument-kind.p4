// Rule: a package parameter of a parser type takes a parser
// expect: 8 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
parser P<H>(packet_in pkt, out H h);
control K<H>(inout H h);
package Top<H>(P<H> p, K<H> k);
control MyK(inout hdrs_t h) { apply {} }
Top(MyK(), MyK()) main;
