// Rule: a switch on a value needs core.p4's match_kind exact (p4c implements it as a table)
// expect: 5 not-found
control C(in bit<4> v, out bit<4> r) {
    apply {
        switch (v) {
            4w0: { r = 1; }
            default: { r = 2; }
        }
    }
}
control Ctl(in bit<4> v, out bit<4> r);
package Top(Ctl c);
Top(C()) main;
