import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A short confirmation in the corner, its close button named (axe: button-name). */
export function notify(message: string): void {
  notifications.show({ message, color: 'teal.9', closeButtonProps: { 'aria-label': i18n.t('agent:close') } });
}
