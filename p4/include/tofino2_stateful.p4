/*
 * p4ts: Tofino 2's registers and stateful-ALU programs (T2NA), included by tofino1_base.p4
 * when _P4TS_TOFINO2_ is defined. Signature-compatible with the public tofino2_base.p4.
 * What each one does, in our words, is in docs/tna-externs.md ("Tofino 2 stateful ALU").
 *
 * Tofino 2's stateful ALU differs from Tofino 1's in what one program can do:
 *  - up to four outputs (rv1..rv4): execute(index, out rv2, out rv3, out rv4) returns rv1 and
 *    copies the others out; RegisterActionN / MinMaxActionN / LearnActionN give each output
 *    a type of its own;
 *  - four comparisons, and predicate() returns one bit set per combination of them (16 bits);
 *  - a divider (`/` and `%` of two operands) and the 128-bit min/max unit (min8/max8 over 16
 *    bytes, min16/max16 over 8 halves, under a lane mask);
 *  - a register can be a FIFO or a stack: enqueue/dequeue and push/pop run apply() on the cell
 *    the register's pointer names, and overflow()/underflow() when it is full or empty;
 *  - clear() writes one value into every cell of the register.
 */

#ifndef _P4TS_TOFINO2_STATEFUL_P4_
#define _P4TS_TOFINO2_STATEFUL_P4_

extern Register<T, I> {
    /* size entries; without an initial value the contents are unspecified. */
    Register(bit<32> size);
    Register(bit<32> size, T initial_value);
    T read(@literal_index in I index);
    T write(@literal_index in I index, in T value);
    /* Writes `value` into every cell. While the hardware sweeps, register actions of this
     * register return `busy`; p4ts finishes the sweep before the next packet. */
    void clear(in T value, @optional in T busy);
}

extern DirectRegister<T> {
    DirectRegister();
    DirectRegister(T initial_value);
    T read();
    T write(in T value);
    void clear(in T value, @optional in T busy);
}

/*
 * Inside apply(), overflow() and underflow() of every action below:
 *   address(subword)   the index of the cell the action runs on;
 *   predicate(c0..c3)  one bit set: bit (c0 + 2*c1 + 4*c2 + 8*c3) of 16;
 *   min8/max8(v, mask, out index[, postmod])   smallest/largest unsigned byte of the 128-bit v
 *       among the lanes whose mask bit is set, and its lane; postmod is added to that lane;
 *   min16/max16        the same over the eight 16-bit halves of v (an 8-bit mask).
 */

/* One stateful-ALU program over a Register; rv2..rv4 are further outputs. */
@noWarn("unused")
extern RegisterAction<T, I, U> {
    RegisterAction(Register<_, _> reg);
    U execute(@optional @literal_index in I index, @optional out U rv2,
              @optional out U rv3, @optional out U rv4);
    /* The cell is the register's log pointer, which advances by one per call. */
    U execute_log(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    /* FIFO: enqueue runs apply() on the cell after the last one queued (overflow() when the
     * register is full); dequeue on the oldest queued cell (underflow() when empty). */
    U enqueue(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    U dequeue(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    /* Stack: push on the cell above the top (overflow() when full); pop on the top cell
     * (underflow() when empty). */
    U push(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    U pop(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    /* apply() on every cell of the register, as clear() does with a constant. */
    void sweep(@optional in U busy);
    @synchronous(execute, execute_log, enqueue, dequeue, push, pop, sweep)
    abstract void apply(inout T value, @optional out U rv1, @optional out U rv2,
                        @optional out U rv3, @optional out U rv4);
    @synchronous(enqueue, push)
    @optional abstract void overflow(@optional inout T value, @optional out U rv1,
                                     @optional out U rv2, @optional out U rv3,
                                     @optional out U rv4);
    @synchronous(dequeue, pop)
    @optional abstract void underflow(@optional inout T value, @optional out U rv1,
                                      @optional out U rv2, @optional out U rv3,
                                      @optional out U rv4);
    U address(@optional bit<1> subword);
    U predicate(@optional in bool cmp0, @optional in bool cmp1,
                @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<8> max8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<16> min16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
    bit<16> max16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
}

/* RegisterAction with two, three or four outputs of their own types. */
extern RegisterAction2<T, I, U1, U2> {
    RegisterAction2(Register<_, _> reg);
    U1 execute(@literal_index in I index, out U2 rv2);
    U1 execute_log(out U2 rv2);
    U1 enqueue(out U2 rv2);
    U1 dequeue(out U2 rv2);
    U1 push(out U2 rv2);
    U1 pop(out U2 rv2);
    @synchronous(execute, execute_log, enqueue, dequeue, push, pop)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2);
    @synchronous(enqueue, push)
    @optional abstract void overflow(@optional inout T value, out U1 rv1, out U2 rv2);
    @synchronous(dequeue, pop)
    @optional abstract void underflow(@optional inout T value, out U1 rv1, out U2 rv2);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<8> max8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<16> min16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
    bit<16> max16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
}

extern RegisterAction3<T, I, U1, U2, U3> {
    RegisterAction3(Register<_, _> reg);
    U1 execute(@literal_index in I index, out U2 rv2, out U3 rv3);
    U1 execute_log(out U2 rv2, out U3 rv3);
    U1 enqueue(out U2 rv2, out U3 rv3);
    U1 dequeue(out U2 rv2, out U3 rv3);
    U1 push(out U2 rv2, out U3 rv3);
    U1 pop(out U2 rv2, out U3 rv3);
    @synchronous(execute, execute_log, enqueue, dequeue, push, pop)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2, out U3 rv3);
    @synchronous(enqueue, push)
    @optional abstract void overflow(@optional inout T value, out U1 rv1, out U2 rv2, out U3 rv3);
    @synchronous(dequeue, pop)
    @optional abstract void underflow(@optional inout T value, out U1 rv1, out U2 rv2, out U3 rv3);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<8> max8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<16> min16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
    bit<16> max16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
}

extern RegisterAction4<T, I, U1, U2, U3, U4> {
    RegisterAction4(Register<_, _> reg);
    U1 execute(@literal_index in I index, out U2 rv2, out U3 rv3, out U4 rv4);
    U1 execute_log(out U2 rv2, out U3 rv3, out U4 rv4);
    U1 enqueue(out U2 rv2, out U3 rv3, out U4 rv4);
    U1 dequeue(out U2 rv2, out U3 rv3, out U4 rv4);
    U1 push(out U2 rv2, out U3 rv3, out U4 rv4);
    U1 pop(out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(execute, execute_log, enqueue, dequeue, push, pop)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(enqueue, push)
    @optional abstract void overflow(@optional inout T value,
                                     out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(dequeue, pop)
    @optional abstract void underflow(@optional inout T value,
                                      out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<8> max8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<16> min16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
    bit<16> max16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
}

/* On a DirectRegister: the cell of the entry the table matched. */
extern DirectRegisterAction<T, U> {
    DirectRegisterAction(DirectRegister<T> reg);
    U execute(@optional out U rv2, @optional out U rv3, @optional out U rv4);
    @synchronous(execute)
    abstract void apply(inout T value, @optional out U rv1, @optional out U rv2,
                        @optional out U rv3, @optional out U rv4);
    U address(@optional bit<1> subword);
    U predicate(@optional in bool cmp0, @optional in bool cmp1,
                @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<8> max8<V>(in V val, in bit<16> mask, @optional out bit<4> index);
    bit<16> min16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
    bit<16> max16<V>(in V val, in bit<8> mask, @optional out bit<3> index);
}

extern DirectRegisterAction2<T, U1, U2> {
    DirectRegisterAction2(DirectRegister<T> reg);
    U1 execute(out U2 rv2);
    @synchronous(execute)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

extern DirectRegisterAction3<T, U1, U2, U3> {
    DirectRegisterAction3(DirectRegister<T> reg);
    U1 execute(out U2 rv2, out U3 rv3);
    @synchronous(execute)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2, out U3 rv3);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

extern DirectRegisterAction4<T, U1, U2, U3, U4> {
    DirectRegisterAction4(DirectRegister<T> reg);
    U1 execute(out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(execute)
    abstract void apply(inout T value, out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

/*
 * The 128-bit min/max unit: apply() sees 128 bits of the register at once, the `index`-th
 * group of 128 / width(T) consecutive cells (cell k of the group in bits k*width(T) and up).
 * postmod, when given, is added to the lane min/max chose, and the group is written back.
 */
extern MinMaxAction<T, I, U> {
    MinMaxAction(Register<T, _> reg);
    U execute(@optional @literal_index in I index, @optional out U rv2,
              @optional out U rv3, @optional out U rv4);
    @synchronous(execute)
    abstract void apply(inout bit<128> value, @optional out U rv1, @optional out U rv2,
                        @optional out U rv3, @optional out U rv4);
    U address(@optional bit<1> subword);
    U predicate(@optional in bool cmp0, @optional in bool cmp1,
                @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<8> postmod);
    bit<8> max8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<8> postmod);
    bit<16> min16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<8> postmod);
    bit<16> max16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<8> postmod);
}

extern MinMaxAction2<T, I, U1, U2> {
    MinMaxAction2(Register<T, _> reg);
    U1 execute(@optional @literal_index in I index, out U2 rv2);
    @synchronous(execute)
    abstract void apply(inout bit<128> value, out U1 rv1, out U2 rv2);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<8> max8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<16> min16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
    bit<16> max16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
}

extern MinMaxAction3<T, I, U1, U2, U3> {
    MinMaxAction3(Register<T, _> reg);
    U1 execute(@optional @literal_index in I index, out U2 rv2, out U3 rv3);
    @synchronous(execute)
    abstract void apply(inout bit<128> value, out U1 rv1, out U2 rv2, out U3 rv3);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<8> max8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<16> min16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
    bit<16> max16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
}

extern MinMaxAction4<T, I, U1, U2, U3, U4> {
    MinMaxAction4(Register<T, _> reg);
    U1 execute(@optional @literal_index in I index, out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(execute)
    abstract void apply(inout bit<128> value, out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
    bit<8> min8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<8> max8(in bit<128> val, in bit<16> mask, @optional out bit<4> index,
                @optional in int<9> postmod);
    bit<16> min16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
    bit<16> max16(in bit<128> val, in bit<8> mask, @optional out bit<3> index,
                  @optional in int<9> postmod);
}

/*
 * Hardware learning (the d-left cache of Tofino 2): apply() also receives the digest of the
 * key the table hashed and whether that key matched an entry (learn). p4ts declares these so
 * programs check; the code generator refuses them (docs/tna-externs.md says why).
 */
extern LearnAction<T, I, D, U> {
    LearnAction(Register<T, I> reg);
    U execute(in I index, @optional out U rv2, @optional out U rv3, @optional out U rv4);
    @synchronous(execute)
    abstract void apply(inout T value, in D digest, in bool learn,
                        @optional out U rv1, @optional out U rv2,
                        @optional out U rv3, @optional out U rv4);
    U address(@optional bit<1> subword);
    U predicate(@optional in bool cmp0, @optional in bool cmp1,
                @optional in bool cmp2, @optional in bool cmp3);
}

extern LearnAction2<T, I, D, U1, U2> {
    LearnAction2(Register<T, I> reg);
    U1 execute(in I index, out U2 rv2);
    @synchronous(execute)
    abstract void apply(inout T value, in D digest, in bool learn, out U1 rv1, out U2 rv2);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

extern LearnAction3<T, I, D, U1, U2, U3> {
    LearnAction3(Register<T, I> reg);
    U1 execute(in I index, out U2 rv2, out U3 rv3);
    @synchronous(execute)
    abstract void apply(inout T value, in D digest, in bool learn,
                        out U1 rv1, out U2 rv2, out U3 rv3);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

extern LearnAction4<T, I, D, U1, U2, U3, U4> {
    LearnAction4(Register<T, I> reg);
    U1 execute(in I index, out U2 rv2, out U3 rv3, out U4 rv4);
    @synchronous(execute)
    abstract void apply(inout T value, in D digest, in bool learn,
                        out U1 rv1, out U2 rv2, out U3 rv3, out U4 rv4);
    A address<A>(@optional bit<1> subword);
    P predicate<P>(@optional in bool cmp0, @optional in bool cmp1,
                   @optional in bool cmp2, @optional in bool cmp3);
}

#endif /* _P4TS_TOFINO2_STATEFUL_P4_ */
