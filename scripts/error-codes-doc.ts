// Writes docs/errors.md from the registry of error codes (src/server/http/error-codes.ts).
import { writeFileSync } from 'node:fs';
import { renderErrorCodesDoc } from '../src/server/http/error-codes-doc.ts';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorCodesDoc());
console.log('docs/errors.md written');
