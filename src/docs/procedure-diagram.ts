// A Mermaid flowchart of a procedure, written from its declaration: steps grouped by lane, the normal
// path, skips and send-backs.
import { displayValue } from '../forms/declarations.js';
import { LANE_LABELS } from '../workflow/lanes.js';
import type { ProcedureDecl, StepDecl } from '../workflow/types.js';

const nodeId = (step: StepDecl) => `s${step.code.replace(/\W/g, '')}`;
const label = (step: StepDecl) => `"${step.code}<br/>${step.title.replace(/"/g, "'")}"`;

export function procedureDiagram(procedure: ProcedureDecl): string {
  const lines = ['flowchart TD'];
  const lanes = [...new Set(procedure.steps.flatMap((s) => s.lanes))];
  for (const lane of lanes) {
    lines.push(`  subgraph ${lane}["${LANE_LABELS[lane]}"]`);
    for (const step of procedure.steps.filter((s) => s.lanes[0] === lane)) lines.push(`    ${nodeId(step)}[${label(step)}]`);
    lines.push('  end');
  }
  for (const step of procedure.steps.filter((s) => s.lanes.length === 0)) lines.push(`  ${nodeId(step)}([${label(step)}])`);

  procedure.steps.forEach((step, i) => {
    const next = procedure.steps[i + 1];
    if (!next || step.final) return;
    // The normal path: into the next step, or around it when the next step is conditional.
    lines.push(`  ${nodeId(step)} --> ${nodeId(next)}`);
    // A conditional run of steps (stage (2), or (4)-d) gets a dashed edge around it.
    if (next.onlyIf && !step.onlyIf) {
      let end = i + 1;
      while (procedure.steps[end]?.onlyIf === next.onlyIf) end++;
      const run = procedure.steps.slice(i + 1, end);
      const after = procedure.steps[end];
      const skipped = run.length > 1 ? `${run[0]!.code}〜${run.at(-1)!.code}` : next.code;
      if (after) lines.push(`  ${nodeId(step)} -. "${skipped} をスキップ" .-> ${nodeId(after)}`);
    }
    for (const action of step.actions) {
      const targets = action.to.kind === 'branch' ? Object.entries(action.to.branches).map(([value, b]) => [`${action.label}: ${displayValue(action.to.kind === 'branch' ? action.to.field : '', value)}`, b.to] as const) : [[action.label, action.to] as const];
      for (const [text, to] of targets) {
        if (to.kind !== 'step') continue;
        const target = procedure.steps.find((s) => s.code === to.code)!;
        lines.push(`  ${nodeId(step)} -. "${text}" .-> ${nodeId(target)}`);
      }
    }
  });
  return lines.join('\n');
}
