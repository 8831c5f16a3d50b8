// Rule: a failing static_assert is an error
// expect: 6 expression
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const bool ok = static_assert(1 == 2, "one is not two");
