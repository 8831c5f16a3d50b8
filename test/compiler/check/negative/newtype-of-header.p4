// Rule: 'type' applies to bit<W>, int<W> and bool only
// expect: 6 invalid-expression
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
type h_t wrapped_t;
