// The complete P4_16 grammar, assembled from its layers (base → expressions → annotations and
// keysets → types → statements → tables → parsers and controls → declarations). One instance is
// created per process and reused (chevrotain's advice).

import { p4ErrorMessageProvider } from './error-messages.js';
import { DeclarationGrammar } from './grammar-declarations.js';

export class P4Parser extends DeclarationGrammar {
  constructor() {
    super(p4ErrorMessageProvider);
    this.performSelfAnalysis();
  }
}
