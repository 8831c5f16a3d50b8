// Rule: some path of transitions from start reaches accept or reject
// expect: 4 unreachable
#include <core.p4>
parser P(packet_in pkt) {
    state start { transition s1; }
    state s1 { transition s2; }
    state s2 { transition s1; }
}
parser Q(packet_in pkt) {
    state start { transition q1; }
    state q1 { }
}
