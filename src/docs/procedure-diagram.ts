// A Mermaid flowchart of a procedure, written from its declaration: steps grouped by lane, the normal
// path, skips and send-backs.
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
    if (next.onlyIf) {
      const after = procedure.steps[i + 2];
      if (after) lines.push(`  ${nodeId(step)} -. "${next.code} をスキップ" .-> ${nodeId(after)}`);
    }
    for (const action of step.actions) {
      if (action.to.kind === 'step') {
        const target = procedure.steps.find((s) => action.to.kind === 'step' && s.code === action.to.code)!;
        lines.push(`  ${nodeId(step)} -. "${action.label}" .-> ${nodeId(target)}`);
      }
    }
  });
  return lines.join('\n');
}
