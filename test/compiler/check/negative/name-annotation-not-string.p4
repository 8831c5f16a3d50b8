// Rule: @name and @deprecated take a string
// expect: 4 type-error
#include <core.p4>
@name(4)
void fn() {}
@deprecated("a" ++ "b")
void fn2() {}
