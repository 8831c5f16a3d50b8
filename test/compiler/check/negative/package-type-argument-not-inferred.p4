// Rule: every type parameter of a package instance is inferred, unless only @optional parameters mention it
// expect: 12 type-error
#include <core.p4>
struct empty_t {}
control nothing<H>(inout H hdr) {
    apply {}
}
control C<H>(inout H hdr);
package P<H>(C<H> c = nothing<H>());
control D<H>(inout H hdr);
package Q<H>(@optional D<H> d);
P() main;
Q() other;
