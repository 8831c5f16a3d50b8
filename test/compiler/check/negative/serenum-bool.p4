// Rule: a serializable enum is based on bit<W> or int<W>
// expect: 4 type-error
#include <core.p4>
enum bool E { A = true }
