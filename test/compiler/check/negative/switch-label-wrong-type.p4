// Rule: a switch label has the type of the switch expression (reported at the expression, as p4c does)
// expect: 7 type-error
#include <core.p4>
enum bit<4> e { a = 1, b = 2 }
control c(in e v) {
    apply {
        switch (v) {
            e.a: {}
            4w1: {}
            default: {}
        }
    }
}
