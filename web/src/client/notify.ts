import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { MEANING } from '../theme';

/** A notification that says what happened, its close button named (axe: button-name). */
export function useNotify() {
  const { t } = useTranslation('client');
  return (message: string, opts: { title?: string; failed?: boolean } = {}) =>
    notifications.show({
      message,
      title: opts.title,
      color: opts.failed ? MEANING.refused : MEANING.ok,
      closeButtonProps: { 'aria-label': t('case.close') },
    });
}
