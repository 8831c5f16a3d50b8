// Rule: saturating arithmetic needs a width
// expect: 6 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const int sat = 1 |+| 2;
