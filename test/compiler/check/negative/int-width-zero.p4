// Rule: int<W> needs W of at least 1
// expect: 6 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const int<0> z = 0;
