// Rule: names are visible only after their declaration
// expect: 6 not-found
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const bit<8> c1 = c2;
const bit<8> c2 = 1;
