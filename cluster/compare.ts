// `netmigrate compare`: the four protocols run one after the other with the same settings,
// each into its own results folder, then the side-by-side comparison (paper Fig. 4–6 shape).

import { join } from 'node:path';
import { err, ok, type Result } from '../runtime/result.js';
import { type ExperimentConfig, PROTOCOL_CHOICES, type ProtocolChoice, resolveOut } from './experiment-config.js';
import { type ExperimentOutcome, type OrchestratorErrorCode, type RunOptions, runExperiment } from './orchestrator.js';
import { writeComparison } from './report/results-folder.js';
import { formatComparison } from './report/summary-table.js';

export interface ComparisonOutcome {
  runs: ExperimentOutcome[];
  /** The comparison folder. */
  out: string;
  comparisonText: string;
}

export async function runComparison(
  config: ExperimentConfig,
  protocols: readonly ProtocolChoice[] = PROTOCOL_CHOICES,
  options: RunOptions & { onRun?: (o: ExperimentOutcome) => void } = {},
): Promise<Result<ComparisonOutcome, OrchestratorErrorCode>> {
  const root = resolveOut(config);
  const runs: ExperimentOutcome[] = [];
  for (const protocol of protocols) {
    options.stream?.write(`\n== ${protocol} ==\n`);
    const r = await runExperiment({ ...config, protocol, out: join(root, protocol) }, options);
    if (!r.ok) return err(r.code, `${protocol}: ${r.message}`);
    runs.push(r.value);
    options.onRun?.(r.value);
  }
  const out = join(root, 'comparison');
  const written = await writeComparison(
    out,
    runs.map((r) => r.results),
  );
  if (!written.ok) return err('IO_ERROR', written.message);
  return ok({ runs, out, comparisonText: formatComparison(runs.map((r) => r.results.summary)) });
}
