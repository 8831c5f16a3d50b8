// Rule: tuple elements are data: no externs, parsers, controls, packages, void or _
// expect: 8 type-error
// expect: 9 type-error
#include <core.p4>
extern ct {
    void apply();
}
void f(tuple<ct> t) {}
extern bit<8> g(in tuple<bit<8>, void> t);
