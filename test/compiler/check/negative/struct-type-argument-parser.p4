// Rule: a struct's type argument is data, never a parser, control or package
// expect: 10 type-error
// expect: 11 type-error
#include <core.p4>
struct s_t<T> {
    T field;
}
parser p_t<T>(in T x);
extern T make<T>();
s_t<p_t<bit<1>>> f() {
    return make<s_t<p_t<bit<1>>>>();
}
