// Rule: a header stack or array holds data, not extern instances
// expect: 6 type-error
#include <core.p4>
extern Thing { Thing(); }
struct m_t {
    Thing[4] st;
}
