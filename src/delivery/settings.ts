/** Which channel reaches a jurisdiction's residents: its settings (`settings.delivery` of the jurisdiction). */
import { z } from 'zod';

export const SMS_CHANNELS = ['log', 'aliyun', 'tencent', 'off'] as const;
export const EMAIL_CHANNELS = ['log', 'smtp', 'off'] as const;

export const DeliverySettings = z.object({
  sms: z.enum(SMS_CHANNELS),
  email: z.enum(EMAIL_CHANNELS),
});
export type DeliverySettings = z.infer<typeof DeliverySettings>;

/** Development's default: both written to the log. */
export const DEFAULT_SETTINGS: DeliverySettings = { sms: 'log', email: 'log' };

export function deliverySettings(settings: Record<string, unknown> | null | undefined): DeliverySettings {
  const parsed = DeliverySettings.safeParse(settings?.delivery);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
