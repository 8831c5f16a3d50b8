/*
 * p4ts: the P4_16 core library (language-level built-ins every program may use).
 * Written for p4ts from the P4_16 language specification (section "P4 core library");
 * declarations are signature-compatible with the reference core.p4 so that programs
 * written against it compile unchanged.
 */

#ifndef _CORE_P4_
#define _CORE_P4_

/* Errors any parser may raise; architectures and programs add their own. */
error {
    NoError,                /* nothing went wrong */
    PacketTooShort,         /* extract ran past the end of the packet */
    NoMatch,                /* no select case matched */
    StackOutOfBounds,       /* next/last/index outside a header stack */
    HeaderTooShort,         /* varbit extract longer than the field */
    ParserTimeout,          /* the target's parser time budget was exhausted */
    ParserInvalidArgument   /* a parser call got an argument the target cannot handle */
}

/* The packet as the parser reads it. */
extern packet_in {
    /* Fill a fixed-size header from the packet and move past it. */
    void extract<T>(out T hdr);
    /* Fill a header whose single varbit field takes the given number of bits. */
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    /* Peek at the next bits without moving. */
    T lookahead<T>();
    /* Skip bits. */
    void advance(in bit<32> sizeInBits);
    /* Whole packet length in bytes (not every target offers it). */
    bit<32> length();
}

/* The packet as the deparser writes it. */
extern packet_out {
    /* Append a header, a stack, a union or a struct of those (invalid headers emit nothing). */
    void emit<T>(in T hdr);
}

/* In a parser: when check is false, record toSignal as the parser error and reject. */
extern void verify(in bool check, in error toSignal);

/* The action that does nothing: default for tables that declare no other. */
@noWarn("unused")
action NoAction() {}

/* Match kinds every architecture knows; architectures may add more. */
match_kind {
    exact,
    ternary,
    lpm
}

/* Compile-time assertion; returns true so it can initialise a constant. */
extern bool static_assert(bool check, string message);
extern bool static_assert(bool check);

#endif /* _CORE_P4_ */
