// Rule: E.X must be a member of E
// expect: 7 not-found
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
enum E { A, B }
const E e1 = E.C;
