// Rule: @length names an earlier field of the header; @match names a match kind
// expect: 8 not-found
// expect: 14 type-error
#include <core.p4>
header h_t {
    bit<32> size1;
    @length(size1) varbit<256> data1;
    @length(size2) varbit<256> data2;
    bit<32> size2;
}
struct pvs_t {
    @match(ternary) bit<32> f32;
    @match(exact) bit<16> f16;
    @match(1 + 1) bit<8> f8;
}
