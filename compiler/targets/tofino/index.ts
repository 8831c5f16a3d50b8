export { checkTofino, planTofino, type TofinoOptions } from './check-tofino.js';
export { formatResources, resourcesJson } from './format-resources.js';
export { TofinoMessages } from './messages.js';
export type {
  GressExecution,
  PipeResources,
  PlacedRegister,
  PlacedUnit,
  ResourceMap,
  StageUsage,
} from './resource-map.js';
export type { GressPlan, PlannedUnit, StagePlan } from './stage-plan.js';
export type { StageDemand } from './table-resources.js';
export { type TargetModel, type TofinoModel, targetModel } from './target-model.js';
export type { InstanceFrame, Resolution, Unit, UnitOrigin } from './units.js';
