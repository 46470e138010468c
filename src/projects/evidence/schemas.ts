import { z } from 'zod';
import { binary, Instant, itemsOf } from '../../http/responses.js';
import { IdParams } from '../../http/inputs.js';
import { EVIDENCE_TYPES } from './files.js';

export const MilestoneParams = IdParams.extend({ seq: z.coerce.number().int().positive() });
export const EvidenceParams = MilestoneParams.extend({ fileId: z.coerce.number().int().positive() });

export const EvidenceFile = z
  .strictObject({
    id: z.number().int(),
    milestone_seq: z.number().int(),
    content_type: z.enum(EVIDENCE_TYPES),
    size_bytes: z.number().int(),
    /** Who uploaded it (a staff member's name). */
    uploaded_by: z.string(),
    /** Where the file itself is read. */
    url: z.string(),
    created_at: Instant,
  })
  .meta({ id: 'MilestoneEvidenceFile' });
export const EvidenceList = itemsOf(EvidenceFile);
export const EvidenceContent = binary('*/*', 'The evidence file (JPEG, PNG, WebP or PDF)');
