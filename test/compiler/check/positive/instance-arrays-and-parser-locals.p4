// Valid constructs p4c accepts: arrays of extern instances (`E(args) name[N];`, type
// arguments given or inferred), asking the size of an element of an empty stack, and select
// keysets naming a parser local that is initialised with constants and never written.
#include <core.p4>

extern Cell<T> {
    Cell(T init);
    T read();
    void write(in T value);
}

header h_t { bit<8> a; bit<8> b; }
header e_t {}
struct pair_t { bit<8> x; bit<8> y; }
struct hdrs_t { h_t h; }

parser P(packet_in pkt, out hdrs_t hdr) {
    state start {
        pkt.extract(hdr.h);
        pair_t p = { 1, 2 };
        bit<8> k = 7;
        transition select(hdr.h.a, hdr.h.b) {
            (k, 0): accept;
            (p.x, p.y): accept;
            default: reject;
        }
    }
}

control C(inout hdrs_t hdr, out bit<32> size) {
    Cell<bit<8>>(8w0) cells[4];
    Cell(16w1) inferred[2];
    e_t[0] none;
    apply {
        cells[hdr.h.a[1:0]].write(hdr.h.b);
        hdr.h.a = cells[0].read() + (bit<8>)inferred[1].read();
        size = none[0].minSizeInBits() + 32w1;
    }
}

parser Prs(packet_in pkt, out hdrs_t hdr);
control Ctl(inout hdrs_t hdr, out bit<32> size);
package Top(Prs p, Ctl c);
Top(P(), C()) main;
