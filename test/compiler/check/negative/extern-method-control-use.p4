// Rule: an extern method may declare a control parameter, but no call can pass a control to it
// expect: 12 type-error
#include <core.p4>
control C1();
extern E {
    E();
    void set1(C1 c1);
}
control MyC()(E e, C1 c1) {
    apply {
        c1.apply();
        e.set1(c1);
    }
}
