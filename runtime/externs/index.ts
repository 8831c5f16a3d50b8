export { Checksum, internetChecksum } from './checksum.js';
export { Counter, type CounterSpec, type CounterType, type CounterValue } from './counter.js';
export {
  CRC64_REDIS,
  Crc,
  type CrcParams,
  type CrcResult,
  crc64Redis,
  createCrc,
  reflectBits,
  validateCrcParams,
} from './crc.js';
export { HASH_ALGORITHM_CRCS, NAMED_CRCS, type NamedCrc } from './crc-catalogue.js';
export { DEFAULT_ENTRY_HANDLE, DirectCounter, DirectRegister, DirectRegisterAction } from './direct-externs.js';
export { DirectMeter } from './direct-meter.js';
export { cellsFor, type Extern, type ExternKind } from './extern.js';
export { FieldList } from './field-list.js';
export {
  type CRCPolynomial,
  createHash,
  Hash,
  type HashAlgorithm,
  type HashConfig,
  type HashErrorCode,
  namedPolynomial,
} from './hash.js';
export { MathUnit, type MathUnitConfig } from './math-unit.js';
export {
  GREEN,
  Meter,
  type MeterColor,
  type MeterConfig,
  type MeterSpec,
  type MeterType,
  RED,
  YELLOW,
} from './meter.js';
export { ParserCounter } from './parser-counter.js';
export { PsaChecksum } from './psa-checksum.js';
export { Random } from './random.js';
export { createRegister, RegisterArray, type RegisterErrorCode, type RegisterSpec } from './register.js';
export { residualAfter } from './residual-checksum.js';
export { type MinMaxResult, saluMinMax } from './salu-minmax.js';
