// Rule: an instantiation in a function body is reported first (p4c rejects it before resolving names)
// expect: 8 invalid-statement
// expect: 7 not-found
#include <core.p4>
extern E { E(); }
bool f() {
    bool b = missing;
    E() e;
    return b;
}
