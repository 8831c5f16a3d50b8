// Rule: a name is declared once per scope
// expect: 7 duplicate
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
const bit<8> c1 = 1;
const bit<8> c1 = 2;
