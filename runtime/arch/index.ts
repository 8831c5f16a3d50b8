export { buildPipelineState, type PipelineState, tableSpecOf } from './pipeline-state.js';
export { PsaEngine, type PsaEngineOptions } from './psa.js';
export { type DropReason, type EngineStats, TnaEngine, type TnaEngineOptions } from './tna.js';
export { createTnaServices, type TnaServiceParts } from './tna-services.js';
export { V1_DROP_PORT, V1ModelEngine, type V1ModelEngineOptions } from './v1model.js';
