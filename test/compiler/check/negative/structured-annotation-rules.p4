// Rule: a structured annotation is the only one of its name, its keys are distinct, its values constant ints, strings or bools
// expect: 9 duplicate
// expect: 10 type-error
// expect: 13 duplicate
// expect: 14 duplicate
#include <core.p4>
extern E { E(); }
@dup[]
@dup[]
@bad[a = { 2, 3 }]
@number(3)
@number(4)
@number[]
@pairs[k = 1, k = "two"]
control c() {
    apply {}
}
