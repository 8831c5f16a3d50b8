export { buildPipelineState, type PipelineState, tableSpecOf } from './pipeline-state.js';
export { type DropReason, type EngineStats, TnaEngine, type TnaEngineOptions } from './tna.js';
export { createTnaServices, type TnaServiceParts } from './tna-services.js';
