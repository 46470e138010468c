import type { EvidenceType } from './files.js';

export const presentEvidence = (
  projectId: number,
  f: {
    id: number;
    milestone_seq: number;
    content_type: EvidenceType;
    size_bytes: number;
    uploaded_by_label: string;
    created_at: Date;
  },
) => ({
  id: Number(f.id),
  milestone_seq: f.milestone_seq,
  content_type: f.content_type,
  size_bytes: f.size_bytes,
  uploaded_by: f.uploaded_by_label,
  url: `/api/v1/projects/${projectId}/milestones/${f.milestone_seq}/evidence/${f.id}`,
  created_at: f.created_at.toISOString(),
});
