// Rule: a table's actions list comes before its default_action
// expect: 6 missing-property
#include <core.p4>
control ingress() {
    action nop() {}
    table badtable {
        default_action = nop;
        actions = { nop; }
    }
    apply { badtable.apply(); }
}
