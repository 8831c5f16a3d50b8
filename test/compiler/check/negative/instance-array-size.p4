// Rule: an array of extern instances has at least one element
// expect: 9 type-error
#include <core.p4>
extern Cell<T> {
    Cell(T init);
    T read();
}
control C(inout bit<8> x) {
    Cell<bit<8>>(8w0) cells[0];
    apply { }
}
