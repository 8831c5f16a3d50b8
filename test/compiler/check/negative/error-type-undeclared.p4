// Rule: the type error exists only when the program declares errors (error { ... })
// expect: 6 not-found
extern packet_in { void advance(in bit<32> bits); }
parser P(packet_in pkt);
control C() {
    error e;
    apply {}
}
