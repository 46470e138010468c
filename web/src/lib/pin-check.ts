/**
 * Before a report with a map pin is sent: when the typed address names a street/town or community that does
 * not hold the pin (the pin in 渭塘镇 / 渭西村, the address saying 元和街道), the form asks which one is right.
 *
 *   if (!(await pinConfirmed(form.point, form.address))) return;   // "返回修改": the person fixes the form
 */
import { ElMessageBox } from 'element-plus';
import { api } from '../api/client';
import { i18n } from '../i18n';

/** True when the form may be sent: no pin or no address, they agree, or the person keeps the pin. */
export async function pinConfirmed(point: { lat: number; lon: number } | null, address: string): Promise<boolean> {
  const text = address.trim();
  if (!point || !text) return true;
  let check;
  try {
    check = await api.GET('/api/v1/areas/at', { params: { query: { ...point, address: text } } });
  } catch {
    // A pin outside the city, or the check unreachable: the registration itself answers for the pin.
    return true;
  }
  if (!check.disagreeing.length) return true;
  const { t } = i18n.global;
  const pin = [check.street?.name, check.community?.name].filter(Boolean).join(' / ');
  try {
    await ElMessageBox.confirm(
      t('pinCheck.question', { pin, address: check.disagreeing.join('、') }),
      t('pinCheck.title'),
      {
        type: 'warning',
        confirmButtonText: t('pinCheck.keepPin'),
        cancelButtonText: t('pinCheck.goBack'),
        customClass: 'pin-check',
      },
    );
    return true;
  } catch {
    return false;
  }
}
