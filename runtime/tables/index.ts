export {
  ActionProfile,
  ActionSelector,
  type GroupMemberSpec,
  type GroupView,
  type ProfileErrorCode,
  type ProfileMember,
  reassignSlots,
  type SelectorMode,
} from './action-profile.js';
export { createTable } from './create-table.js';
export { ExactTable } from './exact.js';
export { type EncodedKey, KeyEncoding } from './key-encoding.js';
export { LpmTable } from './lpm.js';
export { type FieldValue, type NormalizedField, normalizeField, type RawFieldMatch, sameField } from './match-key.js';
export { inRange, rangeToTernary } from './range.js';
export {
  type ActionCall,
  type ActionScope,
  type ActionSpec,
  type DefaultAction,
  type EntryRef,
  type EntryRequest,
  type KeyField,
  type MatchKind,
  MatchTable,
  resolveActionCall,
  type TableEntry,
  type TableErrorCode,
  type TableImplementation,
  type TableResult,
  type TableSpec,
  toFieldValue,
} from './table.js';
export { TernaryTable } from './ternary.js';
