export type { DropReason, EngineBaseOptions, EngineStats } from './frame-bookkeeping.js';
export { buildPipelineState, type PipelineState, tableSpecOf } from './pipeline-state.js';
export { PsaEngine, type PsaEngineOptions } from './psa.js';
export { TnaEngine, type TnaEngineOptions } from './tna.js';
export { createTnaServices, type TnaServiceParts } from './tna-services.js';
export { V1_DROP_PORT, V1ModelEngine, type V1ModelEngineOptions } from './v1model.js';
