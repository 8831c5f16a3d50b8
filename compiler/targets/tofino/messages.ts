// Diagnostics of the Tofino target checks (codes 4000-4999): stage allocation, per-stage
// resources, register and stateful-ALU rules, action (VLIW) instructions. Gathered into the
// compiler's one message table by compiler/diagnostics/messages.ts.

import { msg } from '../../diagnostics/diagnostic.js';

export const TofinoMessages = {
  // stage allocation
  pipelineOverflow: msg(
    4000,
    'overlimit',
    (what: string, stage: number, stages: number, chain: string) =>
      `${what} needs stage ${stage + 1} but the target has ${stages} stages: the dependency chain is ${chain}`,
  ),
  stageFull: msg(
    4001,
    'overlimit',
    (what: string, stage: number, detail: string) => `${what} does not fit in stage ${stage}: ${detail}`,
  ),
  pinBeforeDependency: msg(
    4002,
    'stage-pragma',
    (what: string, pin: number, earliest: number, reason: string) =>
      `${what} is pinned to stage ${pin} by @stage, but it cannot run before stage ${earliest}: ${reason}; bf-p4c takes @stage as the earliest stage, so it is placed from stage ${earliest}`,
    'warning',
  ),
  pinOutOfRange: msg(
    4003,
    'stage-pragma',
    (what: string, pin: string, stages: number) => `@stage(${pin}) on ${what}: stages are numbered 0 to ${stages - 1}`,
  ),
  tableSpansStages: msg(
    4004,
    'table-split',
    (what: string, first: number, last: number) =>
      `${what} is larger than one stage: it is split across stages ${first} to ${last}`,
    'warning',
  ),
  tableAppliedTwice: msg(
    4006,
    'table-apply',
    (table: string) =>
      `table '${table}' is applied again on a path where it was already applied; a table may be applied more than once only on mutually exclusive paths`,
  ),
  overflowByWriteOrder: msg(
    4007,
    'overlimit',
    (reason: string) =>
      `the program fits only when writes of one field share a stage, in program order (write-after-write orderings, where p4ts's model may count more stages than bf-p4c); kept in separate stages: ${reason}; accepted`,
    'warning',
  ),
  overflowByEstimate: msg(
    4008,
    'overlimit',
    (reason: string, chainStages: number, stages: number) =>
      `p4ts's resource estimates place the program past the last stage (${reason}), but its dependency chains need only ${chainStages} of the target's ${stages} stages; bf-p4c packs memory, tables and gateways more tightly than these estimates (docs/tofino-resources.md "Estimates and certainties"), so the program is accepted with the placement of the chains`,
    'warning',
  ),
  overflowByActionChain: msg(
    4009,
    'overlimit',
    (needed: number, stages: number, reason: string, certainStages: number) =>
      `p4ts's placement needed ${needed} stages of the target's ${stages} (${reason}); the chains bf-p4c must also give a stage each (match dependencies, action dependencies on a table or a register, registers and @stage pins) need only ${certainStages}, and the rest are action dependencies between statements of the apply body that bf-p4c's action synthesis may place in one stage, so bf-p4c may still fit the program (docs/tofino-resources.md "Estimates and certainties"); accepted, placed by those chains (--strict-fit makes this an error)`,
    'warning',
  ),
  loopInControl: msg(
    4005,
    'unsupported-on-target',
    () => 'loops in a control are not supported by the Tofino target; p4ts leaves this one out of stage allocation',
    'warning',
  ),

  // registers
  registerWidth: msg(
    4010,
    'unsupported-on-target',
    (reg: string, type: string) =>
      `register '${reg}' has type ${type}: a Tofino register holds bit<1>, 8, 16, 32 or 64 bits, or a pair of two equal 8-, 16- or 32-bit halves (Tofino 2 also bit<128> and pairs of 64-bit halves)`,
  ),
  registerWidthRounded: msg(
    4011,
    'unsupported-on-target',
    (reg: string, width: number, rounded: number) =>
      `register '${reg}' is ${width} bits wide; the stateful ALU works on ${rounded}-bit cells, so it is stored as bit<${rounded}>`,
    'warning',
  ),
  tooManyRegisterInstructions: msg(
    4016,
    'overlimit',
    (reg: string, count: number, methods: number) =>
      `register '${reg}' is accessed by ${count} actions and register actions (${methods} of them actions calling its read or write, each an instruction of its own); a stateful ALU holds at most 4 instructions`,
  ),
  tooManyRegisterActions: msg(
    4012,
    'overlimit',
    (reg: string, count: number) =>
      `register '${reg}' has ${count} register actions; a stateful ALU holds at most 4 instructions`,
  ),
  registerTwicePerPass: msg(
    4013,
    'register-access',
    (reg: string, first: string, second: string) =>
      `register '${reg}' is accessed by two register actions on one path ('${first}' and '${second}'); a register may run one action per packet`,
  ),
  registerStageConflict: msg(
    4014,
    'register-access',
    (reg: string, first: string, firstStage: number, second: string, secondStage: number) =>
      `register '${reg}' lives in one stage, but its accesses cannot share one: '${first}' is in stage ${firstStage} and '${second}' cannot run before stage ${secondStage}`,
  ),
  registerTooLarge: msg(
    4015,
    'overlimit',
    (reg: string, blocks: number, limit: number) =>
      `register '${reg}' needs ${blocks} RAM blocks but one stage gives a stateful ALU at most ${limit}`,
  ),

  // stateful ALU (RegisterAction apply bodies)
  saluTooManyConditions: msg(
    4020,
    'salu',
    (ra: string, count: number, max = 2) =>
      `register action '${ra}' tests ${count} different conditions; a stateful ALU evaluates at most ${max}`,
  ),
  saluConditionMaybe: msg(
    4029,
    'salu',
    (ra: string, op: string) =>
      `register action '${ra}': Tofino 1 compares sums and differences; '${op}' in a condition may not fit a stateful ALU`,
    'warning',
  ),
  saluTooManyUpdates: msg(
    4022,
    'salu',
    (ra: string, half: string, count: number) =>
      `register action '${ra}' computes ${count} different values for ${half}; a stateful ALU has 2 update units per half`,
  ),
  saluOperator: msg(
    4023,
    'salu',
    (ra: string, op: string) => `register action '${ra}' uses '${op}', which a stateful ALU cannot compute`,
  ),
  saluStatement: msg(
    4024,
    'salu',
    (ra: string, what: string) => `register action '${ra}': ${what} cannot run in a stateful ALU`,
  ),
  saluTooManyOperands: msg(
    4025,
    'salu',
    (ra: string, operands: string) =>
      `register action '${ra}' reads ${operands} from the packet; a stateful ALU takes at most 2 packet operands`,
  ),
  saluTooManyConstants: msg(
    4026,
    'salu',
    (ra: string, count: number) =>
      `register action '${ra}' needs ${count} large constants; a stateful ALU has a register file of 4`,
  ),
  saluOutput: msg(
    4027,
    'salu',
    (ra: string, why: string) =>
      `register action '${ra}': the output may not fit the stateful ALU's output unit: ${why}`,
    'warning',
  ),
  saluMinMaxInCondition: msg(
    4028,
    'salu',
    (ra: string) =>
      `register action '${ra}': a min/max in a stateful ALU writes back to the register; it cannot be compared in a condition`,
  ),

  // actions (VLIW)
  noInstruction: msg(
    4030,
    'unsupported-on-target',
    (action: string, what: string) => `action '${action}': the target has no instruction for ${what}`,
  ),
  writtenTwice: msg(
    4031,
    'action-write',
    (action: string, dest: string) =>
      `action '${action}' writes '${dest}' twice and the second value reads the first; an action writes each destination once`,
  ),
  deadWrite: msg(
    4032,
    'action-write',
    (action: string, dest: string) => `action '${action}' overwrites '${dest}'; the first write has no effect`,
    'warning',
  ),
  // addressing of indirect externs (bf-p4c's rules; docs/tofino-resources.md)
  counterAddressDiffers: msg(
    4060,
    'indirect-address',
    (table: string, action: string, a: string, ia: string, b: string, ib: string) =>
      `table '${table}': action '${action}' indexes counter '${a}' with '${ia}' and counter '${b}' with '${ib}'; the counters of one table share one address`,
  ),
  counterEnableDiffers: msg(
    4061,
    'indirect-address',
    (table: string, action: string, a: string, b: string) =>
      `table '${table}': action '${action}' counts '${a}' but not '${b}'; the counters of one table share one address and one enable, so an action that counts one counts all`,
  ),
  saluTwoInstructions: msg(
    4063,
    'salu',
    (ra: string, e: string) =>
      `register action '${ra}': '${e}' takes more than one ALU instruction; only an outermost '|' may join two`,
  ),
  saluSliceOfResult: msg(
    4064,
    'salu',
    (ra: string, e: string) =>
      `register action '${ra}': '${e}' slices the result of an instruction, which a stateful ALU cannot do`,
  ),
  saluDivide: msg(
    4066,
    'salu',
    (ra: string, why: string) =>
      `register action '${ra}' ${why}: Tofino 2's stateful ALU has one divider, whose quotient and remainder are outputs of one pair of operands`,
  ),
  saluMinMaxUnit: msg(
    4067,
    'salu',
    (ra: string, method: string, why: string) =>
      `register action '${ra}': ${method} runs on Tofino 2's one 128-bit min/max unit, and ${why}`,
  ),
  adjustByteCountNotConstant: msg(
    4065,
    'not-constant',
    (action: string, e: string) => `action '${action}': adjust_byte_count '${e}' must be a compile-time constant`,
  ),
  // parser writes (bf-p4c's errors/parser_multi_write_* tests, docs/tofino-resources.md)
  parserTwoDeposits: msg(
    4070,
    'parser-write',
    (field: string, state: string) =>
      `field '${field}' already receives a checksum residual deposited in state '${state}': it is not possible to deposit two checksum residuals into one field`,
  ),
  parserVerifyRewritten: msg(
    4071,
    'parser-write',
    (field: string, other: string, state: string) =>
      `a checksum verify result is assigned to '${field}', which is also ${other} in state '${state}' on the same parser path; the parser writes a verify result only to a field written once per packet`,
  ),
  parserMixedWrite: msg(
    4072,
    'parser-write',
    (field: string, state: string) =>
      `'${field}' is ORed with a new value here but was previously assigned in state '${state}' on the same parser path, after an earlier assignment: a Tofino parser cannot both overwrite a field and OR into it`,
  ),
  hashEmptyFieldList: msg(
    4062,
    'hash-field-list',
    () => `a hash of an empty field list: the field list cannot be empty`,
  ),
  wideOperation: msg(
    4033,
    'unsupported-on-target',
    (action: string, what: string) =>
      `action '${action}': ${what} may need several instructions or be rejected by the target`,
    'warning',
  ),
};
