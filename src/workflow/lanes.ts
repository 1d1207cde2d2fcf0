import type { Lane } from './types.js';

/** The seed's name of each lane, as people at the agency say it. */
export const LANE_LABELS: Record<Lane, string> = {
  applicant: '申請事業者',
  agency: 'デジタル庁',
  operator: '運用・保守事業者',
  test_lab: 'デジタル庁指定事業者',
};

/** The lanes that people of the desk's role lists act in; the applicant's lane is the requester's. */
export type StaffLane = Exclude<Lane, 'applicant'>;

/**
 * Who holds each staffed lane, as configured: Slack user IDs (U…, W…) and user-group IDs (S…). Views
 * take it as input and name these people; they never see where it was configured.
 */
export type LaneHolders = Record<StaffLane, readonly string[]>;

export const STAFF_LANES: readonly StaffLane[] = ['agency', 'operator', 'test_lab'];
