// Rule: an error member is declared once
// expect: 5 duplicate
#include <core.p4>
error {
    NoMatch
}
