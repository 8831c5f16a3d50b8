// Rule: two actions with one control-plane name and different control-plane parameters (or two tables) conflict; a leading dot makes a name absolute
// expect: 8 duplicate
// expect: 11 duplicate
// expect: 12 duplicate
#include <core.p4>
action foo1() {}
@name("foo3") action topa3() {}
@name(".foo3") action topa4(bit<8> v) {}
control c(in bit<8> k) {
    @name(".drop") action act1() {}
    @name(".drop") action act2(bit<8> why) {}
    @name(".foo1") action a1(bit<8> v) {}
    table do_it {
        key = { k : exact; }
        actions = { act1; act2; }
    }
    @name("do_it") action do_it_action() {}
    apply { do_it.apply(); }
}
