/** What a milestone's evidence file may be (佐证材料), checked by its first bytes rather than by what the client claims. */
import { sniffImage } from '../../attachments/images.js';

export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
export const MAX_FILES_PER_MILESTONE = 10;

/** The evidence type the bytes really are, or null when they are none of the accepted kinds. */
export function sniffEvidence(bytes: Uint8Array): EvidenceType | null {
  const image = sniffImage(bytes);
  if (image) return image;
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
  return bytes.length >= pdf.length && pdf.every((b, i) => bytes[i] === b) ? 'application/pdf' : null;
}
