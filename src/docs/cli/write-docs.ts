// `npm run docs`: regenerates docs/procedures.md and the README's flow diagram from the declarations.
import { readFile, writeFile } from 'node:fs/promises';
import { renderProcedureDocs, replaceReadmeDiagram } from '../procedure-docs.js';

await writeFile('docs/procedures.md', renderProcedureDocs());
await writeFile('README.md', replaceReadmeDiagram(await readFile('README.md', 'utf8')));
console.log('wrote docs/procedures.md and the diagram in README.md');
