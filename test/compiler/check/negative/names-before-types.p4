// Rule: a name that is not found is reported before type errors earlier in the file (p4c resolves names first)
// expect: 9 not-found
// expect: 8 type-error
#include <core.p4>
control C(inout bit<8> x) {
    apply {
        bool b = true;
        x = b;
        x = missing;
    }
}
