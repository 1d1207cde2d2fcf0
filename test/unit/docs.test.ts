// The generated documents must match the declarations: edit a step, run `npm run docs`.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { procedureDiagram } from '../../src/docs/procedure-diagram.js';
import { renderProcedureDocs, replaceReadmeDiagram } from '../../src/docs/procedure-docs.js';
import { usageProcedure } from '../../src/workflow/procedures/usage.js';

describe('generated documents', () => {
  it('docs/procedures.md is up to date (run `npm run docs`)', async () => {
    expect(await readFile('docs/procedures.md', 'utf8')).toBe(renderProcedureDocs());
  });

  it('the README embeds the current usage diagram (run `npm run docs`)', async () => {
    const readme = await readFile('README.md', 'utf8');
    expect(replaceReadmeDiagram(readme)).toBe(readme);
  });

  it('draws every step, the KRL skip and the send-backs of the usage flow', () => {
    const diagram = procedureDiagram(usageProcedure);
    for (const step of usageProcedure.steps) expect(diagram).toContain(`${step.code}<br/>${step.title}`);
    expect(diagram).toContain('s4c -. "(4)-d をスキップ" .-> s4e');
    expect(diagram).toContain('s2c -. "差し戻す" .-> s2a');
  });
});
