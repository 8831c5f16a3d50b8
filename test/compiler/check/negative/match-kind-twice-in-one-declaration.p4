// Rule: a match kind cannot be named twice in one match_kind declaration (p4c: "Duplicates
// declaration")
// expect: 6 duplicate
#include <core.p4>
match_kind { special,
             special }
