/* p4ts: the Tofino stateful ALU for v1model programs, the externs bf-p4c's
 * <tofino/stateful_alu.p4> declares (docs/v1model.md, "Tofino stateful ALU"). Include it
 * after v1model.p4. A RegisterAction runs its apply() on one cell of a v1model register
 * atomically, as the TNA RegisterAction does on a Register (docs/tna-externs.md). */
#ifndef _P4TS_TOFINO_STATEFUL_ALU_P4_
#define _P4TS_TOFINO_STATEFUL_ALU_P4_

#if !defined(_V1_MODEL_P4_)
extern register;
extern action_selector;
#endif

/* v1model's register takes an index type from version 20200408 on. */
#if V1MODEL_VERSION >= 20200408
#define __P4TS_SALU_REGISTER register<_, _>
#else
#define __P4TS_SALU_REGISTER register<_>
#endif

/* A math unit: execute(x) looks x up in a table of 16 values (data) after scaling. */
extern math_unit<T, U> {
    math_unit(bool invert, int<2> shift, int<6> scale, U data);
    T execute(in T x);
}

/* The stateful ALU's min and max, usable inside apply(). */
extern T max<T>(in T t1, in T t2);
extern T min<T>(in T t1, in T t2);

/* execute(index) runs apply() on cell `index` and returns rv; execute_log() runs it on a
 * cell whose index advances by one on every call (a log). */
@noWarn("unused")
extern RegisterAction<T, I, U> {
    RegisterAction(__P4TS_SALU_REGISTER reg);
    U execute(in I index);
    U execute_log();
    @synchronous(execute, execute_log)
    abstract void apply(inout T value, @optional out U rv);
    U predicate(@optional in bool cmplo, @optional in bool cmphi);
}

/* On a register of size 0: one cell per entry of the table whose action executes it. */
extern DirectRegisterAction<T, U> {
    DirectRegisterAction(__P4TS_SALU_REGISTER reg);
    U execute();
    @synchronous(execute)
    abstract void apply(inout T value, @optional out U rv);
    U predicate(@optional in bool cmplo, @optional in bool cmphi);
}

/* apply() on the liveness bit of a selector member. */
extern SelectorAction {
    SelectorAction(action_selector sel);
    bit<1> execute(@optional in bit<32> index);
    @synchronous(execute)
    abstract void apply(inout bit<1> value, @optional out bit<1> rv);
}

#endif /* _P4TS_TOFINO_STATEFUL_ALU_P4_ */
