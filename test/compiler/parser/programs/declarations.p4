// Every kind of top-level declaration (P4_16 spec appendix "Declarations").
error { NoError, PacketTooShort, NoMatch }
match_kind { exact, ternary, lpm, range, optional, }
error { ExtraError }

const bit<32> SIZE = 1_024;
const int<8> NEG = -8s3;
const bit<16> MASK = 16w0xFF_FF;
const bit<8> BIN = 8w0b1010_0101;
const bit<8> OCT = 0o17;
const bit<8> DEC = 0d99;
const bool FLAG = true;
const string NAME = "a \"quoted\" name\n";

typedef bit<48> mac_t;
type bit<9> port_t;
typedef bit<(SIZE * 2)> wide_t;
typedef bit<8>[4] bytes4_t;

@name("eth") header ethernet_t {
    mac_t dst;
    mac_t src;
    @format("hex") bit<16> ether_type;
}
header vlan_t { bit<3> pcp; bit<1> cfi; bit<12> vid; bit<16> ether_type; }
header opt_t { varbit<320> data; }
header_union ip_u { ethernet_t a; vlan_t b; }
struct pair_t<T> { T first; T second; }
struct headers_t {
    ethernet_t ethernet;
    vlan_t[2] vlan;
    ip_u u;
    pair_t<bit<8>> pair;
    tuple<bit<8>, bool> t;
}
struct meta_t { bit<8> a; bool b; error e; int<16> i; }
enum color_t { RED, GREEN, BLUE }
enum bit<8> proto_t { TCP = 6, UDP = 17, }
typedef struct inner_t { bit<8> x; } inner_alias_t;

extern packet_in {
    void extract<T>(out T hdr);
    void extract<T>(out T hdr, in bit<32> bits);
    T lookahead<T>();
}
extern Register<T, I> {
    Register(bit<32> size);
    Register(bit<32> size, T initial);
    T read(in I index);
    void write(in I index, in T value);
}
extern RegisterAction<T, I, U> {
    RegisterAction(Register<T, I> reg);
    U execute(in I index);
    @synchronous(execute) abstract void apply(inout T value, @optional out U rv);
}
extern Hash<W> { Hash(bit<8> algo); W get<D>(in D data); }
extern Forward;
extern void mark_to_drop();
extern bool verify_it(in bool condition, in error err);
extern widget<T> { }
extern widget<T> make_widget<T, U>(U a, T b);
extern E static_cast<E>(in bit<8> x);

parser Parser<H>(packet_in pkt, out H hdr);
control Ingress<H, M>(inout H hdr, inout M meta);
package Switch<H, M>(Parser<H> p, Ingress<H, M> ig);

bit<8> max8(in bit<8> a, in bit<8> b) {
    if (a > b) return a;
    return b;
}
T id<T>(in T x) { return x; }
void nothing() { }

Register<bit<32>, bit<16>>(1024) reg;
Register<bit<32>, bit<16>>(1024, 32w7) reg2;
RegisterAction<bit<32>, bit<16>, bit<32>>(reg) ra = {
    void apply(inout bit<32> v, out bit<32> rv) {
        rv = v;
        v = v |+| 1;
    }
};
Hash<bit<16>>(8w1) hasher;
