// Rule: a parser or control is never built from a package
// expect: 6 type-error
#include <core.p4>
control C();
package P(C c1);
control MyC1()(P p) {
    apply {}
}
