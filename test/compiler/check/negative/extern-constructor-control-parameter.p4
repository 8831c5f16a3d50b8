// Rule: an extern's constructor takes no parser, control or package
// expect: 6 type-error
#include <core.p4>
control C();
extern WrapControl {
    WrapControl(C c);
    void execute();
}
