// Rule: exit is not allowed in a function
// expect: 7 invalid-statement
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
void f() {
    exit;
}
