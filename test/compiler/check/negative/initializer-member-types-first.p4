// Rule: the methods of an initializer block resolve their types before the block is rejected
// expect: 8 not-found
// expect: 7 invalid-expression
control c();
package top(c _c);
control d() { apply {} }
top(d()) main = {
    error a() {}
};
