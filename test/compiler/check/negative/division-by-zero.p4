// Rule: a constant division by zero is an error
// expect: 6 expression
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const bit<8> z = 8w1 / 8w0;
