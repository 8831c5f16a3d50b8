// Preloaded into a child that does not watch its parent itself (`node --import
// …/exit-with-parent.js dist/bin/p4ts.js switch …`): when the orchestrator is gone (its end of
// our stdin closes, even after a SIGKILL), the child gets SIGTERM and shuts down cleanly.

import { exitWithParent } from './child-lifeline.js';

exitWithParent(() => process.kill(process.pid, 'SIGTERM'));
