import type { Lane } from './types.js';

/** The seed's name of each lane, as people at the agency say it. */
export const LANE_LABELS: Record<Lane, string> = {
  applicant: '申請事業者',
  agency: 'デジタル庁',
  operator: '運用・保守事業者',
  test_lab: 'デジタル庁指定事業者',
};
