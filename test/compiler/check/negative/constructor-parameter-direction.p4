// Rule: constructor parameters (of packages, externs, parsers and controls) have no direction
// expect: 5 type-error
#include <core.p4>
control proto(out bit<32> o);
package top(in proto _c);
