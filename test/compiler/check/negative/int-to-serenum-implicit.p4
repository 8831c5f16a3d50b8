// Rule: an int does not convert implicitly to a serializable enum
// expect: 9 type-error
#include <core.p4>
header h_t { bit<8> f; bit<16> g; }
struct hdrs_t { h_t h; h_t[4] hs; }
enum bit<8> E { A = 1 }
control C() {
    apply {
        E e = 1;
    }
}
