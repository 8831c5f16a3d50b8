// Rule: a program cannot declare a match kind that an architecture header already declares
// (p4c issue 5085: a match kind is declared once, across declarations)
// expect: 6 duplicate
#include <core.p4>
#include <v1model.p4>
match_kind { range }
