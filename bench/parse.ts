// Front-end throughput: preprocess, lex and parse the NetMigrate program (after includes),
// cold (first parse in the process, parser construction included) and warm (median of runs),
// then a large program made of many copies of it, in lines and tokens per second.

import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink } from '../compiler/diagnostics/index.js';
import { parseP4 } from '../compiler/parser/index.js';
import { p4Lexer } from '../compiler/parser/tokens.js';
import { preprocessFile, targetDefines } from '../compiler/preprocess/index.js';
import { formatRate, median } from './machine.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const program = join(root, 'p4', 'netmigrate.p4');

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const ppSink = new DiagnosticSink();
let text = '';
const coldPreprocess = timeIt(() => {
  const pp = preprocessFile(program, { defines: targetDefines('tna') }, ppSink);
  text = pp?.text ?? '';
});
if (ppSink.hasErrors() || text === '') {
  process.stderr.write('the NetMigrate program does not preprocess cleanly; fix that first\n');
  process.exit(1);
}
const lines = lineCount(text);
const tokens = p4Lexer.tokenize(text).tokens.length;

const coldParse = timeIt(() => parseP4(text, new DiagnosticSink()));
const runs = 30;
const warmPre: number[] = [];
const warmLex: number[] = [];
const warmParse: number[] = [];
for (let i = 0; i < runs; i++) {
  warmPre.push(timeIt(() => preprocessFile(program, { defines: targetDefines('tna') }, new DiagnosticSink())));
  warmLex.push(timeIt(() => p4Lexer.tokenize(text)));
  warmParse.push(timeIt(() => parseP4(text, new DiagnosticSink())));
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
process.stdout.write(`p4/netmigrate.p4 after includes: ${lines} lines, ${tokens} tokens\n`);
process.stdout.write(
  `  cold: preprocess ${ms(coldPreprocess)}, lex+parse ${ms(coldParse)} (parser construction included)\n`,
);
process.stdout.write(
  `  warm (median of ${runs}): preprocess ${ms(median(warmPre))}, lex ${ms(median(warmLex))}, lex+parse ${ms(median(warmParse))}\n`,
);

// A large program: the same declarations many times over (the parser does not resolve names).
const copies = 40;
const big = Array.from({ length: copies }, () => text).join('\n');
const bigLines = lineCount(big);
const bigTokens = tokens * copies;
parseP4(big, new DiagnosticSink());
const bigRuns: number[] = [];
for (let i = 0; i < 5; i++) bigRuns.push(timeIt(() => parseP4(big, new DiagnosticSink())));
const t = median(bigRuns) / 1000;
process.stdout.write(
  `large program (${copies} copies, ${bigLines} lines): lex+parse ${ms(t * 1000)} → ${formatRate(bigLines / t)} lines, ${formatRate(bigTokens / t)} tokens\n`,
);
