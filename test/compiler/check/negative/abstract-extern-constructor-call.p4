// Rule: an extern with abstract methods is declared with an initializer, never created by a constructor call
// expect: 9 type-error
#include <core.p4>
extern g {
    g();
    abstract void h();
}
package p(g a);
p(g()) main;
