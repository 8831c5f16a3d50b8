// Rule: out parameters have no default values
// expect: 6 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
extern void f(out bit<8> x = 1);
