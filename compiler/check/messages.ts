// Diagnostics of name resolution and type checking (codes 2000-2999), gathered into the
// compiler's one message table by compiler/diagnostics/messages.ts. Names are p4c's kebab-case
// categories, so --Wdisable and the negative corpus can refer to them.

import { msg } from '../diagnostics/diagnostic.js';

export const CheckMessages = {
  // names
  notFound: msg(2000, 'not-found', (name: string) => `cannot find '${name}'`),
  notAType: msg(2001, 'type-error', (name: string) => `'${name}' is not a type`),
  notAValue: msg(2002, 'type-error', (name: string, what: string) => `'${name}' is ${what}, not a value`),
  duplicate: msg(2003, 'duplicate', (name: string) => `'${name}' is already declared in this scope`),
  shadowsParameter: msg(2007, 'shadow', (name: string) => `the declaration of '${name}' hides a parameter '${name}'`),
  declaredHere: msg(2004, 'note', (name: string) => `'${name}' declared here`, 'note'),
  noMember: msg(2005, 'not-found', (type: string, member: string) => `${type} has no member '${member}'`),
  duplicateMember: msg(2006, 'duplicate', (what: string, name: string) => `${what} '${name}' is declared twice`),

  // types
  typeMismatch: msg(2010, 'type-error', (from: string, to: string) => `cannot convert ${from} to ${to}`),
  assignMismatch: msg(2011, 'type-error', (from: string, to: string) => `cannot assign ${from} to ${to}`),
  operandType: msg(2012, 'type-error', (op: string, type: string) => `operator ${op} cannot be applied to ${type}`),
  operandMismatch: msg(
    2013,
    'type-error',
    (op: string, a: string, b: string) => `operands of ${op} have different types: ${a} and ${b}`,
  ),
  castInvalid: msg(2014, 'type-error', (from: string, to: string) => `cannot cast ${from} to ${to}`),
  conditionNotBool: msg(2015, 'type-error', (type: string) => `a condition must be bool, not ${type}`),
  widthInvalid: msg(2016, 'type-error', (type: string, width: string) => `invalid width ${width} for ${type}`),
  cannotInferWidth: msg(
    2017,
    'type-error',
    (what: string) => `cannot infer the width of ${what}; give the integer a type (e.g. 8w1)`,
  ),
  shiftAmount: msg(
    2018,
    'type-error',
    (type: string) => `a shift amount must be unsigned (bit<W> or a non-negative int), not ${type}`,
  ),
  sliceBounds: msg(
    2019,
    'type-error',
    (hi: string, lo: string, type: string) => `slice [${hi}:${lo}] is out of bounds for ${type}`,
  ),
  indexOutOfBounds: msg(
    2020,
    'out-of-bounds',
    (index: string, size: number) => `index ${index} is out of bounds for a stack of size ${size}`,
  ),
  notIndexable: msg(2021, 'type-error', (type: string) => `${type} cannot be indexed`),
  fieldType: msg(
    2022,
    'type-error',
    (what: string, field: string, type: string) => `field '${field}' of ${what} cannot have type ${type}`,
  ),
  stackElementType: msg(
    2023,
    'type-error',
    (type: string) => `the elements of a header stack or array must be data, not ${type}`,
  ),
  typeArgCount: msg(
    2024,
    'type-error',
    (name: string, expected: number, given: number) =>
      `'${name}' expects ${expected} type arguments, but ${given} were given`,
  ),
  notGeneric: msg(2025, 'type-error', (name: string) => `'${name}' is not generic`),
  serEnumUnderlying: msg(
    2026,
    'type-error',
    (type: string) => `a serializable enum's type must be bit<W> or int<W>, not ${type}`,
  ),
  serEnumNoValue: msg(
    2027,
    'type-error',
    (member: string) => `member '${member}' of a serializable enum needs a value`,
  ),
  invalidHeaderContext: msg(2028, 'type-error', (type: string) => `{#} cannot be a value of type ${type}`),
  dontCareNotAllowed: msg(2029, 'invalid-expression', () => `'_' is only allowed in keysets and as an out argument`),
  notAllowedHere: msg(2030, 'invalid-expression', (what: string, where: string) => `${what} is not allowed ${where}`),
  structFields: msg(2031, 'type-error', (type: string, detail: string) => `cannot build ${type}: ${detail}`),
  listArity: msg(
    2032,
    'type-error',
    (type: string, expected: number, given: number) => `${type} has ${expected} elements, but ${given} were given`,
  ),

  // compile-time values
  notConstant: msg(2040, 'not-constant', (what: string) => `${what} must be a compile-time constant`),
  overflow: msg(
    2041,
    'overflow',
    (value: string, type: string, wrapped: string) => `${value} does not fit in ${type}; it becomes ${wrapped}`,
    'warning',
  ),
  foldFailed: msg(2042, 'expression', (reason: string) => `cannot evaluate: ${reason}`),
  runtimeDivision: msg(
    2043,
    'invalid',
    (op: string) =>
      `${op} needs operands known at compile time (or a divisor that is a power of two): the target cannot divide at run time`,
  ),

  // l-values and directions
  notLvalue: msg(2050, 'not-lvalue', (what: string) => `${what} cannot be assigned (it is not an l-value)`),
  outArgNotLvalue: msg(
    2051,
    'direction',
    (dir: string, param: string) => `the argument for ${dir} parameter '${param}' must be assignable (an l-value)`,
  ),
  paramRule: msg(2052, 'type-error', (param: string, rule: string) => `parameter '${param}': ${rule}`),
  actionParamOrder: msg(
    2053,
    'direction',
    (param: string) => `directionless action parameter '${param}' must come after every parameter with a direction`,
  ),
  exactArgType: msg(
    2054,
    'type-error',
    (dir: string, param: string, from: string, to: string) =>
      `the argument for ${dir} parameter '${param}' has type ${from}, but must be exactly ${to}`,
  ),

  // calls
  notCallable: msg(2060, 'type-error', (what: string) => `${what} cannot be called`),
  argCount: msg(
    2061,
    'arguments',
    (name: string, expected: string, given: number) => `'${name}' takes ${expected} arguments, but ${given} were given`,
  ),
  noOverload: msg(
    2062,
    'arguments',
    (name: string, given: number) => `no overload of '${name}' accepts these ${given} arguments`,
  ),
  ambiguousCall: msg(2063, 'arguments', (name: string) => `the call of '${name}' matches more than one overload`),
  argType: msg(
    2064,
    'type-error',
    (param: string, from: string, to: string) =>
      `the argument for parameter '${param}' has type ${from}, but ${to} is expected`,
  ),
  unknownParam: msg(2065, 'arguments', (name: string, param: string) => `'${name}' has no parameter named '${param}'`),
  missingArg: msg(2066, 'arguments', (param: string) => `missing the argument for parameter '${param}'`),
  mixedNamedArgs: msg(2067, 'arguments', () => `either all arguments are named or none is`),
  cannotInfer: msg(
    2068,
    'type-error',
    (typeVar: string, name: string) => `cannot infer type argument '${typeVar}' of '${name}'`,
  ),
  duplicateArg: msg(2069, 'arguments', (param: string) => `parameter '${param}' is given twice`),

  // statements
  returnValue: msg(2070, 'type-error', (detail: string) => detail),
  statementNotAllowed: msg(
    2071,
    'invalid-statement',
    (what: string, where: string) => `${what} is not allowed in ${where}`,
  ),
  switchLabel: msg(
    2072,
    'type-error',
    (label: string, type: string) => `'${label}' is not a label of a switch on ${type}`,
  ),
  duplicateLabel: msg(2073, 'duplicate', (label: string) => `switch label '${label}' appears twice`),
  defaultNotLast: msg(2074, 'invalid-statement', () => `the default label must be the last one`),
  switchType: msg(2075, 'type-error', (type: string) => `cannot switch on ${type}`),
  missingReturn: msg(2076, 'type-error', (name: string) => `function '${name}' does not return a value on every path`),

  // parsers
  missingStart: msg(2080, 'not-found', (parser: string) => `parser '${parser}' has no 'start' state`),
  reservedState: msg(2081, 'duplicate', (state: string) => `'${state}' is a built-in state and cannot be declared`),
  notAState: msg(2082, 'type-error', (name: string) => `'${name}' is not a parser state`),
  selectArity: msg(
    2083,
    'type-error',
    (given: number, expected: number) => `this case has ${given} keys, but the select has ${expected}`,
  ),
  keysetType: msg(
    2084,
    'type-error',
    (keyset: string, type: string) => `keyset of type ${keyset} cannot match ${type}`,
  ),
  multipleVarbits: msg(
    2087,
    'type-error',
    (a: string, b: string) => `cannot extract a header with more than one varbit field ('${a}' and '${b}')`,
  ),
  parserNeverEnds: msg(
    2086,
    'unreachable',
    (parser: string) => `parser '${parser}' never reaches the accept or reject state`,
  ),
  selectKeyType: msg(2085, 'type-error', (type: string) => `cannot select on a value of type ${type}`),

  // tables
  notMatchKind: msg(2090, 'type-error', (name: string) => `'${name}' is not a match kind`),
  keyType: msg(
    2091,
    'type-error',
    (type: string, matchKind: string) => `a '${matchKind}' key cannot have type ${type}`,
  ),
  notAnAction: msg(2092, 'type-error', (name: string) => `'${name}' is not an action`),
  actionNotInTable: msg(
    2093,
    'not-found',
    (action: string, table: string) => `action '${action}' is not in the actions of table '${table}'`,
  ),
  missingActions: msg(2094, 'missing-property', (table: string) => `table '${table}' has no actions property`),
  duplicateProperty: msg(
    2095,
    'duplicate',
    (property: string) => `table property '${property}' is given more than once`,
  ),
  entryArity: msg(
    2096,
    'type-error',
    (given: number, expected: number) => `this entry has ${given} keys, but the table has ${expected}`,
  ),
  entryMatchKind: msg(
    2097,
    'type-error',
    (keyset: string, matchKind: string) => `${keyset} cannot be used for a '${matchKind}' key`,
  ),
  entriesWithoutKey: msg(2098, 'missing-property', (table: string) => `table '${table}' has entries but no key`),
  propertyType: msg(
    2099,
    'type-error',
    (property: string, expected: string) => `table property '${property}' must be ${expected}`,
  ),
  actionArgs: msg(2100, 'arguments', (action: string, detail: string) => `action '${action}': ${detail}`),
  prioritiesNotNeeded: msg(
    2102,
    'type-error',
    (table: string) => `the key of table '${table}' has only exact and lpm fields, so its entries take no priorities`,
  ),
  firstEntryPriority: msg(2103, 'type-error', () => `the first entry must have a priority when any entry has one`),
  priorityOverflow: msg(
    2104,
    'overlimit',
    (table: string, value: string) =>
      `an entry of table '${table}' would get priority ${value}; priorities must be positive`,
  ),
  duplicateEntry: msg(2105, 'duplicate', () => `an earlier entry has the same keys`),
  actionPlacement: msg(
    2106,
    'type-error',
    (action: string, annotation: string, where: string) =>
      `action '${action}' is marked @${annotation} and cannot be used ${where}`,
  ),
  entriesBeforeKey: msg(
    2107,
    'type-error',
    (table: string) => `the entries of table '${table}' must come after its key`,
  ),
  actionsAfterUse: msg(
    2109,
    'missing-property',
    (table: string) => `table '${table}' has no actions list before its default_action`,
  ),
  tableSelfReference: msg(2108, 'type-error', (table: string) => `table '${table}' cannot refer to itself`),
  tableApplyNotAllowed: msg(2101, 'invalid-call', (where: string) => `a table cannot be applied in ${where}`),

  // instances, packages, programs
  notInstantiable: msg(2110, 'type-error', (type: string) => `cannot instantiate ${type}`),
  abstractMissing: msg(
    2111,
    'abstract',
    (method: string, type: string) => `abstract method '${method}' of ${type} is not implemented`,
  ),
  notAbstract: msg(
    2112,
    'abstract',
    (method: string, type: string) => `'${method}' is not an abstract method of ${type}`,
  ),
  abstractByConstructorCall: msg(
    2119,
    'type-error',
    (type: string) =>
      `${type} has abstract methods: declare an instance with an initializer instead of a constructor call`,
  ),
  thisOutside: msg(2113, 'invalid-expression', () => `'this' can only be used in the initializer of an instance`),
  noMain: msg(2114, 'no-main', () => `the program has no 'main' package instantiation`, 'warning'),
  mainNotPackage: msg(2115, 'type-error', (type: string) => `'main' must be a package instance, not ${type}`),
  instantiationNotAllowed: msg(
    2116,
    'invalid-statement',
    (type: string, where: string) => `${type} cannot be instantiated in ${where}`,
  ),
  instantiationInFunction: msg(
    2135,
    'invalid-statement',
    (type: string, where: string) => `${type} cannot be instantiated in ${where}`,
  ),
  implementationMismatch: msg(
    2118,
    'type-error',
    (method: string, detail: string) => `'${method}' does not match its abstract declaration: ${detail}`,
  ),

  // type arguments and tuples
  selfTypeArgument: msg(2120, 'type-error', (name: string) => `'${name}' cannot contain itself as a type argument`),
  typeArgumentKind: msg(2121, 'type-error', (type: string) => `${type} cannot be used as a type argument`),
  cannotInferParam: msg(
    2123,
    'type-error',
    (param: string, reason: string) => `cannot infer a type for parameter '${param}': ${reason}`,
  ),
  argumentKind: msg(2124, 'type-error', (type: string) => `an argument cannot have type ${type}`),
  controlPlaneName: msg(
    2125,
    'duplicate',
    (name: string, what: string) => `'${name}' is already the control-plane name of another ${what}`,
  ),
  annotationNotString: msg(2126, 'type-error', (name: string) => `the @${name} annotation takes one string`),
  keyNeedsName: msg(2127, 'expected', () => `a key expression this complex needs a @name annotation`),
  duplicateAnnotation: msg(
    2128,
    'duplicate',
    (name: string) => `annotation '@${name}' appears twice; a structured annotation must be the only one of its name`,
  ),
  structuredAnnotationValue: msg(
    2129,
    'type-error',
    (type: string) => `a structured annotation's value must be a constant int, string or bool, not ${type}`,
  ),
  coreDeclarationMissing: msg(
    2130,
    'not-found',
    (what: string, why: string) => `cannot find ${what}, which is needed because ${why}; did you include core.p4?`,
  ),
  coreDeclarationMismatch: msg(
    2131,
    'type-error',
    (name: string, problem: string) =>
      `'${name}' ${problem}, as in core.p4 (a table without default_action uses it); did you include core.p4?`,
  ),
  unreachable: msg(
    2132,
    'unreachable',
    () => `this code is unreachable: the statement before it always leaves`,
    'warning',
  ),
  readBeforeWrite: msg(
    2133,
    'uninitialized-use',
    (name: string) => `'${name}' may be read before it is written (it has no value on some path)`,
    'warning',
  ),
  errorTypeUndeclared: msg(
    2134,
    'not-found',
    () => `cannot find the type 'error': the program declares no errors (error { ... }); did you include core.p4?`,
  ),
  aliasedOutArguments: msg(
    2136,
    'ordering',
    (a: string, b: string) =>
      a === b
        ? `'${a}' is given twice to out or inout parameters of this call: the later copy-out overwrites the earlier`
        : `out or inout arguments '${a}' and '${b}' have storage in common: '${b}' is copied out later and overwrites it`,
    'warning',
  ),
  unusedDeclaration: msg(
    2137,
    'unused',
    (what: string, name: string) => `${what} '${name}' is declared but never used`,
    'warning',
  ),
  tupleElement: msg(2122, 'type-error', (type: string) => `a tuple element cannot have type ${type}`),
};
