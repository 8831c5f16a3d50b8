// Rule: a table without default_action needs core.p4's NoAction, an action without parameters
// expect: 3 type-error
action NoAction(bit<8> x) {}
control C() {
    table t {
        actions = {}
    }
    apply { t.apply(); }
}
