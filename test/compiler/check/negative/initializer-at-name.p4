// Rule: an initializer that does not fit the declared type is reported at the declared name (as p4c does)
// expect: 6 type-error
struct S<T> {
    tuple<T, T> t;
}
const S<tuple<>> x = {
    t = { 0, 0 }
};
